using DeepNotes.Ops;
using DeepNotes.Ops.Reductions;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Product of all elements (0-dim), or over <paramref name="dims"/>: <c>[a, b, c].Prod([1]) -> [a, c]</c>. The gradient is exact with zeros in the input, as PyTorch's.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is outside [-Rank, Rank).</exception>
    public Tensor Prod(int[]? dims = null, bool keepDim = false) => Ops.Reductions.Prod.Forward(this, dims, keepDim);

    /// <summary>Product over one dimension, like <c>torch.prod(x, dim)</c>.</summary>
    public Tensor Prod(int dim, bool keepDim = false) => Ops.Reductions.Prod.Forward(this, [dim], keepDim);

    /// <summary>Cumulative sum along <paramref name="dim"/> (same shape), like <c>torch.cumsum</c>. Backward: the reversed cumulative sum of g.</summary>
    public Tensor Cumsum(int dim) => Cumulative.Cumsum(this, dim);

    /// <summary>Cumulative product along <paramref name="dim"/> (same shape); its gradient is exact with zeros in the input.</summary>
    public Tensor Cumprod(int dim) => Cumulative.Cumprod(this, dim);

    /// <summary>Running maximum along <paramref name="dim"/> and the index it came from (a later equal value takes over; NaN propagates), like <c>torch.cummax</c>.</summary>
    public ValuesAndIndices Cummax(int dim) => Cumulative.CumExtreme(this, dim, max: true);

    /// <summary>Running minimum along <paramref name="dim"/> and the index it came from, like <c>torch.cummin</c>.</summary>
    public ValuesAndIndices Cummin(int dim) => Cumulative.CumExtreme(this, dim, max: false);

    /// <summary>log Σ_{j≤i} exp(x_j) along <paramref name="dim"/>, computed stably (floating point), like <c>torch.logcumsumexp</c>.</summary>
    public Tensor Logcumsumexp(int dim) => Cumulative.Logcumsumexp(this, dim);

    /// <summary>
    /// Vector p-norm over all elements or <paramref name="dims"/>, like <c>torch.norm(x, p, dim)</c>: p = 2 (default),
    /// 1, ±∞, 0 (count of non-zeros) or any real p. The gradient at a zero norm is 0.
    /// </summary>
    public Tensor Norm(double p = 2, int[]? dims = null, bool keepDim = false) => Ops.Reductions.Norm.Forward(this, p, dims, keepDim);

    /// <summary>Vector p-norm over one dimension.</summary>
    public Tensor Norm(double p, int dim, bool keepDim = false) => Ops.Reductions.Norm.Forward(this, p, [dim], keepDim);

    /// <summary>Largest element over all elements or <paramref name="dims"/>, like <c>torch.amax</c>; the gradient is shared evenly among ties.</summary>
    public Tensor Amax(int[]? dims = null, bool keepDim = false) => Extremes.Amax(this, dims, keepDim, max: true);

    /// <summary>Largest element over one dimension; ties share the gradient (unlike <see cref="MaxWithIndices"/>).</summary>
    public Tensor Amax(int dim, bool keepDim = false) => Extremes.Amax(this, [dim], keepDim, max: true);

    /// <summary>Smallest element over all elements or <paramref name="dims"/>, like <c>torch.amin</c>; ties share the gradient.</summary>
    public Tensor Amin(int[]? dims = null, bool keepDim = false) => Extremes.Amax(this, dims, keepDim, max: false);

    /// <summary>Smallest element over one dimension; ties share the gradient.</summary>
    public Tensor Amin(int dim, bool keepDim = false) => Extremes.Amax(this, [dim], keepDim, max: false);

    /// <summary>Both <see cref="Amin(int[], bool)"/> and <see cref="Amax(int[], bool)"/> over all elements or one dimension, like <c>torch.aminmax</c>.</summary>
    public (Tensor Min, Tensor Max) Aminmax(int? dim = null, bool keepDim = false)
    {
        int[] dims = dim is int d ? [d] : [];
        return (Extremes.Amax(this, dims, keepDim, max: false), Extremes.Amax(this, dims, keepDim, max: true));
    }

    /// <summary>
    /// Largest element over <paramref name="dim"/> together with its index (the first on ties, NaN propagating), like
    /// <c>torch.max(x, dim)</c>; the gradient goes to that index.
    /// </summary>
    public ValuesAndIndices MaxWithIndices(int dim, bool keepDim = false) => Extremes.WithIndices(this, dim, keepDim, max: true);

    /// <summary>Smallest element over <paramref name="dim"/> together with its index, like <c>torch.min(x, dim)</c>.</summary>
    public ValuesAndIndices MinWithIndices(int dim, bool keepDim = false) => Extremes.WithIndices(this, dim, keepDim, max: false);

    /// <summary>Lower median of all elements (0-dim; NaN if any element is NaN); the gradient is shared evenly among elements equal to it.</summary>
    public Tensor Median() => Ops.Reductions.Median.All(this, ignoreNan: false);

    /// <summary>Lower median over <paramref name="dim"/> and its index, like <c>torch.median(x, dim)</c> (NaN propagates).</summary>
    public ValuesAndIndices Median(int dim, bool keepDim = false) => Ops.Reductions.Median.Forward(this, dim, keepDim, ignoreNan: false);

    /// <summary>Lower median of all non-NaN elements (0-dim), like <c>torch.nanmedian</c>.</summary>
    public Tensor Nanmedian() => Ops.Reductions.Median.All(this, ignoreNan: true);

    /// <summary>Lower median of the non-NaN elements over <paramref name="dim"/> and its index, like <c>torch.nanmedian(x, dim)</c>.</summary>
    public ValuesAndIndices Nanmedian(int dim, bool keepDim = false) => Ops.Reductions.Median.Forward(this, dim, keepDim, ignoreNan: true);

    /// <summary>
    /// The <paramref name="q"/>-quantile (q in [0, 1]) over <paramref name="dim"/>, or of all elements when null, like
    /// <c>torch.quantile</c>; NaN in a group gives NaN.
    /// </summary>
    public Tensor Quantile(double q, int? dim = null, bool keepDim = false, QuantileInterpolation interpolation = QuantileInterpolation.Linear) =>
        Ops.Reductions.Quantile.Forward(this, Scalar(q, DType.Float64), dim, keepDim, interpolation, ignoreNan: false);

    /// <summary>Quantiles for a 0-dim or 1-D floating <paramref name="q"/>; a 1-D q adds a leading dimension of its length: <c>[Q, *reduced]</c>.</summary>
    public Tensor Quantile(Tensor q, int? dim = null, bool keepDim = false, QuantileInterpolation interpolation = QuantileInterpolation.Linear) =>
        Ops.Reductions.Quantile.Forward(this, q, dim, keepDim, interpolation, ignoreNan: false);

    /// <summary>As <see cref="Quantile(double, int?, bool, QuantileInterpolation)"/> ignoring NaN, like <c>torch.nanquantile</c>.</summary>
    public Tensor Nanquantile(double q, int? dim = null, bool keepDim = false, QuantileInterpolation interpolation = QuantileInterpolation.Linear) =>
        Ops.Reductions.Quantile.Forward(this, Scalar(q, DType.Float64), dim, keepDim, interpolation, ignoreNan: true);

    /// <summary>As <see cref="Quantile(Tensor, int?, bool, QuantileInterpolation)"/> ignoring NaN.</summary>
    public Tensor Nanquantile(Tensor q, int? dim = null, bool keepDim = false, QuantileInterpolation interpolation = QuantileInterpolation.Linear) =>
        Ops.Reductions.Quantile.Forward(this, q, dim, keepDim, interpolation, ignoreNan: true);

    /// <summary>Most frequent value over <paramref name="dim"/> (the smallest among equally frequent ones) and the index of its last occurrence, like <c>torch.mode</c>.</summary>
    public ValuesAndIndices Mode(int dim = -1, bool keepDim = false) => Ops.Reductions.Mode.Forward(this, dim, keepDim);

    /// <summary>Sum treating NaN as zero, over all elements or <paramref name="dims"/>, like <c>torch.nansum</c>.</summary>
    public Tensor Nansum(int[]? dims = null, bool keepDim = false) => NanReductions.Nansum(this, dims, keepDim);

    /// <summary>Nansum over one dimension.</summary>
    public Tensor Nansum(int dim, bool keepDim = false) => NanReductions.Nansum(this, [dim], keepDim);

    /// <summary>Mean of the non-NaN elements over all elements or <paramref name="dims"/>, like <c>torch.nanmean</c>.</summary>
    public Tensor Nanmean(int[]? dims = null, bool keepDim = false) => NanReductions.Nanmean(this, dims, keepDim);

    /// <summary>Nanmean over one dimension.</summary>
    public Tensor Nanmean(int dim, bool keepDim = false) => NanReductions.Nanmean(this, [dim], keepDim);

    /// <summary>Number of non-zero elements over all elements or <paramref name="dims"/> (Int32), like <c>torch.count_nonzero</c>.</summary>
    public Tensor CountNonzero(int[]? dims = null) => Logical.CountNonzero(this, dims);

    /// <summary>Number of non-zero elements over one dimension (Int32).</summary>
    public Tensor CountNonzero(int dim) => Logical.CountNonzero(this, [dim]);

    /// <summary>Whether every element is non-zero (Bool, 0-dim), like <c>torch.all</c>; true for an empty tensor.</summary>
    public Tensor All() => Logical.All(this, null, false);

    /// <summary>Whether every element over <paramref name="dim"/> is non-zero (Bool).</summary>
    public Tensor All(int dim, bool keepDim = false) => Logical.All(this, [dim], keepDim);

    /// <summary>Whether any element is non-zero (Bool, 0-dim), like <c>torch.any</c>; false for an empty tensor.</summary>
    public Tensor Any() => Logical.Any(this, null, false);

    /// <summary>Whether any element over <paramref name="dim"/> is non-zero (Bool).</summary>
    public Tensor Any(int dim, bool keepDim = false) => Logical.Any(this, [dim], keepDim);

    /// <summary>Variance and mean together, like <c>torch.var_mean</c> (correction as in <see cref="Var(int[], int, bool)"/>).</summary>
    public (Tensor Var, Tensor Mean) VarMean(int[]? dims = null, int correction = 1, bool keepDim = false) =>
        (VarianceStd.Var(this, dims, correction, keepDim), Ops.Mean.Forward(this, dims, keepDim));

    /// <summary>Variance and mean over one dimension.</summary>
    public (Tensor Var, Tensor Mean) VarMean(int dim, int correction = 1, bool keepDim = false) => VarMean([dim], correction, keepDim);

    /// <summary>Standard deviation and mean together, like <c>torch.std_mean</c>.</summary>
    public (Tensor Std, Tensor Mean) StdMean(int[]? dims = null, int correction = 1, bool keepDim = false) =>
        (VarianceStd.Std(this, dims, correction, keepDim), Ops.Mean.Forward(this, dims, keepDim));

    /// <summary>Standard deviation and mean over one dimension.</summary>
    public (Tensor Std, Tensor Mean) StdMean(int dim, int correction = 1, bool keepDim = false) => StdMean([dim], correction, keepDim);
}
