using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Activations;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Layers;

/// <summary>
/// Bilinear (<c>nn.Bilinear</c>): outputs and the gradients of both inputs, the weight and the bias against PyTorch 1.13
/// (reference/structure_reference.py) with and without bias and with two leading dimensions; float64 GradCheck on
/// contiguous, transposed and sliced inputs; PyTorch's initialisation bounds and state_dict; FLOPs; errors.
/// </summary>
public class BilinearTests
{
    // ---- values printed by reference/structure_reference.py ----
    private static readonly double[] BilinearY = [-0.16051107673860554, 1.7364669589838462, -0.4235022970649207, 0.9495824185861124, -2.347955300544627, 3.2745846307576736, -1.4639477393936167, 2.1792057865344727, -0.760191785192982, -1.725056035593638];
    private static readonly double[] BilinearGradX1 = [0.05678100819213491, -0.495053884524298, -0.4521701787454948, -0.07548593874551446, 1.1279106293430432, 0.9763245386138819];
    private static readonly double[] BilinearGradX2 = [-0.2908912649255327, -0.3603748575166268, -0.3997627352826011, -0.40576552796888743, 0.9224550065460971, 1.0733780616011166, 1.1346609007318196, 1.1011856562188589];
    private static readonly double[] BilinearGradW = [0.646781221831688, 0.5217613278660673, 0.2535775037763388, -0.08418440150265008, 0.6514203171368657, 0.5709047511777643, 0.3337409946764254, 0.005003428677133714, 0.567892728468422, 0.5427788946528097, 0.36873420759683984, 0.09351406825761252, 0.31921012694145867, 0.27953412356157564, 0.16315790957668996, 0.0020134724247766952, 0.2532871466197465, 0.3280102903165424, 0.31273204875367805, 0.21164455536593835, 0.15308293922677058, 0.33209180304299774, 0.4199793722242172, 0.3926305406078127, -0.06127271328780054, -0.009028197053845501, 0.045693528783683664, 0.08787759647650951, -0.1868304845033213, 0.030745383517077694, 0.23988515307176653, 0.3832038288465941, -0.2871016261027412, 0.06635772066207864, 0.401609447243711, 0.6266652206727188, -0.4315990893948862, -0.29609401858272244, -0.07934493614571775, 0.1591752747505874, -0.5959794019695689, -0.27161582745855395, 0.12727528917965333, 0.4912438662705854, -0.6796966983534336, -0.210375708295318, 0.3166694011899311, 0.7568249050200139, -0.7303843106976705, -0.5340797828534776, -0.19123131503226695, 0.20408832142612626, -0.9063397545288373, -0.5289544458546818, -0.006431517198436432, 0.5178561288287852, -0.9596263644165206, -0.45223760604693497, 0.17923875631659145, 0.7615345385673895];
    private static readonly double[] BilinearGradB = [1.0069935594521842, 1.0242328104465923, 0.8716969162929016, 0.5746699757878938, 0.1823866857922818];
    private static readonly double[] BilinearNoBiasY = [-0.35918040753366676, 0.7729087735666533, -1.0989654776160713, 1.3003656462757327, -1.3542642969111627, 3.0759152999626123, -2.4275059248108097, 1.503742605983322, -0.4094085575033618, -0.7313650319601734];
    private static readonly double[] BilinearNoBiasGradX1 = [0.05678100819213491, -0.495053884524298, -0.4521701787454948, -0.07548593874551446, 1.1279106293430432, 0.9763245386138819];
    private static readonly double[] BilinearNoBiasGradX2 = [-0.2908912649255327, -0.3603748575166268, -0.3997627352826011, -0.40576552796888743, 0.9224550065460971, 1.0733780616011166, 1.1346609007318196, 1.1011856562188589];
    private static readonly double[] BilinearNoBiasGradW = [0.646781221831688, 0.5217613278660673, 0.2535775037763388, -0.08418440150265008, 0.6514203171368657, 0.5709047511777643, 0.3337409946764254, 0.005003428677133714, 0.567892728468422, 0.5427788946528097, 0.36873420759683984, 0.09351406825761252, 0.31921012694145867, 0.27953412356157564, 0.16315790957668996, 0.0020134724247766952, 0.2532871466197465, 0.3280102903165424, 0.31273204875367805, 0.21164455536593835, 0.15308293922677058, 0.33209180304299774, 0.4199793722242172, 0.3926305406078127, -0.06127271328780054, -0.009028197053845501, 0.045693528783683664, 0.08787759647650951, -0.1868304845033213, 0.030745383517077694, 0.23988515307176653, 0.3832038288465941, -0.2871016261027412, 0.06635772066207864, 0.401609447243711, 0.6266652206727188, -0.4315990893948862, -0.29609401858272244, -0.07934493614571775, 0.1591752747505874, -0.5959794019695689, -0.27161582745855395, 0.12727528917965333, 0.4912438662705854, -0.6796966983534336, -0.210375708295318, 0.3166694011899311, 0.7568249050200139, -0.7303843106976705, -0.5340797828534776, -0.19123131503226695, 0.20408832142612626, -0.9063397545288373, -0.5289544458546818, -0.006431517198436432, 0.5178561288287852, -0.9596263644165206, -0.45223760604693497, 0.17923875631659145, 0.7615345385673895];
    private static readonly double[] BilinearBatchedY = [-0.16051107673860554, 1.7364669589838462, -0.4235022970649207, 0.9495824185861124, -2.347955300544627, 3.2745846307576736, -1.4639477393936167, 2.1792057865344727, -0.760191785192982, -1.725056035593638, -2.859606324744983, 3.771005210484145, -1.562704246689039, 1.0642274756586694, -1.4250391843076606, 0.20896781112417606, 0.33543747632773924, 1.850157882677013, -1.9388053607984936, 0.8275279364600918, -2.6719461851199693, 3.362163836161375, -0.9790568426090918, 0.3719776348949621, -0.7027093614152808, 2.6287654033903713, -1.5174188854557364, 2.925902031049508, -2.1154147743676033, 0.0849696678210432];
    private static readonly double[] BilinearBatchedGradX1 = [0.05678100819213491, -0.495053884524298, -0.4521701787454948, -0.07548593874551446, 1.1279106293430432, 0.9763245386138819, 1.1492607515467637, 1.1330391638469315, -0.24432609856774035, 0.01619287988065765, -0.6455659337908082, -0.531792872282141, -0.04527920306766986, 1.0270411677602174, 0.8655554762961386, 1.1392938115951994, 0.9131480751522392, -0.40998156637611727];
    private static readonly double[] BilinearBatchedGradX2 = [-0.2908912649255327, -0.3603748575166268, -0.3997627352826011, -0.40576552796888743, 0.9224550065460971, 1.0733780616011166, 1.1346609007318196, 1.1011856562188589, -0.3600535159898144, -0.4046987519136367, -0.4155466849079379, -0.39169137969163303, 0.3735124847864513, 0.46951466726587276, 0.5263066239553532, 0.5391455308280928, -0.9010824781745408, -1.0501151879926325, -1.1114504167790646, -1.0799659216365163, 0.24578238153278642, 0.2881327463632457, 0.30642049754168244, 0.2991183838384937];
    private static readonly double[] BilinearBatchedGradW = [-0.030520304150981503, 0.08084120175601939, 0.17002102507898997, 0.2125494833926203, 0.023374581898135183, 0.14503862009024202, 0.22690611192499624, 0.246513775333558, 0.07410582794245975, 0.18960574160217553, 0.2530805209866449, 0.24711358423149676, -0.04951723581449702, 0.010613635099608887, 0.0678322746301101, 0.1064386972203068, -0.013915258595053687, 0.06648154693523217, 0.128636756104009, 0.15549585845401087, 0.023570083595801095, 0.11335149327220712, 0.17203085610153318, 0.18350738471001238, -0.060306271956608926, -0.0613732302447621, -0.04560024203441304, -0.017315192244189925, -0.04889852872293768, -0.02309539803552005, 0.009044783280139301, 0.038703203966275496, -0.030872599019984792, 0.018308287952419747, 0.06246563960872145, 0.08948330308484306, -0.061099039701197816, -0.12318696994158768, -0.15147413762058504, -0.1381989439367452, -0.0757764591987507, -0.10884408783445876, -0.11204643793585087, -0.08450482991963207, -0.08019789042719255, -0.07976966904963421, -0.05745377851010104, -0.019373383602974463, -0.05176413117152448, -0.16458144022146376, -0.23223992942563929, -0.23617506610711678, -0.09009380849803653, -0.17655096075140292, -0.21456502598693322, -0.19370548226201548, -0.1162297114935009, -0.16462513698163733, -0.16784975285093492, -0.1250187701062464];
    private static readonly double[] BilinearBatchedGradB = [0.11755739409229146, 0.06732405132637065, 0.005931184603285233, -0.056444825519086694, -0.10946463425089514];
    // ---- end of printed values ----

