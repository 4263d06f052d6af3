// PackageConsumer: uses DeepNotes exactly as a user of the NuGet package does, and fails loudly on a wrong value.
// Run by .ci/run after `dotnet pack`; exit code 0 and the last line "PackageConsumer OK" mean the package works.
using System.Reflection;
using DeepNotes;

int failures = 0;

void Expect(string what, double actual, double expected, double tolerance = 1e-5)
{
    bool ok = Math.Abs(actual - expected) <= tolerance;
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}: {actual} (expected {expected})");
    if (!ok) failures++;
}

// The README example: broadcasting, a reduction, Backward(), gradients read from Grad.
var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2], requiresGrad: true);
var w = Tensor.FromArray(new float[] { 0.5f, -1 }, [2], requiresGrad: true);
var y = (x * w).Sum(1);          // [2, 2] * [2] broadcasts to [2, 2]; row sums give [2]
var loss = y.Pow(2).Mean();      // a 0-dim tensor
loss.Backward();

// By hand: y = [1·0.5 − 2, 3·0.5 − 4] = [−1.5, −2.5]; loss = (2.25 + 6.25) / 2 = 4.25;
// dloss/dy = y; dloss/dx[i, j] = y[i]·w[j]; dloss/dw[j] = Σᵢ y[i]·x[i, j].
Expect("loss", loss.Item(), 4.25);
float[] gx = x.Grad!.ToArray<float>(), gw = w.Grad!.ToArray<float>();
Expect("dloss/dx[0, 0]", gx[0], -0.75);
Expect("dloss/dx[0, 1]", gx[1], 1.5);
Expect("dloss/dx[1, 0]", gx[2], -1.25);
Expect("dloss/dx[1, 1]", gx[3], 2.5);
Expect("dloss/dw[0]", gw[0], -9);
Expect("dloss/dw[1]", gw[1], -13);

// MatMul forward and backward: d(sum(A·B))/dA = 1·Bᵀ, i.e. every row of dA holds the row sums of B.
var a = Tensor.Randn([3, 4], requiresGrad: true);
var b = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, 8 } });
a.MatMul(b).Sum().Backward();
Expect("d sum(A·B)/dA[2, 3]", a.Grad!.ToArray<float>()[11], 15);

// No graph is recorded under NoGrad.
using (Autograd.NoGrad())
{
    var z = x * 2;
    if (z.RequiresGrad) { Console.WriteLine("FAIL NoGrad: the result requires grad"); failures++; }
    else Console.WriteLine("ok   NoGrad: nothing recorded");
}

// Errors name both shapes.
try
{
    Tensor.Zeros([2, 3]).MatMul(Tensor.Zeros([4, 5]));
    Console.WriteLine("FAIL MatMul of [2, 3] and [4, 5] did not throw"); failures++;
}
catch (ArgumentException e) when (e.Message.Contains("[2, 3]") && e.Message.Contains("[4, 5]"))
{
    Console.WriteLine($"ok   shape error: {e.Message}");
}

// GradCheck of a composite function in float64, as users check their own functions.
var p = Tensor.Randn([3, 5], DType.Float64, requiresGrad: true);
var q = Tensor.Rand([5], DType.Float64, requiresGrad: true);
bool passed = GradCheck.Check(t => (t[0] * t[1].Exp()).LogSumExp(1).Sum(), p, q);
Console.WriteLine($"{(passed ? "ok  " : "FAIL")} GradCheck of sum(logsumexp(p ⊙ exp(q), 1))");
if (!passed) failures++;

// A user-written optimizer (SignSgd.cs, on the public CustomOptimizer base) trains a small model under a schedule.
{
    var model = new DeepNotes.Layers.Sequential(new DeepNotes.Layers.Dense(3, 8, generator: new Generator(5)),
        new DeepNotes.Layers.Dense(8, 1, generator: new Generator(6)));
    var inputs = Tensor.Randn([32, 3], generator: new Generator(7));
    var targets = inputs.Narrow(1, 0, 1) * 2 - inputs.Narrow(1, 1, 1);
    var optimizer = new SignSgd(model.Parameters(), learningRate: 0.02);
    var schedule = new DeepNotes.Optimizers.Schedules.StepLR(optimizer, stepSize: 30, gamma: 0.5);
    double firstLoss = 0, lastLoss = 0;
    for (int step = 0; step < 80; step++)
    {
        optimizer.ZeroGrad();
        var trainLoss = (model.Forward(inputs) - targets).Pow(2).Mean();
        trainLoss.Backward();
        optimizer.Step();
        schedule.Step();
        if (step == 0) firstLoss = trainLoss.Item();
        lastLoss = trainLoss.Item();
    }
    bool trained = lastLoss < firstLoss * 0.5;
    Console.WriteLine($"{(trained ? "ok  " : "FAIL")} custom optimizer SignSgd: loss {firstLoss:G4} -> {lastLoss:G4}");
    if (!trained) failures++;
    var state = optimizer.GetState(model.Parameters().First());
    Expect("SignSgd state 'updates'", state["updates"].Item(), 80, 0);
    Expect("SignSgd learning rate after 80 scheduled steps", optimizer.LearningRate, 0.02 * 0.25, 1e-15);
}

string version = typeof(Tensor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
Console.WriteLine($"DeepNotes {version}");
if (failures > 0)
{
    Console.WriteLine($"PackageConsumer FAILED: {failures} check(s) wrong");
    return 1;
}
Console.WriteLine("PackageConsumer OK");
return 0;
