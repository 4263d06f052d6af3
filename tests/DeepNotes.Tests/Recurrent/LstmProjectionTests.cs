using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Serialization;
using static DeepNotes.Tests.Recurrent.FusedPathTests;
using static DeepNotes.Tests.Recurrent.TorchReferenceTests;

namespace DeepNotes.Tests.Recurrent;

/// <summary>
/// <see cref="Lstm"/> with PyTorch's <c>proj_size</c>: parameter names, shapes and counts and forward values against
/// PyTorch (reference/lstm_projection_reference.py, run with /usr/bin/python3, whose printed values are pasted below),
/// float64 gradient checks, the fused sequence op against the cell-by-cell reference path, argument errors, the
/// safetensors round trip and the Summary row.
/// </summary>
public class LstmProjectionTests
{
    private static Tensor Rand(int[] shape, Generator g) => Tensor.Randn(shape, DType.Float64, g, requiresGrad: true);

    private static Tensor Flat(params Tensor[] parts) => Tensor.Concat(parts.Select(p => p.Reshape(-1)).ToArray(), 0);

    public static TheoryData<bool, DType> Paths => TorchReferenceTests.Paths;

    [Fact]
    public void ParameterNamesAndShapes_AreTorchStateDict()
    {
        // Printed by the script from LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2).state_dict().
        (string, int[])[] expected =
        [
            ("weight_ih_l0", [20, 3]), ("weight_hh_l0", [20, 2]), ("bias_ih_l0", [20]), ("bias_hh_l0", [20]), ("weight_hr_l0", [2, 5]),
            ("weight_ih_l0_reverse", [20, 3]), ("weight_hh_l0_reverse", [20, 2]), ("bias_ih_l0_reverse", [20]), ("bias_hh_l0_reverse", [20]), ("weight_hr_l0_reverse", [2, 5]),
            ("weight_ih_l1", [20, 4]), ("weight_hh_l1", [20, 2]), ("bias_ih_l1", [20]), ("bias_hh_l1", [20]), ("weight_hr_l1", [2, 5]),
            ("weight_ih_l1_reverse", [20, 4]), ("weight_hh_l1_reverse", [20, 2]), ("bias_ih_l1_reverse", [20]), ("bias_hh_l1_reverse", [20]), ("weight_hr_l1_reverse", [2, 5]),
        ];
        var lstm = new Lstm(3, 5, numLayers: 2, bidirectional: true, projSize: 2);
        Assert.Equal(expected.Select(e => e.Item1), lstm.NamedParameters().Select(p => p.Name));
        Assert.Equal(expected.Select(e => e.Item2), lstm.NamedParameters().Select(p => p.Parameter.Shape.ToArray()));
        Assert.Same(lstm.NamedParameters().Single(p => p.Name == "weight_hr_l1_reverse").Parameter, lstm.WeightHr(1, reverse: true));
        Assert.Equal(2, lstm.ProjSize);
        Assert.Equal(2, lstm.OutputSize);

        // LSTM(3, 5, proj_size=2, bias=False): [('weight_ih_l0', [20, 3]), ('weight_hh_l0', [20, 2]), ('weight_hr_l0', [2, 5])]
        var noBias = new Lstm(3, 5, bias: false, projSize: 2);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "weight_hr_l0"], noBias.NamedParameters().Select(p => p.Name));
        Assert.Equal([[20, 3], [20, 2], [2, 5]], noBias.NamedParameters().Select(p => p.Parameter.Shape.ToArray()));
        Assert.Null(new Lstm(3, 5).WeightHr(0));
        Assert.DoesNotContain(new Lstm(3, 5).NamedParameters(), p => p.Name.StartsWith("weight_hr", StringComparison.Ordinal));
    }

    [Fact]
    public void ParameterCounts_MatchTorch()
    {
        // Torch's counts (printed by the script) and the closed form 4H·(d_x + P) + 8H + P·H per layer and direction.
        static long Count(int dx, int h, int p, bool bias = true) => 4L * h * (dx + p) + (bias ? 8L * h : 0) + (long)p * h;
        Assert.Equal(1460, new Lstm(10, 20, projSize: 5).ParameterCount());
        Assert.Equal(1460, Count(10, 20, 5));
        Assert.Equal(5840, new Lstm(10, 20, numLayers: 2, bidirectional: true, projSize: 5).ParameterCount());
        Assert.Equal(5840, 2 * Count(10, 20, 5) + 2 * Count(10, 20, 5));
        Assert.Equal(1500, new Lstm(10, 20, bias: false, projSize: 7).ParameterCount());
        Assert.Equal(1500, Count(10, 20, 7, bias: false));
    }

    [Fact]
    public void Init_EveryParameterIncludingWeightHr_IsUniformWithinOneOverSqrtHidden()
    {
        var lstm = new Lstm(10, 16, numLayers: 2, projSize: 12, generator: new Generator(3));
        double bound = 1 / Math.Sqrt(16);
        foreach (var (name, p) in lstm.NamedParameters())
        {
            float[] v = p.ToArray<float>();
            Assert.True(v.All(a => Math.Abs(a) <= bound), name);
            Assert.True(v.Max() > 0.8 * bound && v.Min() < -0.8 * bound, name);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TwoLayerBidirectionalBatchFirst_WithStates_MatchesTorch(bool fused, DType dtype)
    {
        var lstm = new Lstm(3, 5, numLayers: 2, batchFirst: true, bidirectional: true, projSize: 2, dtype: dtype) { UseFusedKernels = fused };
        TorchReferenceTests.Fill(lstm);
        var (output, state) = lstm.Call((TorchReferenceTests.X([2, 4, 3], dtype),
            new LstmState(TorchReferenceTests.H([4, 2, 2], dtype), TorchReferenceTests.C([4, 2, 5], dtype))));
        Near(ProjOutput, output, [2, 4, 4], Tol(dtype));
        Near(ProjHn, state.H, [4, 2, 2], Tol(dtype));
        Near(ProjCn, state.C, [4, 2, 5], Tol(dtype));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void NoBias_WithoutState_BatchedAndUnbatched_MatchTorch(bool fused, DType dtype)
    {
        var lstm = new Lstm(3, 5, bias: false, projSize: 3, dtype: dtype) { UseFusedKernels = fused };
        TorchReferenceTests.Fill(lstm);
        var (output, state) = lstm.Call(TorchReferenceTests.X([4, 2, 3], dtype));
        Near(NoBiasOutput, output, [4, 2, 3], Tol(dtype));
        Near(NoBiasHn, state.H, [1, 2, 3], Tol(dtype));
        Near(NoBiasCn, state.C, [1, 2, 5], Tol(dtype));
        var (o1, s1) = lstm.Call(TorchReferenceTests.X([4, 3], dtype));
        Near(UnbatchedOutput, o1, [4, 3], Tol(dtype));
        Near(UnbatchedHn, s1.H, [1, 3], Tol(dtype));
        Near(UnbatchedCn, s1.C, [1, 5], Tol(dtype));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void TwoLayerBidirectional_WithStates_GradCheck(bool batchFirst, bool fused)
    {
        var g = new Generator(40);
        var lstm = new Lstm(3, 4, numLayers: 2, batchFirst: batchFirst, bidirectional: true, projSize: 2, dtype: DType.Float64, generator: g)
        { UseFusedKernels = fused };
        Tensor x = Rand(batchFirst ? [2, 3, 3] : [3, 2, 3], g), h0 = Rand([4, 2, 2], g), c0 = Rand([4, 2, 4], g);
        GradCheck.Check(xs =>
        {
            var (o, s) = lstm.Call((xs[0], new LstmState(xs[1], xs[2])));
            return Flat(o, s.H, s.C);
        }, [x, h0, c0, .. lstm.Parameters()]);
    }

    // ------------------------------------------------------------------ fused sequence op = cell-by-cell reference path

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void FusedEqualsReference_WithStates(DType dtype, double tol)
    {
        var lstm = new Lstm(5, 19, numLayers: 2, bidirectional: true, projSize: 7, dtype: dtype, generator: new Generator(41));
        Tensor[] Inputs()
        {
            var g = new Generator(42);
            return [Tensor.Randn([6, 3, 5], dtype, g, requiresGrad: true), Tensor.Randn([4, 3, 7], dtype, g, requiresGrad: true),
                    Tensor.Randn([4, 3, 19], dtype, g, requiresGrad: true)];
        }
        Tensor Loss(Tensor[] xs) { var (o, s) = lstm.Call((xs[0], new LstmState(xs[1], xs[2]))); return Flat(o, s.H, s.C); }
        Same(Run(lstm, true, Inputs, Loss), Run(lstm, false, Inputs, Loss), tol);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FusedEqualsReference_WithoutState_BatchFirst(bool bias)
    {
        // A zero initial state skips the first recurrent product; only the input wants a gradient besides the parameters.
        var lstm = new Lstm(4, 6, numLayers: 2, bias: bias, batchFirst: true, bidirectional: true, projSize: 3, dtype: DType.Float64,
            generator: new Generator(43));
        Tensor[] Inputs() => [Tensor.Randn([2, 5, 4], DType.Float64, new Generator(44), requiresGrad: true)];
        Tensor Loss(Tensor[] xs) { var (o, s) = lstm.Call(xs[0]); return Flat(o, s.H, s.C); }
        Same(Run(lstm, true, Inputs, Loss), Run(lstm, false, Inputs, Loss), 1e-12);
    }

    [Fact]
    public void LargeEnoughToSplitGateKernelsOverThreads_FusedEqualsReference()
    {
        // N·H = 16·256 elements per step: the gate kernels run split over the worker threads (when there are several).
        var lstm = new Lstm(8, 256, projSize: 64, generator: new Generator(45));
        Tensor[] Inputs()
        {
            var g = new Generator(46);
            return [Tensor.Randn([3, 16, 8], generator: g, requiresGrad: true), Tensor.Randn([1, 16, 64], generator: g, requiresGrad: true),
                    Tensor.Randn([1, 16, 256], generator: g, requiresGrad: true)];
        }
        Tensor Loss(Tensor[] xs) { var (o, s) = lstm.Call((xs[0], new LstmState(xs[1], xs[2]))); return Flat(o, s.C); }
        Same(Run(lstm, true, Inputs, Loss), Run(lstm, false, Inputs, Loss), 2e-5);
    }

    // ------------------------------------------------------------------------------------------------ errors

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void ProjSize_NotSmallerThanHidden_Throws_NamingBoth(int projSize)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 5, projSize: projSize));
        Assert.Equal("projSize", e.ParamName);
        Assert.Contains("proj_size has to be smaller than hidden_size (5)", e.Message);
        Assert.Contains($"got {projSize}", e.Message);
    }

    [Fact]
    public void ProjSize_Negative_Throws_NamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 5, projSize: -1));
        Assert.Equal("projSize", e.ParamName);
        Assert.Contains("0 to disable the projection", e.Message);
        Assert.Contains("got -1", e.Message);
    }

    [Fact]
    public void WrongStateShapes_NameExpectedAndActual()
    {
        var lstm = new Lstm(3, 5, numLayers: 2, projSize: 2);
        var x = Tensor.Zeros([4, 2, 3]);
        // Torch: "Expected hidden[0] size (2, 2, 2), got [2, 2, 5]" — h_0 has proj_size features, c_0 hidden_size.
        var e = Assert.Throws<ArgumentException>(() => lstm.Call((x, new LstmState(Tensor.Zeros([2, 2, 5]), Tensor.Zeros([2, 2, 5])))));
        Assert.Contains("h_0 [2, 2, 2] (num_layers · directions, batch, proj_size)", e.Message);
        Assert.Contains("got [2, 2, 5]", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => lstm.Call((x, new LstmState(Tensor.Zeros([2, 2, 2]), Tensor.Zeros([2, 2, 2])))));
        Assert.Contains("c_0 [2, 2, 5] (num_layers · directions, batch, hidden_size)", e2.Message);
        Assert.Contains("got [2, 2, 2]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => lstm.Call((Tensor.Zeros([4, 3]), new LstmState(Tensor.Zeros([2, 5]), Tensor.Zeros([2, 5])))));
        Assert.Contains("h_0 [2, 2]", e3.Message);
        Assert.Contains("got [2, 5]", e3.Message);
        // The input of the second layer is proj_size wide: a state-free call works and has the projected widths.
        var (o, s) = lstm.Call(x);
        Assert.Equal([4, 2, 2], o.Shape.ToArray());
        Assert.Equal([2, 2, 2], s.H.Shape.ToArray());
        Assert.Equal([2, 2, 5], s.C.Shape.ToArray());
    }

    // ------------------------------------------------------------------------------------------------ serialization, summary

    [Fact]
    public void Safetensors_RoundTrip_ThenSameOutputs()
    {
        var source = new Lstm(3, 5, numLayers: 2, bidirectional: true, projSize: 2, dtype: DType.Float64, generator: new Generator(47));
        var destination = new Lstm(3, 5, numLayers: 2, bidirectional: true, projSize: 2, dtype: DType.Float64, generator: new Generator(48));
        SerializationTestHelpers.AssertRoundTrip(source, destination);
        var x = TorchReferenceTests.X([4, 2, 3]);
        Assert.Equal(source.Call(x).Output.ToArray<double>(), destination.Call(x).Output.ToArray<double>());
    }

    private sealed class Classifier : Module<Tensor, Tensor>
    {
        private readonly Lstm _rnn;
        private readonly Dense _fc;

        public Classifier()
        {
            _rnn = RegisterModule("rnn", new Lstm(3, 5, batchFirst: true, projSize: 2));
            _fc = RegisterModule("fc", new Dense(2, 2));
        }

        public override Tensor Forward(Tensor input) => _fc.Call(_rnn.Call(input).State.H[-1]);
    }

    [Fact]
    public void Summary_CountsParametersAndFlops_WithTheProjection()
    {
        var summary = new Classifier().Summary([4, 7, 3]);
        var row = summary.Layers.Single(l => l.Name == "rnn");
        Assert.Equal("Lstm", row.Type);
        Assert.Equal(4L * 5 * (3 + 2) + 8 * 5 + 2 * 5, row.Parameters);
        Assert.Equal(2L * 4 * 7 * (4 * 5 * (3 + 2) + 2 * 5), row.Flops);   // 2·N·T·(4H·(I + P) + P·H)
        Assert.Equal([4, 7, 2], row.OutputShapes[0].ToArray());
        Assert.Equal("Lstm(3, 5, proj_size: 2, num_layers: 1, bias: true, batch_first: true, dropout: 0, bidirectional: false)",
            new Lstm(3, 5, batchFirst: true, projSize: 2).Describe());
    }

    // ---------------------------------------------------------------- values printed by reference/lstm_projection_reference.py

    // proj output [2, 4, 4]
    private static readonly double[] ProjOutput = [0.0784977205792107, -0.0552621483161337, 0.0884069840679292, -0.0524256846890288, 0.118053181415757, -0.0773779705805414, 0.0861221982613341, -0.0500239000656745, 0.138592518915472, -0.0900954992540364, 0.079145038472037, -0.0427975372302617, 0.14958607107159, -0.0974282722343702, 0.0581207793364649, -0.0202206937704184, 0.0172160275234646, 0.0123683165347139, 0.0891821837225231, -0.0539162215122049, 0.0863519524408684, -0.0445302300453673, 0.0869914512912873, -0.0524756848598389, 0.121820672299928, -0.0735489444482882, 0.080675271153481, -0.0481776394974276, 0.140605370190477, -0.0888886442889949, 0.0611809102299653, -0.0332274138628505];

    // proj h_n [4, 2, 2]
    private static readonly double[] ProjHn = [0.124128556644435, -0.0782493937131547, 0.1253111447951, -0.0739484909080178, 0.126929969775066, -0.0644924819236357, 0.131447966605071, -0.0669461135869248, 0.14958607107159, -0.0974282722343702, 0.140605370190477, -0.0888886442889949, 0.0884069840679292, -0.0524256846890288, 0.0891821837225231, -0.0539162215122049];

    // proj c_n [4, 2, 5]
    private static readonly double[] ProjCn = [-0.30417545385732, -0.295501575176826, -0.368747116028672, 0.0966581734284666, 0.400248723576538, -0.27407319015473, -0.327973450810922, -0.418805616893335, 0.115531806574429, 0.389675409963509, 0.288091520891433, -0.413072278583645, -0.515291692980806, -0.31450195199043, -0.33089425370784, 0.296014219119454, -0.558816564310899, -0.436973392969088, -0.294064813534959, -0.435468106683264, 0.46694873881385, 0.357249968331573, 0.0712541271224303, -0.334779319501874, -0.42733751084227, 0.476846137550296, 0.354944105678163, 0.0839173721226858, -0.30804916499063, -0.3975777984648, 0.16657269816248, 0.404142362903456, 0.462161322056672, 0.346964960003521, -0.0399380957774983, 0.164830878264717, 0.399187451472173, 0.458024481488099, 0.344923194008263, -0.0532510048462084];

    // nobias output [4, 2, 3]
    private static readonly double[] NoBiasOutput = [0.0119862705694017, -0.0152045935175467, 0.0164906159846881, 0.00436480522615232, -0.00205481240633035, -0.000516319588080002, 0.00870989725533866, -0.0102100647106923, 0.0104126694966604, 0.00271433873941499, -0.00330736129222686, 0.00348006245937014, 0.0108926611015823, -0.0163054812615941, 0.0196460928322467, 0.00498135478120061, -0.00564306072801693, 0.00558760912987847, 0.00763191685796647, -0.007866938864508, 0.00710217815838629, 0.00875996426080982, -0.0103107462736977, 0.0105511703371159];

    // nobias h_n [1, 2, 3]
    private static readonly double[] NoBiasHn = [0.00763191685796647, -0.007866938864508, 0.00710217815838629, 0.00875996426080982, -0.0103107462736977, 0.0105511703371159];

    // nobias c_n [1, 2, 5]
    private static readonly double[] NoBiasCn = [0.017517542936812, 0.0141004169127036, -0.0809698742198567, 0.0179946722641945, 0.011032896412548, 0.064799767897253, 0.100722174292135, -0.203037157877321, 0.065978363631959, 0.0976262933649208];

    // unbatched output [4, 3]
    private static readonly double[] UnbatchedOutput = [0.0119862705694017, -0.0152045935175467, 0.0164906159846881, 0.00573951028767453, -0.00416852293863351, 0.00206777207634238, 0.0125739742345425, -0.01290558463161, 0.0115970678287945, 0.0064136964629232, -0.00779717172945576, 0.00818973075308396];

    // unbatched h_n [1, 3]
    private static readonly double[] UnbatchedHn = [0.0064136964629232, -0.00779717172945576, 0.00818973075308396];

    // unbatched c_n [1, 5]
    private static readonly double[] UnbatchedCn = [0.0586053814033942, 0.115724073986323, -0.196571315868481, 0.0607763502708691, 0.11301115546152];
}
