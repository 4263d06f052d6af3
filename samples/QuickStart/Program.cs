// QuickStart: tensors, broadcasting, autograd and a gradient check in a few lines.
using DeepNotes;

Generator.ManualSeed(42);

// y = sum((x·W + b)²) for a batch of 4 inputs with 3 features and 2 outputs
var x = Tensor.Randn([4, 3]);
var w = Tensor.Randn([3, 2], requiresGrad: true);
var b = Tensor.Zeros([2], requiresGrad: true);
var y = (x.MatMul(w) + b).Pow(2).Sum();
y.Backward();

Console.WriteLine($"loss = {y.Item():F4}");
Console.WriteLine($"dL/dW = {w.Grad}");
Console.WriteLine($"dL/db = {b.Grad}");

// A few steps of plain gradient descent on a least-squares fit of W (bias ignored).
var target = Tensor.FromArray(new float[] { 1, -1, 2, 0.5f, 0, 3, -2, 1 }, [4, 2]);
for (int step = 0; step < 50; step++)
{
    w.Grad = null;
    var loss = (x.MatMul(w) - target).Pow(2).Mean();
    loss.Backward();
    using (Autograd.NoGrad()) w.AddInPlace(w.Grad!, alpha: -0.1);
    if (step % 10 == 0) Console.WriteLine($"step {step,2}: mse = {loss.Item():F5}");
}

// Verify a custom function's gradient the way every DeepNotes op is verified.
var a = Tensor.Randn([3, 5], DType.Float64, requiresGrad: true);
bool ok = GradCheck.Check(inputs => (inputs[0].Exp() / inputs[0].Exp().Sum(1, keepDim: true)).Log().Mean(), a);
Console.WriteLine($"GradCheck of log-softmax: {(ok ? "passed" : "failed")}");