    /// <summary>The script's det(shape, scale, phase): sin(i·scale + phase) over a range, reshaped.</summary>
    internal static Tensor Det(int[] shape, double scale, double phase, bool requiresGrad = false)
    {
        int n = new Shape(shape).ElementCount;
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.Sin(i * scale + phase);
        return Tensor.FromArray(v, shape, requiresGrad);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("NoBias", false)]
    [InlineData("Batched", true)]
    public void Output_and_gradients_match_torch(string tag, bool bias)
    {
        int[] lead = tag == "Batched" ? [2, 3] : [2];
        var x1 = Det([.. lead, 3], 0.37, 0.1, true);
        var x2 = Det([.. lead, 4], 0.53, -0.4, true);
        var w = Det([5, 3, 4], 0.29, 0.7, true);
        var b = bias ? Det([5], 1.1, 0.2, true) : null;
        var y = Functional.Bilinear(x1, x2, w, b);
        Assert.Equal(new Shape([.. lead, 5]), y.Shape);
        (y * Det(y.Shape.ToArray(), 0.41, 0.3)).Sum().Backward();
        var (ey, egx1, egx2, egw, egb) = tag switch
        {
            "" => (BilinearY, BilinearGradX1, BilinearGradX2, BilinearGradW, BilinearGradB),
            "NoBias" => (BilinearNoBiasY, BilinearNoBiasGradX1, BilinearNoBiasGradX2, BilinearNoBiasGradW, null),
            _ => (BilinearBatchedY, BilinearBatchedGradX1, BilinearBatchedGradX2, BilinearBatchedGradW, BilinearBatchedGradB),
        };
        ActivationAssert.Close(ey, y, 1e-12, 1e-14);
        ActivationAssert.Close(egx1, x1.Grad!, 1e-12, 1e-14);
        ActivationAssert.Close(egx2, x2.Grad!, 1e-12, 1e-14);
        ActivationAssert.Close(egw, w.Grad!, 1e-12, 1e-14);
        if (egb is not null) ActivationAssert.Close(egb, b!.Grad!, 1e-12, 1e-14);
    }

