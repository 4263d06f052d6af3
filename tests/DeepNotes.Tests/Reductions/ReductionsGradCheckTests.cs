using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Reductions;

/// <summary>
/// Float64 GradCheck of every differentiable reduction, cumulative, selection and sorting op over contiguous,
/// transposed and sliced inputs, along each dimension (negative too) with and without keepDim. Selection ops get
/// Distinct values (no ties, where the derivative is undefined).
/// </summary>
public class ReductionsGradCheckTests
{
    private static readonly Layout[] Layouts = [Layout.Contiguous, Layout.Transposed, Layout.Sliced];

    /// <summary>(op, value kind, function of x and a dimension and keepDim).</summary>
    private static readonly Dictionary<string, (Values Kind, Func<Tensor, int, bool, Tensor> F)> Ops = new()
    {
        ["Prod"] = (Values.Normal, (x, d, k) => x.Prod(d, k)),
        ["ProdAll"] = (Values.Normal, (x, d, k) => x.Prod()),
        ["ProdDims"] = (Values.Normal, (x, d, k) => x.Prod([0, 1], k)),
        ["ProdWithZero"] = (Values.Normal, (x, d, k) => WithZeros(x, 1).Prod(d, k)),
        ["ProdWithTwoZeros"] = (Values.Normal, (x, d, k) => WithZeros(x, 2).Prod(d, k)),
        ["Cumsum"] = (Values.Normal, (x, d, k) => x.Cumsum(d)),
        ["Cumprod"] = (Values.Normal, (x, d, k) => x.Cumprod(d)),
        ["CumprodWithZero"] = (Values.Normal, (x, d, k) => WithZeros(x, 1).Cumprod(d)),
        ["CumprodWithTwoZeros"] = (Values.Normal, (x, d, k) => WithZeros(x, 2).Cumprod(d)),
        ["Cummax"] = (Values.Distinct, (x, d, k) => x.Cummax(d).Values),
        ["Cummin"] = (Values.Distinct, (x, d, k) => x.Cummin(d).Values),
        ["Logcumsumexp"] = (Values.Normal, (x, d, k) => x.Logcumsumexp(d)),
        ["Norm2"] = (Values.Normal, (x, d, k) => x.Norm(2, d, k)),
        ["Norm2All"] = (Values.Normal, (x, d, k) => x.Norm()),
        ["Norm1"] = (Values.AwayFromZero, (x, d, k) => x.Norm(1, d, k)),
        ["NormInf"] = (Values.Distinct, (x, d, k) => x.Norm(double.PositiveInfinity, d, k)),
        ["NormNegInf"] = (Values.Distinct, (x, d, k) => x.Norm(double.NegativeInfinity, d, k)),
        ["Norm3"] = (Values.Normal, (x, d, k) => x.Norm(3, d, k)),
        ["Norm0.5"] = (Values.AwayFromZero, (x, d, k) => x.Norm(0.5, d, k)),
        ["NormNeg1"] = (Values.AwayFromZero, (x, d, k) => x.Norm(-1, d, k)),
        ["Amax"] = (Values.Distinct, (x, d, k) => x.Amax(d, k)),
        ["AmaxAll"] = (Values.Distinct, (x, d, k) => x.Amax()),
        ["Amin"] = (Values.Distinct, (x, d, k) => x.Amin([d], k)),
        ["AminmaxMin"] = (Values.Distinct, (x, d, k) => x.Aminmax(d, k).Min),
        ["AminmaxMax"] = (Values.Distinct, (x, d, k) => x.Aminmax(d, k).Max),
        ["MaxWithIndices"] = (Values.Distinct, (x, d, k) => x.MaxWithIndices(d, k).Values),
        ["MinWithIndices"] = (Values.Distinct, (x, d, k) => x.MinWithIndices(d, k).Values),
        ["Median"] = (Values.Distinct, (x, d, k) => x.Median(d, k).Values),
        ["MedianAll"] = (Values.Distinct, (x, d, k) => x.Median()),
        ["Nanmedian"] = (Values.Distinct, (x, d, k) => x.Nanmedian(d, k).Values),
        ["NanmedianAll"] = (Values.Distinct, (x, d, k) => x.Nanmedian()),
        ["QuantileLinear"] = (Values.Distinct, (x, d, k) => x.Quantile(Tensor.FromArray(new[] { 0.0, 0.3, 0.5, 0.85, 1 }), d, k)),
        ["QuantileAll"] = (Values.Distinct, (x, d, k) => x.Quantile(0.37)),
        ["QuantileLower"] = (Values.Distinct, (x, d, k) => x.Quantile(0.3, d, k, QuantileInterpolation.Lower)),
        ["QuantileHigher"] = (Values.Distinct, (x, d, k) => x.Quantile(0.3, d, k, QuantileInterpolation.Higher)),
        ["QuantileMidpoint"] = (Values.Distinct, (x, d, k) => x.Quantile(0.3, d, k, QuantileInterpolation.Midpoint)),
        ["QuantileNearest"] = (Values.Distinct, (x, d, k) => x.Quantile(0.3, d, k, QuantileInterpolation.Nearest)),
        ["Nanquantile"] = (Values.Distinct, (x, d, k) => x.Nanquantile(0.6, d, k)),
        ["Mode"] = (Values.Distinct, (x, d, k) => x.Mode(d, k).Values),
        ["Nansum"] = (Values.Normal, (x, d, k) => x.Nansum(d, k)),
        ["Nanmean"] = (Values.Normal, (x, d, k) => x.Nanmean(d, k)),
        ["VarMean"] = (Values.Normal, (x, d, k) => Both(x.VarMean(d, 1, k))),
        ["StdMean"] = (Values.Normal, (x, d, k) => Both(x.StdMean(d, 0, k))),
        ["Sort"] = (Values.Distinct, (x, d, k) => x.Sort(d).Values),
        ["SortDescending"] = (Values.Distinct, (x, d, k) => x.Sort(d, descending: true).Values),
        ["Msort"] = (Values.Distinct, (x, d, k) => x.Msort()),
        ["TopK"] = (Values.Distinct, (x, d, k) => x.TopK(2, d).Values),
        ["TopKSmallest"] = (Values.Distinct, (x, d, k) => x.TopK(2, d, largest: false).Values),
        ["KthValue"] = (Values.Distinct, (x, d, k) => x.KthValue(2, d, k).Values),
    };

