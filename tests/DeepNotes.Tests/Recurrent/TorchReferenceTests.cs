using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Recurrent;

/// <summary>
/// Forward values and parameter names against PyTorch. Every parameter, input and state is set by the closed formulas
/// of reference/recurrent_reference.py (run with /usr/bin/python3), whose printed values are pasted below.
/// Both the fused path and the cell-by-cell reference path must reproduce them, in float64 and float32.
/// </summary>
public class TorchReferenceTests
{
    internal static void Fill(Module module)
    {
        int p = 0;
        using (Autograd.NoGrad())
            foreach (var (_, t) in module.NamedParameters())
            {
                var v = new double[t.ElementCount];
                for (int k = 0; k < v.Length; k++) v[k] = 0.3 * Math.Sin(0.7 * k + p + 1);
                t.CopyFrom(Tensor.FromArray(v, t.Shape).To(t.DType));
                p++;
            }
    }

    private static Tensor Formula(int[] shape, Func<int, double> f, DType dtype)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(f).ToArray(), shape).To(dtype);
    }

    internal static Tensor X(int[] shape, DType dtype = DType.Float64) => Formula(shape, k => 0.8 * Math.Cos(0.45 * k), dtype);
    internal static Tensor H(int[] shape, DType dtype = DType.Float64) => Formula(shape, k => 0.2 * Math.Sin(0.3 * k + 0.5), dtype);
    internal static Tensor C(int[] shape, DType dtype = DType.Float64) => Formula(shape, k => 0.3 * Math.Cos(0.2 * k), dtype);

    internal static void Near(double[] expected, Tensor actual, int[] shape, double tol)
    {
        Assert.Equal(shape, actual.Shape.ToArray());
        double[] a = actual.To(DType.Float64).ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol, $"element {i}: expected {expected[i]}, got {a[i]}");
    }

    public static TheoryData<bool, DType> Paths => new() { { true, DType.Float64 }, { false, DType.Float64 }, { true, DType.Float32 }, { false, DType.Float32 } };

    internal static double Tol(DType dtype) => dtype == DType.Float64 ? 1e-12 : 2e-6;

    [Theory]
    [MemberData(nameof(Paths))]
    public void Lstm_TwoLayerBidirectionalBatchFirst_WithStates_MatchesTorch(bool fused, DType dtype)
    {
        var lstm = new Lstm(3, 4, numLayers: 2, batchFirst: true, bidirectional: true, dtype: dtype) { UseFusedKernels = fused };
        Fill(lstm);
        var (output, state) = lstm.Call((X([2, 5, 3], dtype), new LstmState(H([4, 2, 4], dtype), C([4, 2, 4], dtype))));
        Near(LstmOutput, output, [2, 5, 8], Tol(dtype));
        Near(LstmHn, state.H, [4, 2, 4], Tol(dtype));
        Near(LstmCn, state.C, [4, 2, 4], Tol(dtype));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gru_TwoLayerBidirectional_WithState_MatchesTorch(bool fused, DType dtype)
    {
        var gru = new Gru(3, 4, numLayers: 2, bidirectional: true, dtype: dtype) { UseFusedKernels = fused };
        Fill(gru);
        var (output, h) = gru.Call((X([5, 2, 3], dtype), H([4, 2, 4], dtype)));
        Near(GruOutput, output, [5, 2, 8], Tol(dtype));
        Near(GruHn, h, [4, 2, 4], Tol(dtype));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rnn_Tanh_TwoLayerBidirectionalBatchFirst_AndRelu_Unbatched_MatchTorch(bool fused, DType dtype)
    {
        var rnn = new Rnn(3, 4, numLayers: 2, batchFirst: true, bidirectional: true, dtype: dtype) { UseFusedKernels = fused };
        Fill(rnn);
        var (output, h) = rnn.Call((X([2, 5, 3], dtype), H([4, 2, 4], dtype)));
        Near(RnnTanhOutput, output, [2, 5, 8], Tol(dtype));
        Near(RnnTanhHn, h, [4, 2, 4], Tol(dtype));

        var relu = new Rnn(3, 4, nonlinearity: RnnNonlinearity.Relu, dtype: dtype) { UseFusedKernels = fused };
        Fill(relu);
        var (o2, h2) = relu.Call(X([5, 3], dtype));
        Near(RnnReluOutput, o2, [5, 4], Tol(dtype));
        Near(RnnReluHn, h2, [1, 4], Tol(dtype));
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Cells_MatchTorch(DType dtype)
    {
        var lstm = new LstmCell(3, 4, dtype: dtype);
        Fill(lstm);
        var s = lstm.Call((X([2, 3], dtype), new LstmState(H([2, 4], dtype), C([2, 4], dtype))));
        Near(LstmCellH, s.H, [2, 4], Tol(dtype));
        Near(LstmCellC, s.C, [2, 4], Tol(dtype));

        var gru = new GruCell(3, 4, dtype: dtype);
        Fill(gru);
        Near(GruCellH, gru.Call((X([2, 3], dtype), H([2, 4], dtype))), [2, 4], Tol(dtype));

        var rnn = new RnnCell(3, 4, nonlinearity: RnnNonlinearity.Relu, dtype: dtype);
        Fill(rnn);
        Near(RnnReluCellH, rnn.Call((X([2, 3], dtype), H([2, 4], dtype))), [2, 4], Tol(dtype));
    }

    [Fact]
    public void ParameterNames_AreTorchStateDictNames()
    {
        // Printed by reference/recurrent_reference.py from module.state_dict().keys().
        Assert.Equal(
            ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
             "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"],
            new Lstm(3, 4, numLayers: 2, bidirectional: true).NamedParameters().Select(p => p.Name));
        Assert.Equal(["weight_ih_l0", "weight_hh_l0"], new Gru(3, 4, bias: false).NamedParameters().Select(p => p.Name));
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"],
            new Rnn(3, 4, numLayers: 2, nonlinearity: RnnNonlinearity.Relu).NamedParameters().Select(p => p.Name));
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], new LstmCell(3, 4).NamedParameters().Select(p => p.Name));
        Assert.Equal(["weight_ih", "weight_hh"], new GruCell(3, 4, bias: false).NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void ParameterCounts_MatchTorch()
    {
        // Torch's counts (printed by the script) and the closed form 4·((d_h + d_x)·d_h + 2·d_h) per LSTM layer and direction.
        static long LstmCount(int dx, int dh) => 4L * ((dh + dx) * dh + 2 * dh);
        Assert.Equal(2560, new Lstm(10, 20).ParameterCount());
        Assert.Equal(2560, LstmCount(10, 20));
        Assert.Equal(15040, new Lstm(10, 20, numLayers: 2, bidirectional: true).ParameterCount());
        Assert.Equal(15040, 2 * LstmCount(10, 20) + 2 * LstmCount(40, 20));
        Assert.Equal(6960, new Gru(10, 20, numLayers: 3).ParameterCount());
        Assert.Equal(1280, new Rnn(10, 20, bidirectional: true).ParameterCount());
        Assert.Equal(2400, new Lstm(10, 20, bias: false).ParameterCount());
        Assert.Equal(4L * (30 * 20), new Lstm(10, 20, bias: false).ParameterCount());
    }

    // ---------------------------------------------------------------- values printed by reference/recurrent_reference.py

    // lstm output
    private static readonly double[] LstmOutput = [
            -0.217117013361311, -0.172411357226577, -0.140225585907275, 0.0052918925009356, 0.0907260995706667, 0.0120664592502294,
            -0.160819457263163, -0.267181796982937, -0.235832441098654, -0.155543751758603, -0.146050160189348, 0.051540461209884,
            0.0839608029253732, 0.00115618907137433, -0.163200273565273, -0.241537383083248, -0.24456395551737, -0.148651443414205,
            -0.152524409810229, 0.0624895052908549, 0.0823094852363456, 0.000609778874437094, -0.149837317030809, -0.196215309838423,
            -0.246777950988698, -0.134195766028252, -0.140445568387005, 0.0712963173519172, 0.0795041351428519, 0.00824109331244097,
            -0.121831213587861, -0.132122206229951, -0.254868298070416, -0.121963146090788, -0.114003896146705, 0.0866227890678332,
            0.0550368261419948, 0.0322296342487092, -0.05888653235472, -0.0162479619465005, -0.139364282558676, -0.163580063543647,
            -0.0379691516662582, -0.000695733822645784, 0.0856430102705869, 0.00939478859684607, -0.166438887531957, -0.26424708819674,
            -0.178684760182327, -0.163528172272213, -0.0889053265246948, 0.0366061647593936, 0.0841834019759296, 0.00884113395476163,
            -0.157902879989354, -0.231173011221013, -0.203432171899898, -0.153946633426524, -0.116973599018606, 0.0507104863342993,
            0.0889088920552505, 0.0172959720700751, -0.135326200371133, -0.185811617905533, -0.222667636796531, -0.136886580978905,
            -0.112691813143534, 0.0694639537951296, 0.0958200630451231, 0.0388529257481833, -0.0833254540458317, -0.11824792918141,
            -0.244366450501605, -0.126306564459953, -0.09248584446437, 0.0905853828765515, 0.0952363453348451, 0.0711311704076998,
            0.0140356290614414, -0.00182722890663181,
        ];

    // lstm h_n
    private static readonly double[] LstmHn = [
            0.0226227556605682, -0.019227729625879, -0.232474406935417, -0.325346118872468, -0.0164318074454218, 0.00245504664090433,
            -0.24495561332687, -0.3641311072271, 0.0632963237761699, 0.174036760904291, 0.147240344987222, 0.0689014929675221,
            0.0946734656850238, 0.174126974968255, 0.143573294265746, 0.0835832628674261, -0.254868298070416, -0.121963146090788,
            -0.114003896146705, 0.0866227890678332, -0.244366450501605, -0.126306564459953, -0.09248584446437, 0.0905853828765515,
            0.0907260995706667, 0.0120664592502294, -0.160819457263163, -0.267181796982937, 0.0856430102705869, 0.00939478859684607,
            -0.166438887531957, -0.26424708819674,
        ];

    // lstm c_n
    private static readonly double[] LstmCn = [
            0.0407741310089999, -0.0494779615847305, -0.418697782836859, -0.49483460325948, -0.0288429913224312, 0.00628323094800314,
            -0.458149813063454, -0.556683950439249, 0.155911836018193, 0.356891983252346, 0.456881782743794, 0.226826911771436,
            0.229568852564415, 0.39165871624615, 0.40646157924683, 0.268442672949366, -0.468298802801594, -0.215512814771934,
            -0.203638927652392, 0.192035513524394, -0.440285978748601, -0.222495030868638, -0.165448065322219, 0.203152401441906,
            0.231973542142507, 0.0284847653296067, -0.288430313294248, -0.491155186318057, 0.21647271801498, 0.0216263729688231,
            -0.29472443312123, -0.478878881636261,
        ];

    // gru output
    private static readonly double[] GruOutput = [
            -0.169949128419056, -0.126157833439217, -0.114427716123206, 0.0123057504067511, 0.16434639213952, -0.0303017917627506,
            -0.266751502447694, -0.339594427476612, -0.0202363556581414, -0.0554039996821586, 0.0140042161919968, 0.0298576931321684,
            0.138585856140629, -0.0485198862244395, -0.277860517350219, -0.376375731189399, -0.174169835054909, -0.143795576790852,
            -0.167258852937231, -0.0029761662210985, 0.147945564617139, -0.0246417344459621, -0.243343967632303, -0.29290324583531,
            -0.0515952624503162, -0.0920674200228595, -0.0552506064966503, -0.000195740306835345, 0.141050324731556, -0.0557051522437277,
            -0.2924794461446, -0.365407326112757, -0.154683857601335, -0.100215856281679, -0.148422663272926, 0.0182131943690905,
            0.166786961113571, -0.0122487606437305, -0.221444479120243, -0.248235283513782, -0.0619613271679127, -0.0826144624868545,
            -0.0820287424795532, -0.00153101981176438, 0.152122511916351, -0.0376003957389811, -0.268703421358398, -0.327235109760409,
            -0.155541535906185, -0.117424454203736, -0.174258208626956, 0.00195023418087353, 0.173986400875652, 0.0394313229650485,
            -0.129794827983687, -0.148146701191463, -0.0962893663019246, -0.11172376434689, -0.124246191410265, -0.000781803700031173,
            0.177796616154758, 0.00662733521190106, -0.200201478599533, -0.262746306537303, -0.173755378380306, -0.119057490945232,
            -0.163955421292015, 0.0378646498293131, 0.210452207226261, 0.106063768661489, -0.00583486893140206, -0.0349244806140655,
            -0.152865301506908, -0.113201796088283, -0.0950134180995271, 0.0897678553563304, 0.215929751240903, 0.0400669168101504,
            -0.121388566002961, -0.197699718758512,
        ];

    // gru h_n
    private static readonly double[] GruHn = [
            0.16433582430909, 0.0350707756799998, -0.226147513537428, -0.289396405141234, 0.0256126566445497, 0.185862256484892,
            -0.249950920060765, -0.359605980542032, 0.0161668901252356, 0.318249771251518, 0.518288417551845, 0.273802095236894,
            0.12755720148203, 0.430698511303155, 0.226455975204209, 0.332018244256765, -0.173755378380306, -0.119057490945232,
            -0.163955421292015, 0.0378646498293131, -0.152865301506908, -0.113201796088283, -0.0950134180995271, 0.0897678553563304,
            0.16434639213952, -0.0303017917627506, -0.266751502447694, -0.339594427476612, 0.138585856140629, -0.0485198862244395,
            -0.277860517350219, -0.376375731189399,
        ];

    // rnn tanh output
    private static readonly double[] RnnTanhOutput = [
            -0.285315386475481, -0.451761468228966, -0.220470002059907, -0.008328218546437, -0.531079576582294, -0.0954127442926822,
            -0.558327361229807, 0.144865347428221, -0.0758634180277134, -0.539445632712128, -0.178595433799405, -0.133988951298566,
            -0.605484784525741, -0.131446320697281, -0.610717122085716, 0.23385145780413, 0.0097557924822026, -0.488620953527391,
            -0.0856491411537622, -0.204545570985146, -0.606143642609464, -0.2511438638504, -0.63925022053821, 0.12607428331346,
            -0.127422964883314, -0.54739270347157, -0.176410329299496, -0.221238365032833, -0.486973054017473, -0.306988086603877,
            -0.489214908396391, 0.150670793840005, -0.221972142964547, -0.631169475112286, -0.0928196125264941, -0.088088471729997,
            -0.12399300004737, -0.422650007622436, -0.0846440333183894, -0.207567764162692, -0.408246295183681, -0.280648278527649,
            -0.367729160784857, 0.0518096837091697, -0.574691400894556, -0.121027503236003, -0.596955620388732, 0.179649007353046,
            -0.0188974702005204, -0.499753811130437, -0.157693386803389, -0.132329119378923, -0.617417910493538, -0.183319247013204,
            -0.642083533120804, 0.195765899944388, -0.0297212007230556, -0.490175328677768, -0.11820095442093, -0.214305127500818,
            -0.591788344155322, -0.27445041999684, -0.604626176018405, 0.115690854607116, -0.172323406282827, -0.583823321727876,
            -0.162546271891649, -0.185012893575465, -0.457384837321686, -0.235945650383056, -0.457674730859935, 0.159199847005471,
            -0.212506779201037, -0.620477347924573, -0.0759681224849686, -0.0476876408313091, -0.163944062466977, -0.331199669227778,
            -0.22807506914764, -0.0866208116556601,
        ];

    // rnn tanh h_n
    private static readonly double[] RnnTanhHn = [
            0.270345288182974, -0.586493557965406, -0.713067836034448, 0.435071470406627, 0.315569116013995, -0.573874500837039,
            -0.746308377359826, 0.473542061026796, 0.245023903479006, 0.769287626783692, -0.0323910960686805, -0.213611810994781,
            0.317915771294271, 0.670382499779596, 0.130136044559658, -0.210097113623227, -0.221972142964547, -0.631169475112286,
            -0.0928196125264941, -0.088088471729997, -0.212506779201037, -0.620477347924573, -0.0759681224849686, -0.0476876408313091,
            -0.531079576582294, -0.0954127442926822, -0.558327361229807, 0.144865347428221, -0.574691400894556, -0.121027503236003,
            -0.596955620388732, 0.179649007353046,
        ];

    // rnn relu unbatched output
    private static readonly double[] RnnReluOutput = [
            0.332324214493264, 0, 0, 0.184425164595682, 0, 0,
            0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0.321577970068917, 0,
            0, 0.171754694698527,
        ];

    // rnn relu unbatched h_n
    private static readonly double[] RnnReluHn = [
            0.321577970068917, 0, 0, 0.171754694698527,
        ];

    // lstm cell h
    private static readonly double[] LstmCellH = [
            0.0747020744435505, 0.107369136747157, -0.00296656007993264, -0.13400978627616, 0.0603687680802658, -0.0116388506220401,
            -0.03349531994076, -0.0810291408769173,
        ];

    // lstm cell c
    private static readonly double[] LstmCellC = [
            0.144085207638007, 0.236769635061665, -0.00593357853065946, -0.177514770871337, 0.16771145451077, -0.0199025055159095,
            -0.0628025692789441, -0.129431679832241,
        ];

    // gru cell h
    private static readonly double[] GruCellH = [
            0.044585433318875, 0.293573557404911, 0.0151973828711058, -0.157093061182989, 0.167844683516914, 0.0288610406937297,
            0.0473526586371434, -0.0745287608385898,
        ];

    // rnn relu cell h
    private static readonly double[] RnnReluCellH = [
            0.314828988477801, 0, 0, 0.0767995007882086, 0, 0,
            0, 0,
        ];
}
