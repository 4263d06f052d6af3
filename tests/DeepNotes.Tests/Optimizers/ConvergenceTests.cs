using DeepNotes;
using DeepNotes.Optimizers;

namespace DeepNotes.Tests.Optimizers;

/// <summary>Every optimizer lowers the loss of a small linear regression, built from tensor ops and autograd, in 5 steps.</summary>
public class ConvergenceTests
{
    public static TheoryData<string, DType> Cases()
    {
        var data = new TheoryData<string, DType>();
        foreach (var name in OptimizerBehaviourTests.Names)
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                data.Add(name, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FiveSteps_LowerTheLoss(string name, DType dtype)
    {
        var gen = new Generator(7);
        var x = Tensor.Randn([32, 3], dtype, gen);
        var trueW = Tensor.FromArray(new[] { 1.5, -2.0, 0.5 }, new Shape(3, 1)).To(dtype);
        var y = x.MatMul(trueW) + 0.3;
        var w = Tensor.Zeros([3, 1], dtype, requiresGrad: true);
        var b = Tensor.Zeros([1], dtype, requiresGrad: true);
        var optimizer = OptimizerBehaviourTests.Make(name, [w, b], 0.05);

        Tensor Loss() => ((x.MatMul(w) + b - y).Pow(2)).Mean();
        double initial = Loss().Item();
        var losses = new List<double>();
        for (int step = 0; step < 5; step++)
        {
            optimizer.ZeroGrad();
            var loss = Loss();
            loss.Backward();
            optimizer.Step();
            losses.Add(Loss().Item());
        }
        Assert.True(losses[^1] < initial * 0.999, $"{name} {dtype}: loss went {initial} -> {string.Join(", ", losses)}");
        Assert.All(losses, l => Assert.True(double.IsFinite(l)));
    }
}
