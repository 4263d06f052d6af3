using DeepNotes;
using DeepNotes.Kernels;

namespace DeepNotes.Tests.Activations;

/// <summary>
/// The Float32 path (vector kernels on float lanes or widened to double) against the Float64 path (precise scalar or
/// double vector kernels) on the same float-representable inputs, forward and backward; and the kernel driver's
/// padded tail and thread split, which must not change any element.
/// </summary>
public class Float32Tests
{
    public static TheoryData<string> Names => new()
    {
        "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Gelu", "GeluTanh", "Softplus", "Softplus2", "Relu6", "Sign",
    };

    /// <summary>Float-representable inputs over [−30, 30], denser near 0, plus extremes and tiny values.</summary>
    private static double[] Inputs()
    {
        var g = new Generator(0xF32);
        var v = new List<double>();
        for (int i = 0; i < 3000; i++) v.Add((float)((g.NextDouble() - 0.5) * 60));
        for (int i = 0; i < 1000; i++) v.Add((float)g.NextNormal());
        v.AddRange([0, 1e-30, -1e-30, 1e-8, -1e-8, 5.9, 6, 88.5, -88.5, 1e4, -1e4]);
        return v.Select(x => (double)(float)x).ToArray();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32_ForwardAndBackward_AgreeWithFloat64(string name)
    {
        var f = GradCheckTests.Function(name);
        double[] values = Inputs();
        var x64 = Tensor.FromArray(values, requiresGrad: true);
        var x32 = Tensor.FromArray(values.Select(v => (float)v).ToArray(), requiresGrad: true);
        var y64 = f(x64);
        var y32 = f(x32);
        Assert.Equal(DType.Float32, y32.DType);
        // sigmoid, tanh and exact GELU compute on float lanes (a few ulps: GELU's measured bound is 5.1, see
        // GeluFloatTests); leaky ReLU multiplies by the float slope (one ulp); the others compute in double and round
        // once (half an ulp); results below 2^−126 may be flushed to 0
        double allowed = name switch { "Sigmoid" or "Tanh" => 3, "Gelu" => 5.5, "LeakyRelu" => 1, _ => 0.55 };
        var e = y64.ToArray<double>();
        var a = y32.ToArray<double>();
        for (int i = 0; i < e.Length; i++)
        {
            bool flushed = Math.Abs(e[i]) < 1.1754943508222875e-38 && Math.Abs(a[i] - e[i]) <= 1.1754943508222875e-38;
            double ulps = MathKernelTests.Ulps(e[i], (float)a[i]);
            if (!flushed && !(ulps <= allowed))
                Assert.Fail($"{name}({values[i]:R}): float64 {e[i]:R}, float32 {a[i]:R} ({ulps:G3} ulp > {allowed})");
        }

        var upstream = Tensor.FromArray(values.Select((_, i) => 1.0 + (i % 7) * 0.25).ToArray());
        y64.Backward(upstream);
        y32.Backward(upstream.To(DType.Float32));
        var g64 = x64.Grad!.ToArray<double>();
        var g32 = x32.Grad!.ToArray<double>();
        double scale = g64.Max(Math.Abs);
        // backward from a saved float output (sigmoid, tanh) inherits the output's rounding: compare to the gradient scale
        for (int i = 0; i < g64.Length; i++)
            if (!(Math.Abs(g32[i] - g64[i]) <= 1e-6 * scale + 4e-7 * Math.Abs(g64[i])))
                Assert.Fail($"{name}' at x = {values[i]:R}: float64 {g64[i]:R}, float32 {g32[i]:R}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Float32_SoftmaxAndLogSoftmax_AgreeWithFloat64(int axis)
    {
        var g = new Generator(0x5F3);
        double[] values = Enumerable.Range(0, 6 * 37).Select(_ => (double)(float)(g.NextNormal() * 5)).ToArray();
        var x64 = Tensor.FromArray(values, new Shape(6, 37), requiresGrad: true);
        var x32 = Tensor.FromArray(values.Select(v => (float)v).ToArray(), new Shape(6, 37), requiresGrad: true);
        var w = Tensor.FromArray(values.Select((_, i) => Math.Sin(i)).ToArray(), new Shape(6, 37));
        ActivationAssert.Close(x64.Softmax(axis).ToArray<double>(), x32.Softmax(axis), rtol: 1e-5, atol: 1e-7);
        ActivationAssert.Close(x64.LogSoftmax(axis).ToArray<double>(), x32.LogSoftmax(axis), rtol: 1e-5, atol: 1e-5);
        (x64.LogSoftmax(axis) * w).Sum().Backward();
        (x32.LogSoftmax(axis) * w.To(DType.Float32)).Sum().Backward();
        ActivationAssert.Close(x64.Grad!.ToArray<double>(), x32.Grad!, rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void Float32_PRelu_AgreesWithFloat64()
    {
        var g = new Generator(0x9F3);
        double[] values = Enumerable.Range(0, 4 * 5 * 9).Select(_ => (double)(float)g.NextNormal()).ToArray();
        double[] slopes = [0.1, -0.2, 0.3, 0.05, 2.0];
        var x64 = Tensor.FromArray(values, new Shape(4, 5, 9), requiresGrad: true);
        var w64 = Tensor.FromArray(slopes, requiresGrad: true);
        var x32 = x64.Detach().To(DType.Float32);
        var w32 = w64.Detach().To(DType.Float32);
        x32.RequiresGrad = w32.RequiresGrad = true;
        ActivationAssert.Close(Functional.PRelu(x64, w64).ToArray<double>(), Functional.PRelu(x32, w32), rtol: 1e-7);
        Functional.PRelu(x64, w64).Sum().Backward();
        Functional.PRelu(x32, w32).Sum().Backward();
        ActivationAssert.Close(x64.Grad!.ToArray<double>(), x32.Grad!, rtol: 1e-7);
        ActivationAssert.Close(w64.Grad!.ToArray<double>(), w32.Grad!, rtol: 1e-5, atol: 1e-5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(3 * ActivationKernels.CostlyGrain + 5)]
    [InlineData(3 * ActivationKernels.CheapGrain + 7)]
    public void Driver_TailAndSplit_GiveEveryElementTheSameResult(int n)
    {
        // an element's result must not depend on where it sits (vector body, padded tail, another thread's range)
        var g = new Generator((ulong)n);
        var x = new float[n + 3];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(g.NextNormal() * 4);
        var y = new float[n];
        var gelu = new GeluOp();
        ActivationKernels.Map(x, 3, y, 0, n, gelu, ActivationKernels.CostlyGrain);
        var one = new float[1];
        for (int i = 0; i < n; i += Math.Max(1, n / 200))
        {
            ActivationKernels.Map<float, GeluOp>(x.AsSpan(3 + i, 1), one, gelu);
            Assert.Equal(one[0], y[i]);
        }
        var dx = new float[n];
        var up = new float[n + 1];
        for (int i = 0; i < up.Length; i++) up[i] = i % 5 - 2;
        ActivationKernels.Map(up, 1, x, 3, dx, 0, n, new ReluBackwardOp<float>(), ActivationKernels.CheapGrain);
        for (int i = 0; i < n; i++) Assert.Equal(x[3 + i] <= 0 ? 0f : up[1 + i], dx[i]);
        var d64 = new double[n];
        var x64 = x.Select(v => (double)v).ToArray();
        ActivationKernels.MapScalar(x64, 3, d64, 0, n, new SigmoidOp());
        for (int i = 0; i < n; i += Math.Max(1, n / 200)) Assert.Equal(1 / (1 + Math.Exp(-x64[3 + i])), d64[i]);
    }

    [Fact]
    public void LargeTensors_SplitOverThreads_MatchASingleThread()
    {
        int n = 5 * ActivationKernels.CheapGrain + 11;
        var x = Tensor.Randn([n], DType.Float32, new Generator(77));
        var s = Tensor.Randn([40, 4000], DType.Float32, new Generator(78));
        int saved = Parallelism.ThreadCount;
        Tensor[] parallel = [x.Sigmoid(), x.Relu(), x.Gelu(), s.Softmax(1), s.LogSoftmax(0)];
        Tensor[] serial;
        try
        {
            Parallelism.ThreadCount = 1;
            serial = [x.Sigmoid(), x.Relu(), x.Gelu(), s.Softmax(1), s.LogSoftmax(0)];
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
        for (int k = 0; k < parallel.Length; k++) Assert.Equal(serial[k].ToArray<float>(), parallel[k].ToArray<float>());
    }
}