    private static Tensor Both((Tensor A, Tensor B) t) => Tensor.Concat([t.A.Reshape(-1), t.B.Reshape(-1)]);

    /// <summary>
    /// Marks the ops whose input gets exact zeros planted in the leaf: one zero (flat position 1), or two zeros in
    /// one row and in one column of a [3, 4] input (positions 1, 2 and 5).
    /// </summary>
    private static Tensor WithZeros(Tensor x, int count) => x;

    private static int[] ZeroPositions(string op) =>
        op.Contains("TwoZeros", StringComparison.Ordinal) ? [1, 2, 5] : op.Contains("Zero", StringComparison.Ordinal) ? [1] : [];

    public static TheoryData<string, Layout, int, bool> Cases()
    {
        var data = new TheoryData<string, Layout, int, bool>();
        foreach (string op in Ops.Keys)
            foreach (Layout layout in Layouts)
                foreach (int dim in new[] { 0, -1 })
                    foreach (bool keep in new[] { false, true })
                    {
                        bool dimless = op.EndsWith("All", StringComparison.Ordinal) || op.StartsWith("Cum", StringComparison.Ordinal) ||
                                       op is "Logcumsumexp" or "Msort" or "Sort" or "SortDescending" or "TopK" or "TopKSmallest";
                        if (dimless && keep) continue; // keepDim does not apply
                        if (op.EndsWith("All", StringComparison.Ordinal) && dim != 0) continue;
                        data.Add(op, layout, dim, keep);
                    }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Op_PassesGradCheck(string op, Layout layout, int dim, bool keepDim)
    {
        var (kind, f) = Ops[op];
        Tensor x = Input([3, 4], 1337, kind, layout, requiresGrad: false);
        foreach (int p in ZeroPositions(op)) x.SetRaw(p, 0);
        x.RequiresGrad = true;
        Check(t => f(t[0], dim, keepDim), x);
    }

    [Theory]
    [InlineData("Nansum")]
    [InlineData("Nanmean")]
    [InlineData("Nanmedian")]
    [InlineData("Nanquantile")]
    public void NanOps_PassGradCheck_WithNanInTheInput(string op)
    {
        foreach (Layout layout in Layouts)
        {
            Tensor x = Input([3, 4], 7, Values.Distinct, layout, requiresGrad: false);
            x.SetRaw(1, double.NaN);
            x.SetRaw(6, double.NaN);
            x.RequiresGrad = true;
            Func<Tensor, Tensor> f = op switch
            {
                "Nansum" => t => t.Nansum(1),
                "Nanmean" => t => t.Nanmean(1),
                "Nanmedian" => t => t.Nanmedian(1).Values,
                _ => t => t.Nanquantile(0.4, 1),
            };
            Check(t => f(t[0]), x);
            Assert.DoesNotContain(D(f(x)), double.IsNaN);
        }
    }

    [Fact]
    public void Logcumsumexp_GradCheck_WithLargeInputs()
    {
        var x = Tensor.FromArray(new[] { 1000.0, 1001, -5, 1002, 998 }, requiresGrad: true);
        Check(t => t[0].Logcumsumexp(0), x);
    }

    [Fact]
    public void SortOf3D_GradCheck_AlongTheMiddleDimension()
    {
        Tensor x = Input([2, 5, 3], 99, Values.Distinct, Layout.Sliced);
        Check(t => t[0].Sort(1, descending: true).Values, x);
        Check(t => t[0].TopK(3, 1, largest: false).Values, x);
        Check(t => t[0].Cummax(-2).Values, x);
        Check(t => t[0].Quantile(0.25, -2), x);
    }
}
