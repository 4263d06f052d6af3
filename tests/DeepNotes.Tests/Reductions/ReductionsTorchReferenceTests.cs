using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Reductions;

/// <summary>
/// Every reduction and sorting op against PyTorch 1.13 (values from reference/reductions_reference.py): outputs,
/// indices (exactly, including ties, NaN order and stability) and dL/dx for L = sum(out * w), in Float64 and Float32.
/// </summary>
public class ReductionsTorchReferenceTests
{
    private static Tensor[] V(ValuesAndIndices r) => [r.Values, r.Indices];

    private static Tensor[] U(UniqueResult r) => new[] { r.Values, r.Inverse, r.Counts }.Where(t => t is not null).ToArray()!;

    private static Tensor Q(params double[] q) => Tensor.FromArray(q);

    internal static readonly Dictionary<string, Func<Tensor, Tensor[]>> Ours = new()
    {
        ["prod_all"] = x => [x.Prod()],
        ["prod_dim1"] = x => [x.Prod(1)],
        ["prod_dim0_keep"] = x => [x.Prod(0, keepDim: true)],
        ["prod_zeros_dim1"] = x => [x.Prod(1)],
        ["prod_zeros_all"] = x => [x.Prod()],
        ["prod_one_zero_all"] = x => [x.Prod()],
        ["prod_int"] = x => [x.Prod(1)],
        ["cumsum_dim0"] = x => [x.Cumsum(0)],
        ["cumsum_dimneg1"] = x => [x.Cumsum(-1)],
        ["cumsum_int"] = x => [x.Cumsum(1)],
        ["cumprod_dim1"] = x => [x.Cumprod(1)],
        ["cumprod_dim0"] = x => [x.Cumprod(0)],
        ["cumprod_zeros"] = x => [x.Cumprod(0)],
        ["cumprod_two_zeros"] = x => [x.Cumprod(1)],
        ["cummax_dim1"] = x => V(x.Cummax(1)),
        ["cummax_ties"] = x => V(x.Cummax(0)),
        ["cummax_nan"] = x => V(x.Cummax(0)),
        ["cummin_ties"] = x => V(x.Cummin(0)),
        ["cummin_nan"] = x => V(x.Cummin(0)),
        ["cummin_dim0"] = x => V(x.Cummin(0)),
        ["cummax_int"] = x => V(x.Cummax(0)),
        ["logcumsumexp_dim1"] = x => [x.Logcumsumexp(1)],
        ["logcumsumexp_dim0"] = x => [x.Logcumsumexp(0)],
        ["logcumsumexp_large"] = x => [x.Logcumsumexp(0)],
        ["logcumsumexp_neginf"] = x => [x.Logcumsumexp(0)],
        ["norm_p2_dim1"] = x => [x.Norm(2, 1)],
        ["norm_p2_zeros"] = x => [x.Norm(2)],
        ["norm_p1_dim1"] = x => [x.Norm(1, 1)],
        ["norm_p1_zeros"] = x => [x.Norm(1)],
        ["norm_pinf_dim1"] = x => [x.Norm(double.PositiveInfinity, 1)],
        ["norm_pinf_zeros"] = x => [x.Norm(double.PositiveInfinity)],
        ["norm_pneginf_dim1"] = x => [x.Norm(double.NegativeInfinity, 1)],
        ["norm_pneginf_zeros"] = x => [x.Norm(double.NegativeInfinity)],
        ["norm_p0_dim1"] = x => [x.Norm(0, 1)],
        ["norm_p0_zeros"] = x => [x.Norm(0)],
        ["norm_p3_dim1"] = x => [x.Norm(3, 1)],
        ["norm_p3_zeros"] = x => [x.Norm(3)],
        ["norm_p0.5_dim1"] = x => [x.Norm(0.5, 1)],
        ["norm_p0.5_zeros"] = x => [x.Norm(0.5)],
        ["norm_pneg1_dim1"] = x => [x.Norm(-1, 1)],
        ["norm_pneg1_zeros"] = x => [x.Norm(-1)],
        ["norm_p1.5_dim1"] = x => [x.Norm(1.5, 1)],
        ["norm_p1.5_zeros"] = x => [x.Norm(1.5)],
        ["norm_p2_all"] = x => [x.Norm()],
        ["norm_p2_dims02_keep"] = x => [x.Norm(2, [0, 2], keepDim: true)],
        ["norm_p2_allzero"] = x => [x.Norm()],
        ["norm_p3_allzero"] = x => [x.Norm(3)],
        ["norm_pinf_ties"] = x => [x.Norm(double.PositiveInfinity)],
        ["amax_dims02"] = x => [x.Amax([0, 2])],
        ["amax_ties"] = x => [x.Amax(1)],
        ["amin_all"] = x => [x.Amin()],
        ["amin_ties_keep"] = x => [x.Amin(1, keepDim: true)],
        ["aminmax_dim0"] = x => { var (mn, mx) = x.Aminmax(0); return [mn, mx]; },
        ["aminmax_all"] = x => { var (mn, mx) = x.Aminmax(); return [mn, mx]; },
        ["max_dim1"] = x => V(x.MaxWithIndices(1)),
        ["max_dim0_keep"] = x => V(x.MaxWithIndices(0, keepDim: true)),
        ["max_nan"] = x => V(x.MaxWithIndices(0)),
        ["min_ties"] = x => V(x.MinWithIndices(0)),
        ["median_all"] = x => [x.Median()],
        ["median_all_ties"] = x => [x.Median()],
        ["median_dim1"] = x => V(x.Median(1)),
        ["median_dim1_even_keep"] = x => V(x.Median(1, keepDim: true)),
        ["median_dim0"] = x => V(x.Median(0)),
        ["median_ties"] = x => V(x.Median(0)),
        ["median_ties2"] = x => V(x.Median(0)),
        ["median_nan"] = x => V(x.Median(0)),
        ["median_all_nan"] = x => [x.Median()],
        ["nanmedian_dim"] = x => V(x.Nanmedian(0)),
        ["nanmedian_allnan"] = x => V(x.Nanmedian(0)),
        ["nanmedian_all"] = x => [x.Nanmedian()],
        ["median_int"] = x => V(x.Median(1)),
        ["mode_dim1"] = x => V(x.Mode(1)),
        ["mode_dim0_keep"] = x => V(x.Mode(0, keepDim: true)),
        ["mode_int"] = x => V(x.Mode(0)),
        ["quantile_q03_dim1"] = x => [x.Quantile(0.3, 1)],
        ["quantile_qvec_all"] = x => [x.Quantile(Q(0, 0.25, 0.5, 1).To(x.DType))],
        ["quantile_qvec_dim0_keep"] = x => [x.Quantile(Q(0.2, 0.9).To(x.DType), 0, keepDim: true)],
        ["quantile_all_keep"] = x => [x.Quantile(0.6, keepDim: true)],
        ["quantile_lower"] = x => [x.Quantile(Q(0.1, 0.4, 0.5, 0.75).To(x.DType), 1, interpolation: QuantileInterpolation.Lower)],
        ["quantile_higher"] = x => [x.Quantile(Q(0.1, 0.4, 0.5, 0.75).To(x.DType), 1, interpolation: QuantileInterpolation.Higher)],
        ["quantile_midpoint"] = x => [x.Quantile(Q(0.1, 0.4, 0.5, 0.75).To(x.DType), 1, interpolation: QuantileInterpolation.Midpoint)],
        ["quantile_nearest"] = x => [x.Quantile(Q(0.1, 0.4, 0.5, 0.75).To(x.DType), 1, interpolation: QuantileInterpolation.Nearest)],
        ["quantile_nearest_half"] = x => [x.Quantile(Q(0.5, 1.0 / 6, 0.5 / 3).To(x.DType), interpolation: QuantileInterpolation.Nearest)],
        ["quantile_nan"] = x => [x.Quantile(0.5, 1)],
        ["nanquantile"] = x => [x.Nanquantile(0.25, 1)],
        ["nansum_dim1"] = x => [x.Nansum(1)],
        ["nansum_all"] = x => [x.Nansum()],
        ["nanmean_dim1"] = x => [x.Nanmean(1)],
        ["nanmean_dim0_allnan"] = x => [x.Nanmean(0)],
        ["var_mean_dim1"] = x => { var (v, m) = x.VarMean(1); return [v, m]; },
        ["var_mean_c0_keep"] = x => { var (v, m) = x.VarMean(0, correction: 0, keepDim: true); return [v, m]; },
        ["std_mean_all"] = x => { var (s, m) = x.StdMean(); return [s, m]; },
        ["std_mean_dim0"] = x => { var (s, m) = x.StdMean(0); return [s, m]; },
        ["sort_dimneg1"] = x => V(x.Sort(-1)),
        ["sort_dim0_desc"] = x => V(x.Sort(0, descending: true)),
        ["sort_ties"] = x => V(x.Sort()),
        ["sort_ties_desc"] = x => V(x.Sort(descending: true)),
        ["sort_nan"] = x => V(x.Sort()),
        ["sort_nan_desc"] = x => V(x.Sort(descending: true)),
        ["sort_signed_zero"] = x => V(x.Sort()),
        ["sort_inf"] = x => V(x.Sort()),
        ["sort_int_desc"] = x => V(x.Sort(1, descending: true)),
        ["msort"] = x => [x.Msort()],
        ["topk3_dim1"] = x => V(x.TopK(3, 1)),
        ["topk2_smallest_dim0"] = x => V(x.TopK(2, 0, largest: false)),
        ["topk_ties_values"] = x => [x.TopK(2).Values],
        ["topk_nan"] = x => V(x.TopK(3)),
        ["kthvalue2_dim1"] = x => V(x.KthValue(2, 1)),
        ["kthvalue4_dim0_keep"] = x => V(x.KthValue(4, 0, keepDim: true)),
        ["kthvalue_ties"] = x => V(x.KthValue(2)),
        ["kthvalue_ties_values"] = x => [x.KthValue(4).Values],
        ["unique"] = x => U(x.Unique(returnInverse: true, returnCounts: true)),
        ["unique_2d_flat"] = x => U(x.Unique(returnInverse: true, returnCounts: true)),
        ["unique_dim0"] = x => U(x.Unique(returnInverse: true, returnCounts: true, dim: 0)),
        ["unique_dim1"] = x => U(x.Unique(returnInverse: true, returnCounts: true, dim: 1)),
        ["unique_nan_values"] = x => U(x.Unique()),
        ["unique_int"] = x => U(x.Unique(returnCounts: true)),
        ["unique_consecutive"] = x => U(x.UniqueConsecutive(returnInverse: true, returnCounts: true)),
        ["unique_consecutive_nan"] = x => U(x.UniqueConsecutive(returnInverse: true, returnCounts: true)),
        ["unique_consecutive_dim1"] = x => U(x.UniqueConsecutive(returnInverse: true, returnCounts: true, dim: 1)),
        ["histc"] = x => [x.Histc(5, -2, 2)],
        ["histc_auto"] = x => [x.Histc(4)],
        ["histc_same"] = x => [x.Histc(3)],
        ["histc_edges"] = x => [x.Histc(3, 0, 3)],
    };

