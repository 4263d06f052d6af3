using DeepNotes;

namespace DeepNotes.Tests.Activations;

/// <summary>
/// The gradient conventions at the kinks (pinned to PyTorch, see reference/activations_reference.py for the same
/// cases computed by torch), finite results at ±1e4 and beyond, stable (log-)softmax, empty tensors and NaN handling.
/// </summary>
public class KinkAndStabilityTests
{
    private static double[] GradientAt(Func<Tensor, Tensor> f, double[] points, DType dtype = DType.Float64)
    {
        var x = Tensor.FromArray(points).To(dtype);
        x.RequiresGrad = true;
        f(x).Sum().Backward();
        return x.Grad!.ToArray<double>();
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void KinkGradients_FollowPyTorch(DType dtype)
    {
        Assert.Equal(new[] { 0.0, 0, 1 }, GradientAt(x => x.Relu(), [-1, 0, 1], dtype));                 // relu'(0) = 0
        Assert.Equal(new[] { 0.0, 0, 1, 0, 0 }, GradientAt(x => x.Relu6(), [-1, 0, 3, 6, 7], dtype));      // 0 at 0 and at 6
        Assert.Equal(new[] { 0.1f, 0.1f, 1.0f }, GradientAt(x => x.LeakyRelu(0.1), [-1, 0, 1], dtype).Select(v => (float)v));
        Assert.Equal(new[] { 0.5, 1 }, GradientAt(x => x.Elu(0.5), [0, 1], dtype));                       // elu'(0) = α
        Assert.Equal(new[] { 0.0, 0, 0, 0 }, GradientAt(x => x.Sign(), [-2, 0, 1e-30, 3], dtype));        // zero everywhere
        var w = Tensor.FromArray(new[] { 0.25 }).To(dtype);
        Assert.Equal(new[] { 0.25, 0.25, 1 }, GradientAt(x => Functional.PRelu(x, w), [-1, 0, 1], dtype)); // like leaky
    }

    [Fact]
    public void SmoothActivations_GradientsAtZero_AreTheTextbookValues()
    {
        Assert.Equal(0.25, GradientAt(x => x.Sigmoid(), [0])[0]);
        Assert.Equal(1.0, GradientAt(x => x.Tanh(), [0])[0]);
        Assert.Equal(0.5, GradientAt(x => x.Gelu(), [0])[0]);
        Assert.Equal(0.5, GradientAt(x => x.Gelu(GeluApproximation.Tanh), [0])[0]);
        Assert.Equal(0.5, GradientAt(x => x.Softplus(), [0])[0]);
        Assert.Equal(0.5, GradientAt(x => x.Softplus(beta: 3), [0])[0]); // sigmoid(β·0) = ½ for any β
    }

    public static TheoryData<string, DType> AllElementwise()
    {
        var data = new TheoryData<string, DType>();
        foreach (var name in new[] { "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Gelu", "GeluTanh", "Softplus", "Softplus2", "Relu6", "Sign" })
        {
            data.Add(name, DType.Float64);
            data.Add(name, DType.Float32);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllElementwise))]
    public void ExtremeInputs_GiveFiniteValuesAndGradients(string name, DType dtype)
    {
        double[] points = [-1e4, -1e3, -100, -88.5, -50, 50, 88.5, 100, 1e3, 1e4, -3e38, 3e38];
        var x = Tensor.FromArray(points).To(dtype);
        x.RequiresGrad = true;
        var y = GradCheckTests.Function(name)(x);
        ActivationAssert.Finite(y);
        y.Sum().Backward();
        ActivationAssert.Finite(x.Grad!);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Saturation_IsExact(DType dtype)
    {
        var x = Tensor.FromArray(new[] { -1e4, 1e4 }).To(dtype);
        Assert.Equal(new[] { 0.0, 1 }, x.Sigmoid().ToArray<double>());
        Assert.Equal(new[] { -1.0, 1 }, x.Tanh().ToArray<double>());
        Assert.Equal(new[] { 0.0, 1e4 }, x.Softplus().ToArray<double>());
        Assert.Equal(new[] { 0.0, 1e4 }, x.Gelu().ToArray<double>().Select(v => v + 0.0)); // −0 from x·Φ(x) counts as 0
        Assert.Equal(new[] { 0.0, 1e4 }, x.Gelu(GeluApproximation.Tanh).ToArray<double>().Select(v => v + 0.0));
        Assert.Equal(new[] { -1.0, 1e4 }, x.Elu().ToArray<double>());
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void LogSoftmax_OfWidelySpreadLogits_IsExact(DType dtype)
    {
        var x = Tensor.FromArray(new[] { 1.0, 2, 3000 }).To(dtype);
        Assert.Equal(new[] { -2999.0, -2998, 0 }, x.LogSoftmax(0).ToArray<double>());
        Assert.Equal(new[] { 0.0, 0, 1 }, x.Softmax(0).ToArray<double>());
        // the same along a non-last axis (the column kernel)
        var col = x.Reshape(3, 1);
        Assert.Equal(new[] { -2999.0, -2998, 0 }, col.LogSoftmax(0).ToArray<double>());
    }

    [Theory]
    [InlineData(DType.Float64, 1e-15)]
    [InlineData(DType.Float32, 1e-7)]
    public void LogSoftmax_AtLargeMagnitudes_KeepsTheSmallDifferences(DType dtype, double tol)
    {
        // (x − max) − log Σ, not x − (max + log Σ): the latter rounds to the ulp of 1e4 (5e-4 in float32)
        foreach (var x in new[] { Tensor.FromArray(new[] { 1e4, 1e4 }).To(dtype), Tensor.FromArray(new[] { 1e4, 1e4 }, new Shape(2, 1)).To(dtype) })
        {
            var y = x.LogSoftmax(0).ToArray<double>();
            Assert.Equal(-Math.Log(2), y[0], tol);
            Assert.Equal(-Math.Log(2), y[1], tol);
        }
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Softmax_AtPlusMinus1e4_IsFiniteAndNormalised(DType dtype)
    {
        var x = Tensor.FromArray(new double[,] { { -1e4, 1e4, 0 }, { 1e4, 1e4, -1e4 } }).To(dtype);
        x.RequiresGrad = true;
        foreach (int axis in new[] { 0, 1 })
        {
            var s = x.Softmax(axis);
            ActivationAssert.Finite(s);
            ActivationAssert.Finite(x.LogSoftmax(axis));
            var sums = s.Sum(axis).ToArray<double>();
            Assert.All(sums, v => Assert.Equal(1.0, v, 6));
            (s * Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }).To(dtype)).Sum().Backward();
            ActivationAssert.Finite(x.Grad!);
            x.Grad = null;
        }
        Assert.Equal(new[] { 0.0, 1, 0, 0.5, 0.5, 0 }, x.Softmax(1).ToArray<double>());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0,3")]
    [InlineData("3,0")]
    [InlineData("2,0,4")]
    public void EmptyTensors_AndSizeZeroAxes_DoNotCrash(string shape)
    {
        int[] dims = shape.Split(',').Select(int.Parse).ToArray();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Tensor.Zeros(dims, dtype, requiresGrad: true);
            for (int axis = -dims.Length; axis < dims.Length; axis++)
            {
                var y = x.Softmax(axis) + x.LogSoftmax(axis);
                Assert.Equal(x.Shape, y.Shape);
                y.Sum().Backward();
                Assert.Equal(x.Shape, x.Grad!.Shape);
            }
            foreach (var name in new[] { "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Gelu", "GeluTanh", "Softplus", "Relu6", "Sign" })
            {
                var y = GradCheckTests.Function(name)(x);
                Assert.Equal(x.Shape, y.Shape);
                y.Sum().Backward();
            }
            var w = Tensor.FromArray(new[] { 0.25 }).To(dtype);
            w.RequiresGrad = true;
            Functional.PRelu(x, w).Sum().Backward();
            Assert.Equal(0.0, w.Grad!.Item());
        }
    }

    [Fact]
    public void ZeroDimensional_Inputs_Work()
    {
        var x = Tensor.Scalar(-2.0, DType.Float64, requiresGrad: true);
        Assert.Equal(1.0, x.Softmax(0).Item());
        Assert.Equal(0.0, x.LogSoftmax(-1).Item());
        Assert.Equal(0.0, x.Relu().Item());
        Assert.Equal(-0.5, Functional.PRelu(x, Tensor.FromArray(new[] { 0.25 })).Item());
        x.Sigmoid().Backward();
        Assert.Equal(Math.Exp(-2) / Math.Pow(1 + Math.Exp(-2), 2), x.Grad!.Item(), 15);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void NaN_Handling_FollowsPyTorch(DType dtype)
    {
        var x = Tensor.FromArray(new[] { double.NaN }).To(dtype);
        Assert.True(double.IsNaN(x.Relu().Item()));
        Assert.True(double.IsNaN(x.Relu6().Item()));
        Assert.True(double.IsNaN(x.LeakyRelu().Item()));
        Assert.True(double.IsNaN(x.Sigmoid().Item()));
        Assert.True(double.IsNaN(x.Tanh().Item()));
        Assert.True(double.IsNaN(x.Elu().Item()));
        Assert.True(double.IsNaN(x.Gelu().Item()));
        Assert.True(double.IsNaN(x.Softplus().Item()));
        Assert.Equal(0.0, x.Sign().Item()); // torch.sign(nan) = 0 in PyTorch 1.13
        // a NaN output passes the ReLU gradient through, as torch's threshold_backward (NaN ≤ 0 is false)
        var xg = Tensor.FromArray(new[] { double.NaN }).To(dtype);
        xg.RequiresGrad = true;
        xg.Relu().Sum().Backward();
        Assert.Equal(1.0, xg.Grad!.Item());
    }

    [Fact]
    public void ReluBackward_IsOnePass_FromTheOutput_AndMatchesTheMask()
    {
        // a large non-multiple-of-16 tensor crosses the vector body, the padded tail and the parallel split
        int n = 3 * (1 << 16) + 13;
        var values = new double[n];
        var g = new Generator(5);
        for (int i = 0; i < n; i++) values[i] = i % 97 == 0 ? 0.0 : g.NextNormal();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Tensor.FromArray(values).To(dtype);
            x.RequiresGrad = true;
            var y = x.Relu();
            Assert.Equal("ReluBackward", y.GradFnName);
            var upstream = Tensor.Arange(n, dtype) * 0.5 - 7.0;
            y.Backward(upstream);
            var dx = x.Grad!.ToArray<double>();
            var up = upstream.ToArray<double>();
            var xv = x.ToArray<double>();
            for (int i = 0; i < n; i++)
                Assert.Equal(xv[i] > 0 ? up[i] : 0.0, dx[i]);
        }
    }
}
