using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Attention.AttentionReference;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Attention;

/// <summary>
/// Rotary position embedding against reference/rope_reference.py (torchtune's algorithm in float64), and grouped-query
/// attention (<c>enableGqa</c>) against the scalar reference with the key/value heads repeated.
/// </summary>
public class RotaryAndGroupedQueryAttentionTests
{
    private static readonly double[] TorchRopeOut = [-0.483510466552623, -0.404738863653479, -0.271187754274677, -0.100932654554062, 0.0829832064639443, 0.255667679778889, 0.393748732027065, 0.478537740554181, -0.110217111689904, 0.663254563125435, 0.340697208026919, 0.191128714814917, 0.150313787364915, -0.0876890600423295, -0.327160608500367, -0.447791333454267, 0.64576872060807, -0.251268113066195, -0.39728229346962, -0.276319222632899, -0.0378968877761949, -0.124671865319465, 0.250621950063629, 0.400931870058996, 0.479514202454199, 0.498288825596563, 0.449622393772983, 0.340101680226228, 0.184549799749959, 0.00401996963979457, -0.177053944502599, -0.334164437854167, 0.177681753690274, -0.644168620420956, -0.477698910341259, -0.405497329247947, -0.0641086080511899, -0.274280931092607, 0.0870760307834575, 0.262384036589995, -0.602478516065036, 0.161874998623376, 0.488934172878599, 0.45799106251264, -0.30541682795739, 0.231495091247171, 0.00421703103927409, -0.180188076036406];

    private static readonly double[] TorchRopeDx = [-0.105824592807122, 0.0780484824857256, 0.251358061816113, 0.390647506653662, 0.477064644075931, 0.498913319933945, 0.453236418447086, 0.346216093951568, 0.114376334764395, -0.155132203319733, -0.172436819807564, -0.326155523526631, -0.656838833754259, 0.103739860915508, -0.487946113190956, -0.400812596938014, 0.0202144588642651, 0.290457479876062, 0.0864815552250215, 0.252618694677124, 0.271263209178539, -0.556089203286015, 0.507612621453128, 0.441723871500069, 0.343749731483656, 0.189187444117561, 0.00901952370857489, -0.172369146921869, -0.330428462136659, -0.443765835111234, -0.497041584103155, -0.48304508641419, -0.4450164403187, 0.193978516715987, -0.0983019940437092, 0.0857594730672777, 0.471246607198004, -0.0031015650229535, 0.484020699612031, 0.493602502832383, 0.122915657091516, -0.551489268838759, 0.186104096003011, 0.00189109308667118, -0.229715826926139, 0.298207273619501, -0.45518372013227, -0.488394759622137];

    private static readonly double[] TorchRopePositionsOut = [0.569239358349766, -0.271224025342505, -0.27090118924711, -0.10169928460109, -0.267011162201945, -0.0309388800399236, 0.392393649712267, 0.479649514513575, 0.49855891081931, 0.451102471350624, 0.342591428601997, 0.187712243161127, 0.00742708620633926, -0.173863292024441, -0.331622089309286, -0.444497392515665, -0.60384722980017, 0.339884433627506, -0.400821502580815, -0.271159835834492, 0.0551113291816637, 0.118076202095032, 0.255784480260651, 0.397658177258419, -0.160212959510984, 0.672723889626659, 0.449140967902228, 0.340737201999871, 0.0963299945407106, 0.157465300607599, -0.176581187726135, -0.334414495695908, 0.177681753690274, -0.644168620420956, -0.481162774184159, -0.4013810131382, -0.0641086080511899, -0.274280931092607, 0.0893255669920752, 0.26162675871517, -0.461733645973343, -0.419506755220234, 0.496089905424956, 0.450230212763865, -0.359813818806262, -0.131922067400207, 0.00137733675465704, -0.180232153180147];

