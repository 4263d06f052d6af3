using System.Text;
using DeepNotes;
using DeepNotes.Layers;

/// <summary>Text generation from the model by temperature sampling.</summary>
internal static class Sampling
{
    /// <summary>
    /// Feeds <paramref name="prompt"/>, then repeatedly draws the next character from softmax(logits / temperature)
    /// and feeds it back, carrying the LSTM state; returns the prompt and <paramref name="length"/> drawn characters.
    /// </summary>
    public static string Generate(CharModel model, string prompt, int length, double temperature,
        IReadOnlyDictionary<char, int> index, char[] vocabulary, Generator generator)
    {
        model.Eval();
        var text = new StringBuilder();
        LstmState? state = null;
        Tensor? logits = null;
        using (Autograd.NoGrad())
        {
            foreach (char c in prompt.Where(index.ContainsKey))
            {
                text.Append(c);
                (logits, state) = Step(model, index[c], state);
            }
            int next = logits is null ? generator.NextInt32(0, vocabulary.Length) : Draw(logits, temperature, generator);
            for (int i = 0; i < length; i++)
            {
                text.Append(vocabulary[next]);
                (logits, state) = Step(model, next, state);
                next = Draw(logits, temperature, generator);
            }
        }
        return text.ToString();
    }

    private static (Tensor Logits, LstmState State) Step(CharModel model, int id, LstmState? state)
    {
        var (logits, next) = model.Call((Tensor.FromArray(new[] { id }, [1, 1]), state));
        return (logits.Reshape(-1), next);
    }

    private static int Draw(Tensor logits, double temperature, Generator generator)
    {
        float[] p = (logits / temperature).Softmax(0).ToArray<float>();
        double u = generator.NextDouble(), sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += p[i];
            if (u < sum) return i;
        }
        return p.Length - 1;
    }
}
