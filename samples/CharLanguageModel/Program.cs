using System.Diagnostics;
using System.Globalization;
using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Optimizers;

// A character-level LSTM language model on Jane Austen's "Persuasion" (public domain; see README.md).
// Truncated backpropagation through time: the text is cut into BatchSize parallel streams; each step trains on the
// next SequenceLength characters of every stream, starting from the (detached) state the previous step ended in.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = Options.Parse(args);
if (options is null) return 2;
if (options.Threads is int threads) Parallelism.ThreadCount = threads;

string path = options.DataPath ?? Path.Combine(AppContext.BaseDirectory, "data", "persuasion.txt");
string text = File.ReadAllText(path);
char[] vocabulary = text.Distinct().Order().ToArray();
var index = vocabulary.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
int[] ids = text.Select(c => index[c]).ToArray();
int split = (int)(ids.Length * 0.9);
int[] train = ids[..split], valid = ids[split..];
Console.WriteLine($"{Path.GetFileName(path)}: {text.Length:N0} characters, vocabulary {vocabulary.Length}; train {train.Length:N0}, validation {valid.Length:N0}");

var generator = new Generator(options.Seed);
var model = new CharModel(vocabulary.Length, options.EmbeddingDim, options.Hidden, options.Layers, options.Dropout, generator);
var optimizer = new Adam(model.Parameters(), learningRate: options.LearningRate);
Console.WriteLine($"model: Embedding({vocabulary.Length}, {options.EmbeddingDim}) -> Lstm({options.EmbeddingDim}, {options.Hidden}, layers {options.Layers}) -> Dense({options.Hidden}, {vocabulary.Length}); {model.ParameterCount():N0} parameters");

int stepsPerEpoch = Math.Max(1, (train.Length / options.BatchSize - 1) / options.SequenceLength);
int totalSteps = options.Steps ?? options.Epochs * stepsPerEpoch;
Console.WriteLine($"batch {options.BatchSize} x {options.SequenceLength} characters, {stepsPerEpoch} steps per epoch, {totalSteps} steps, Adam lr {options.LearningRate}, clip {options.ClipNorm}");

var clock = Stopwatch.StartNew();
LstmState? state = null;
double lossSum = 0;
int lossCount = 0, epoch = 0;
for (int step = 0; step < totalSteps; step++)
{
    int offset = step % stepsPerEpoch;
    if (offset == 0) state = null;   // a new pass over the streams starts from zero states
    var (inputs, targets) = Batches.Chunk(train, options.BatchSize, options.SequenceLength, offset);
    model.Train();
    optimizer.ZeroGrad();
    var (logits, next) = model.Call((inputs, state));
    Tensor loss = Functional.CrossEntropy(logits.Reshape(-1, vocabulary.Length), targets.Reshape(-1));
    loss.Backward();
    GradientClipping.ClipByGlobalNorm(model.Parameters(), options.ClipNorm);
    optimizer.Step();
    state = new LstmState(next.H.Detach(), next.C.Detach());   // truncate BPTT at the chunk boundary
    lossSum += loss.Item();
    lossCount++;

    bool epochEnd = offset == stepsPerEpoch - 1, last = step == totalSteps - 1;
    if (epochEnd || last)
    {
        if (epochEnd) epoch++;
        double validLoss = Evaluate(model, valid, options.BatchSize, options.SequenceLength, vocabulary.Length);
        string label = epochEnd ? $"epoch {epoch}" : "end";
        Console.WriteLine($"{label,-9} step {step + 1,5}: train loss {lossSum / lossCount:F3}  validation loss {validLoss:F3}  " +
            $"perplexity {Math.Exp(validLoss):F2}  ({clock.Elapsed.TotalSeconds:F0} s, {clock.Elapsed.TotalMilliseconds / (step + 1):F0} ms/step)");
        lossSum = 0;
        lossCount = 0;
    }
}

Console.WriteLine($"\nsample (temperature {options.Temperature}):\n");
Console.WriteLine(Sampling.Generate(model, options.Prompt, options.GenerateLength, options.Temperature, index, vocabulary, generator));
return 0;

// Mean cross-entropy (nats per character) over the validation text, in evaluation mode, state carried across chunks.
static double Evaluate(CharModel model, int[] ids, int batch, int length, int vocabulary)
{
    model.Eval();
    int streams = Math.Max(1, Math.Min(batch, ids.Length / (length + 1)));
    int chunks = Math.Max(1, (ids.Length / streams - 1) / length);
    double sum = 0;
    LstmState? state = null;
    using (Autograd.NoGrad())
    {
        for (int k = 0; k < chunks; k++)
        {
            var (inputs, targets) = Batches.Chunk(ids, streams, length, k);
            var (logits, next) = model.Call((inputs, state));
            sum += Functional.CrossEntropy(logits.Reshape(-1, vocabulary), targets.Reshape(-1)).Item();
            state = next;
        }
    }
    model.Train();
    return sum / chunks;
}
