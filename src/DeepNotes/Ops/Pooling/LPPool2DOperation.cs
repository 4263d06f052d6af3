using System.Globalization;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Power-average (p-norm) pooling, composed exactly like PyTorch's <c>lp_pool2d</c> so that values and gradients match
/// it, edge cases included: a = avg_pool(xᵖ) (padding 0, padding counted), then y = (sign(a)·relu(|a|)·kH·kW)^(1/p).
/// For full windows this is (Σ xᵖ)^(1/p): the sum for p = 1, the Euclidean norm for p = 2, tending to the max of
/// non-negative inputs as p grows. Like PyTorch, a ceil-mode window cut by the input edge is averaged over its clipped
/// size and then multiplied by the full kernel size, and a negative x with a non-integer p gives NaN. The 1-D form
/// (<c>lp_pool1d</c>) is the same over a 1-high window, scaled by its length.
/// </summary>
internal static class LPPool2DOperation
{
    public static Tensor Forward(Tensor x, double p, PoolOptions options)
    {
        CheckNormType(options.Name, p);
        options.Resolve(x, Extra(p)); // the shape check, naming this pooling
        Tensor a = AvgPool2DOperation.Forward(x.Pow(p), options, countIncludePad: true, divisorOverride: null);
        Tensor scaled = a.Sign() * a.Abs().Relu() * (double)(options.KH * options.KW);
        return scaled.Pow(1 / p);
    }

    /// <summary>Throws unless p is positive and finite.</summary>
    public static void CheckNormType(string name, double p)
    {
        if (!(p > 0) || double.IsInfinity(p))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: norm type p must be positive and finite, got {p}."), "normType");
    }

    /// <summary>The norm type as shown by <c>Describe()</c>.</summary>
    public static string Extra(double p) => string.Create(CultureInfo.InvariantCulture, $"p {p}");
}