    /// <summary>Cases run in Float64 only: q = 1/6 of 4 elements sits exactly at a rounding midpoint in Float64 only.</summary>
    private static readonly HashSet<string> Float64Only = ["quantile_nearest_half"];

    public static TheoryData<string> CaseNames => new(ReductionsTorchReference.Cases.Keys);

    [Fact]
    public void EveryReferenceCaseHasAnImplementation() =>
        Assert.Equal(ReductionsTorchReference.Cases.Keys.OrderBy(k => k), Ours.Keys.OrderBy(k => k));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void OutputsIndicesAndGradient_MatchPyTorch(string name)
    {
        TorchCase c = ReductionsTorchReference.Cases[name];
        bool integer = c.Input.All(v => double.IsFinite(v) && v == Math.Floor(v)) && c.Grad is null && IsIntegerCase(name);
        DType[] dtypes = integer ? [DType.Int32] : Float64Only.Contains(name) ? [DType.Float64] : [DType.Float64, DType.Float32];
        foreach (DType dtype in dtypes)
        {
            Tensor x = Tensor.FromArray(c.Input, new Shape(c.InputShape)).To(dtype);
            if (c.Grad is not null) x.RequiresGrad = true;
            Tensor[] outs = Ours[name](x);
            Tensor[] values = integer ? outs[..1] : outs.Where(t => t.DType.IsFloatingPoint()).ToArray();
            Tensor[] ints = integer ? outs[1..] : outs.Where(t => !t.DType.IsFloatingPoint()).ToArray();
            Assert.Equal(c.OutputShape, values[0].Shape.ToArray());
            Assert.All(values, v => Assert.Equal(dtype, v.DType));
            double[] flat = values.SelectMany(D).ToArray();
            bool f32 = dtype == DType.Float32;
            AssertClose(c.Output, Tensor.FromArray(flat), f32 ? 1e-5 : 1e-12, f32 ? 1e-5 : 1e-10);
            if (c.Indices is not null)
            {
                Assert.All(ints, t => Assert.Equal(DType.Int32, t.DType));
                Assert.Equal(c.Indices, ints.SelectMany(t => t.ToArray<int>()).ToArray());
            }
            if (c.Grad is null) continue;
            Tensor total = Tensor.Concat(values.Select(v => v.Reshape(-1)).ToArray());
            var w = Tensor.FromArray(Enumerable.Range(0, total.ElementCount).Select(j => Math.Cos(0.7 * j)).ToArray()).To(dtype);
            (total * w).Sum().Backward();
            AssertClose(c.Grad, x.Grad!, f32 ? 1e-4 : 1e-12, f32 ? 1e-4 : 1e-9);
        }
    }

    private static bool IsIntegerCase(string name) => name.EndsWith("_int", StringComparison.Ordinal) || name == "sort_int_desc";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Bincount_MatchesPyTorch(int i)
    {
        var (input, weights, minLength, expected) = ReductionsTorchReference.Bincount[i];
        Tensor x = Tensor.FromArray(input);
        Tensor result = x.Bincount(weights is null ? null : Tensor.FromArray(weights), minLength);
        Assert.Equal(weights is null ? DType.Int32 : DType.Float64, result.DType);
        AssertClose(expected, result, 0, 0, shape: [expected.Length]);
        if (weights is not null)
            Assert.Equal(DType.Float32, x.Bincount(Tensor.FromArray(weights).To(DType.Float32), minLength).DType);
    }
}