    [Fact]
    public void Float32_layer_matches_torch_to_float_precision()
    {
        var layer = new Bilinear(3, 4, 5);
        using (Autograd.NoGrad())
        {
            layer.Weight.CopyFrom(Det([5, 3, 4], 0.29, 0.7).To(DType.Float32));
            layer.Bias!.CopyFrom(Det([5], 1.1, 0.2).To(DType.Float32));
        }
        var y = layer.Call(Det([2, 3], 0.37, 0.1).To(DType.Float32), Det([2, 4], 0.53, -0.4).To(DType.Float32));
        ActivationAssert.Close(BilinearY, y, 1e-5, 1e-5);
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void GradCheck_inputs_weight_and_bias(Layout layout)
    {
        var x1 = Input([4, 3], 0xB11, Values.Normal, layout);
        var x2 = Input([4, 2], 0xB12, Values.Normal, layout);
        var w = Input([3, 3, 2], 0xB13, Values.Normal, layout);
        var b = Input([3], 0xB14);
        Check(t => Functional.Bilinear(t[0], t[1], t[2], t[3]), x1, x2, w, b);
        var layer = new Bilinear(3, 2, 3, dtype: DType.Float64, generator: new Generator(1));
        Check(t => layer.Call(t[0], t[1]), x1, x2, layer.Weight, layer.Bias!);
    }

    [Fact]
    public void Initialisation_state_dict_flops_and_description_follow_torch()
    {
        var layer = new Bilinear(16, 5, 7, generator: new Generator(2));
        Assert.Equal(["weight", "bias"], layer.StateDict().Keys);
        Assert.Equal(new Shape([7, 16, 5]), layer.Weight.Shape);
        Assert.Equal(new Shape([7]), layer.Bias!.Shape);
        double bound = 1 / Math.Sqrt(16);
        var w = layer.Weight.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound, "uniform over the whole bound");
        Assert.All(layer.Bias.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.Equal(["weight"], new Bilinear(2, 3, 4, bias: false).StateDict().Keys);
        Assert.Equal("Bilinear(in1: 16, in2: 5, out: 7, bias: true)", layer.Describe());

        var y = layer.Call(Tensor.Ones([10, 16]), Tensor.Ones([10, 5]));
        Assert.Equal(10L * (2 * 16 * 7 * 5 + 2 * 7 * 5 + 7), layer.EstimateForwardFlops(null, y));
    }

    [Fact]
    public void Bad_input_throws_naming_the_shapes()
    {
        var layer = new Bilinear(3, 4, 5);
        Assert.Contains("Bilinear(3, 4 -> 5) expects inputs [*, 3] and [*, 4], got [2, 4] and [2, 4]",
            Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Ones([2, 4]), Tensor.Ones([2, 4]))).Message);
        Assert.Contains("leading dimensions must match, got [2, 3] and [3, 4]",
            Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Ones([2, 3]), Tensor.Ones([3, 4]))).Message);
        Assert.Contains("dtypes must match",
            Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Ones([2, 3], DType.Float64), Tensor.Ones([2, 4], DType.Float64))).Message);
        Assert.Contains("weight must be [out, in1, in2], got [5, 3]",
            Assert.Throws<ArgumentException>(() => Functional.Bilinear(Tensor.Ones([2, 3]), Tensor.Ones([2, 4]), Tensor.Ones([5, 3]))).Message);
        Assert.Contains("bias must be [5], got [4]",
            Assert.Throws<ArgumentException>(() => Functional.Bilinear(Tensor.Ones([2, 3]), Tensor.Ones([2, 4]), Tensor.Ones([5, 3, 4]), Tensor.Ones([4]))).Message);
        Assert.Contains("Bilinear expects a floating-point tensor",
            Assert.Throws<ArgumentException>(() => Functional.Bilinear(Tensor.FromArray(new[] { 1, 2, 3 }), Tensor.Ones([4]), Tensor.Ones([5, 3, 4]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bilinear(-1, 2, 3));
    }
}
