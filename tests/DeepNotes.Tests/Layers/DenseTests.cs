using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Layers;

public class DenseTests
{
    [Fact]
    public void Forward_EqualsHandComputedAffineMap()
    {
        var dense = new Dense(3, 2, dtype: DType.Float64);
        using (Autograd.NoGrad())
        {
            dense.Weight.CopyFrom(Tensor.FromArray(new double[,] { { 1, 2, 3 }, { -1, 0, 0.5 } }));
            dense.Bias!.CopyFrom(Tensor.FromArray(new[] { 0.5, -2.0 }));
        }
        var x = Tensor.FromArray(new double[,] { { 1, 1, 1 }, { 2, 0, -2 } });
        Assert.Equal([6.5, -2.5, -3.5, -5], dense.Forward(x).ToArray<double>());
    }

    [Fact]
    public void Forward_Float32_MatchesMathNetReference_OnBatchedInput()
    {
        var g = new Generator(11);
        var dense = new Dense(37, 19, generator: g);
        var x = Tensor.Randn([2, 5, 37], generator: g);
        var y = dense.Forward(x);
        Assert.Equal([2, 5, 19], y.Shape.ToArray());
        var w = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(19, 37, dense.Weight.ToArray<float>().Select(v => (double)v));
        var xm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfRowMajor(10, 37, x.ToArray<float>().Select(v => (double)v));
        var expected = xm * w.Transpose();
        float[] b = dense.Bias!.ToArray<float>(), actual = y.ToArray<float>();
        for (int r = 0; r < 10; r++)
            for (int c = 0; c < 19; c++)
                Assert.Equal(expected[r, c] + b[c], actual[r * 19 + c], 4);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PassesGradCheck_ForInputWeightAndBias(bool bias)
    {
        var g = new Generator(3);
        var dense = new Dense(5, 4, bias, DType.Float64, g);
        var x = Tensor.Randn([2, 3, 5], DType.Float64, g, requiresGrad: true);
        var inputs = bias ? new[] { x, dense.Weight, dense.Bias! } : [x, dense.Weight];
        GradCheck.Check(_ => dense.Forward(x), inputs);
        // a transposed (non-contiguous) input
        var xt = Tensor.Randn([5, 3], DType.Float64, g).T.Detach();
        xt.RequiresGrad = true;
        GradCheck.Check(i => Functional.Linear(i[0], i[1], bias ? i[2] : null), bias ? [xt, dense.Weight, dense.Bias!] : [xt, dense.Weight]);
    }

    [Fact]
    public void DefaultInit_IsPyTorchs_UniformWithinOneOverSqrtFanIn()
    {
        var dense = new Dense(400, 300, generator: new Generator(1));
        double bound = 1 / Math.Sqrt(400);
        float[] w = dense.Weight.ToArray<float>(), b = dense.Bias!.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(b, v => Assert.InRange(v, -bound, bound));
        // U(−a, a) has variance a²/3
        double var = w.Select(v => (double)v * v).Average();
        Assert.InRange(var, 0.95 * bound * bound / 3, 1.05 * bound * bound / 3);
        Assert.Equal(120_300, dense.ParameterCount());
    }

    [Fact]
    public void WrongInputShape_NamesExpectedAndActual()
    {
        var dense = new Dense(784, 10);
        var ex = Assert.Throws<ArgumentException>(() => dense.Forward(Tensor.Zeros([32, 28, 28])));
        Assert.Contains("Dense(784 -> 10) expects input [*, 784], got [32, 28, 28]", ex.Message);
        Assert.Contains("Float64", Assert.Throws<ArgumentException>(() => dense.Forward(Tensor.Zeros([2, 784], DType.Float64))).Message);
    }

    [Fact]
    public void EmptyBatch_AndZeroFeatures_Work()
    {
        var dense = new Dense(3, 2);
        Assert.Equal([0, 2], dense.Forward(Tensor.Zeros([0, 3])).Shape.ToArray());
        var none = new Dense(0, 2);
        Assert.Equal(none.Bias!.ToArray<float>(), none.Forward(Tensor.Zeros([1, 0])).ToArray<float>());
    }
}

public class SequentialGradTests
{
    [Fact]
    public void MlpInFloat64_PassesGradCheck_ForInputAndEveryParameter()
    {
        var g = new Generator(21);
        var model = new Sequential(new Flatten(), new Dense(6, 5, generator: g), new Tanh(), new Dense(5, 4, generator: g), new Sigmoid(), new Dense(4, 3, generator: g));
        model.To(DType.Float64);
        var x = Tensor.Randn([2, 2, 3], DType.Float64, g, requiresGrad: true);
        GradCheck.Check(_ => model.Forward(x), [x, .. model.Parameters()]);
    }
}

public class LinearBadInputTests
{
    [Fact]
    public void FunctionalLinear_NamesExpectedAndActual_ForEveryMisfit()
    {
        var x = Tensor.Zeros([2, 3]);
        Assert.Contains("weight must be [out, in], got [3]",
            Assert.Throws<ArgumentException>(() => Functional.Linear(x, Tensor.Zeros([3]))).Message);
        Assert.Contains("input [*, 4] expected for weight [5, 4], got [2, 3]",
            Assert.Throws<ArgumentException>(() => Functional.Linear(x, Tensor.Zeros([5, 4]))).Message);
        Assert.Contains("bias [5] expected for weight [5, 3], got [3]",
            Assert.Throws<ArgumentException>(() => Functional.Linear(x, Tensor.Zeros([5, 3]), Tensor.Zeros([3]))).Message);
        Assert.Contains("Float64",
            Assert.Throws<ArgumentException>(() => Functional.Linear(x, Tensor.Zeros([5, 3], DType.Float64))).Message);
        Assert.Contains("Int32",
            Assert.Throws<ArgumentException>(() => Functional.Linear(Tensor.Zeros([2, 3], DType.Int32), Tensor.Zeros([5, 3], DType.Int32))).Message);
    }
}