    [Theory]
    [InlineData(DType.Float64, 1e-13)]
    [InlineData(DType.Float32, 1e-6)]
    public void Rope_MatchesTorchtunesAlgorithm_ValuesGradientsAndPositions(DType dtype, double tol)
    {
        var rope = new RotaryPositionalEmbedding(4, maxSeqLen: 16, dtype: dtype);
        var x = ReferenceFill.Tensor([2, 3, 2, 4], 130, dtype, requiresGrad: true);
        var y = rope.Call(x);
        AssertClose(TorchRopeOut, ToDoubles(y), tol, tol);
        (y * ReferenceFill.Tensor([2, 3, 2, 4], 131, dtype)).Sum().Backward();
        AssertClose(TorchRopeDx, ToDoubles(x.Grad!), tol, tol);
        var llama3 = new RotaryPositionalEmbedding(4, maxSeqLen: 16, theta: 500000, dtype: dtype);
        var positions = Tensor.FromArray(new[] { 2, 0, 5, 1, 1, 3 }, [2, 3]);
        AssertClose(TorchRopePositionsOut, ToDoubles(llama3.Call(x, positions)), tol, tol);
        // [S] positions equal the default ones when they are 0..S-1
        AssertClose(ToDoubles(y), ToDoubles(rope.Call(x, Tensor.FromArray(new[] { 0, 1, 2 }))), 0, 0);
        Assert.Empty(rope.StateDict());   // non-persistent tables, as torchtune's cache
    }

    [Fact]
    public void Rope_ScoresDependOnlyOnRelativePosition_AndHalvesLayoutIsAPermutation()
    {
        var g = new Generator(61);
        var rope = new RotaryPositionalEmbedding(8, maxSeqLen: 32, dtype: DType.Float64);
        var q = Tensor.Randn([1, 1, 1, 8], DType.Float64, g);
        var k = Tensor.Randn([1, 1, 1, 8], DType.Float64, g);
        double Score(int m, int n) =>
            (rope.Call(q, Tensor.FromArray(new[] { m })) * rope.Call(k, Tensor.FromArray(new[] { n }))).Sum().Item<double>();
        Assert.Equal(Score(3, 1), Score(12, 10), 12);
        Assert.Equal(Score(0, 5), Score(20, 25), 12);
        Assert.NotEqual(Score(3, 1), Score(1, 3), 6);
        // rotate-half layout = the interleaved one with features permuted (x_i, x_{i+d/2}) <-> (x_{2i}, x_{2i+1})
        var halves = new RotaryPositionalEmbedding(8, maxSeqLen: 32, interleaved: false, dtype: DType.Float64);
        var x = Tensor.Randn([2, 5, 3, 8], DType.Float64, g);
        var toInterleaved = Tensor.FromArray(new[] { 0, 4, 1, 5, 2, 6, 3, 7 });
        AssertClose(ToDoubles(rope.Call(x.IndexSelect(3, toInterleaved))), ToDoubles(halves.Call(x).IndexSelect(3, toInterleaved)), 1e-14, 1e-14);
        // a rotation keeps every pair's norm
        AssertClose(ToDoubles(x.Square().Sum()), ToDoubles(rope.Call(x).Square().Sum()), 1e-12, 1e-12);
    }

    [Fact]
    public void Rope_GradCheck_Flops_AndErrors()
    {
        var g = new Generator(62);
        foreach (bool interleaved in new[] { true, false })
        {
            var rope = new RotaryPositionalEmbedding(6, maxSeqLen: 8, interleaved: interleaved, dtype: DType.Float64);
            var x = Tensor.Randn([2, 4, 3, 6], DType.Float64, g, requiresGrad: true);
            Assert.True(GradCheck.Check(a => rope.Call(a[0]), x));
            var xt = Tensor.Randn([2, 3, 4, 6], DType.Float64, g).Transpose(1, 2);   // non-contiguous [2, 4, 3, 6]
            xt.RequiresGrad = true;
            Assert.True(GradCheck.Check(a => rope.Call(a[0]), xt));
        }
        var r = new RotaryPositionalEmbedding(4, maxSeqLen: 3);
        Assert.Equal(3L * 2 * 3 * 2 * 4, r.EstimateForwardFlops(null, Tensor.Zeros([2, 3, 2, 4])));
        var ex = Assert.Throws<ArgumentException>(() => r.Call(Tensor.Zeros([2, 3, 4])));
        Assert.Contains("expects input [B, S, heads, 4], got [2, 3, 4]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => r.Call(Tensor.Zeros([1, 4, 2, 4])));
        Assert.Contains("exceeds max_seq_len 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => r.Call(Tensor.Zeros([1, 2, 2, 4]), Tensor.FromArray(new[] { 0, 3 })));
        Assert.Contains("position 3 is outside 0..2", ex.Message);
        Assert.Throws<ArgumentException>(() => r.Call(Tensor.Zeros([1, 2, 2, 4]), Tensor.FromArray(new[] { 0, 1, 2 })));
        Assert.Throws<ArgumentException>(() => r.Call(Tensor.Zeros([1, 2, 2, 4], DType.Float64)));
        Assert.Throws<ArgumentException>(() => new RotaryPositionalEmbedding(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RotaryPositionalEmbedding(4, theta: 0));
    }

    [Fact]
    public void GroupedQueryAttention_EqualsRepeatedHeads_AgainstTheScalarReference()
    {
        var g = new Generator(63);
        int B = 2, H = 6, Hkv = 2, L = 3, S = 4, E = 5;
        var q = Tensor.Randn([B, H, L, E], DType.Float64, g);
        var k = Tensor.Randn([B, Hkv, S, E], DType.Float64, g);
        var v = Tensor.Randn([B, Hkv, S, E], DType.Float64, g);
        var (o, w) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, isCausal: true, enableGqa: true);
        Assert.Equal([B, H, L, E], o.Shape.ToArray());
        double[] kv = k.ToArray<double>(), vv = v.ToArray<double>();
        // query head h reads kv head h / (H / Hkv): build the repeated keys by hand
        var kRep = new double[B * H * S * E];
        var vRep = new double[B * H * S * E];
        for (int b = 0; b < B; b++)
            for (int h = 0; h < H; h++)
            {
                Array.Copy(kv, (b * Hkv + h / (H / Hkv)) * S * E, kRep, (b * H + h) * S * E, S * E);
                Array.Copy(vv, (b * Hkv + h / (H / Hkv)) * S * E, vRep, (b * H + h) * S * E, S * E);
            }
        var (refOut, refWeights) = Sdpa(q.ToArray<double>(), kRep, vRep, B * H, L, S, E, E, 1 / Math.Sqrt(E), causal: true);
        AssertClose(refOut, ToDoubles(o), 1e-12, 1e-12);
        AssertClose(refWeights, ToDoubles(w), 1e-12, 1e-12);
        // equal head counts: enableGqa changes nothing
        var k6 = Tensor.Randn([B, H, S, E], DType.Float64, g);
        AssertClose(ToDoubles(Functional.ScaledDotProductAttention(q, k6, k6)), ToDoubles(Functional.ScaledDotProductAttention(q, k6, k6, enableGqa: true)), 0, 0);
    }

    [Fact]
    public void GroupedQueryAttention_GradCheck_AndErrors()
    {
        var g = new Generator(64);
        var q = Tensor.Randn([1, 4, 2, 3], DType.Float64, g, requiresGrad: true);
        var k = Tensor.Randn([1, 2, 3, 3], DType.Float64, g, requiresGrad: true);
        var v = Tensor.Randn([1, 2, 3, 2], DType.Float64, g, requiresGrad: true);
        Assert.True(GradCheck.Check(a => Functional.ScaledDotProductAttention(a[0], a[1], a[2], enableGqa: true), q, k, v));
        var ex = Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(Tensor.Zeros([1, 4, 2, 3]), Tensor.Zeros([1, 3, 3, 3]), Tensor.Zeros([1, 3, 3, 3]), enableGqa: true));
        Assert.Contains("query heads (4) must be a multiple of the key and value heads (3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(Tensor.Zeros([2, 3]), Tensor.Zeros([2, 3]), Tensor.Zeros([2, 3]), enableGqa: true));
        Assert.Contains("rank ≥ 3", ex.Message);
        // without enableGqa the head counts must match, as before
        Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(Tensor.Zeros([1, 4, 2, 3]), Tensor.Zeros([1, 2, 3, 3]), Tensor.Zeros([1, 2, 3, 3])));
    }
}
