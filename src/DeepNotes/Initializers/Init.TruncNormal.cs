namespace DeepNotes.Initializers;

public static partial class Init
{
    /// <summary>
    /// Fills with draws from N(<paramref name="mean"/>, <paramref name="std"/>²) truncated to
    /// [<paramref name="a"/>, <paramref name="b"/>] (PyTorch's <c>trunc_normal_</c>, as used for ViT and Swin weights):
    /// each value is Φ⁻¹ of a uniform draw between Φ((a − mean)/std) and Φ((b − mean)/std), so every draw lands in the
    /// interval however far it lies in a tail, and no draws are rejected. One uniform draw per element, in logical
    /// order, from <paramref name="generator"/>.
    /// </summary>
    /// <param name="tensor">The Float32 or Float64 tensor to fill, in place.</param>
    /// <param name="mean">The mean of the untruncated normal.</param>
    /// <param name="std">Its standard deviation, &gt; 0.</param>
    /// <param name="a">The lower cut-off (PyTorch's default −2, absolute, not in standard deviations).</param>
    /// <param name="b">The upper cut-off (default 2).</param>
    /// <param name="generator">Source of the draws (default: <see cref="Generator.Default"/>).</param>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is not positive and finite, or the bounds are not ordered a &lt; b.</exception>
    public static Tensor TruncNormal(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2, Generator? generator = null)
    {
        CheckFloating(tensor, nameof(TruncNormal));
        if (!(std > 0) || !double.IsFinite(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, $"Init.TruncNormal: std must be positive and finite, got {std}.");
        if (!(a < b) || !double.IsFinite(mean))
            throw new ArgumentOutOfRangeException(nameof(b), b, $"Init.TruncNormal: expected a < b and a finite mean, got a = {a}, b = {b}, mean = {mean}.");
        var g = generator ?? Generator.Default;
        double lo = Kernels.ActivationMath.NormalCdf((a - mean) / std), hi = Kernels.ActivationMath.NormalCdf((b - mean) / std);
        return FillWith(tensor, () =>
        {
            double u = lo + (hi - lo) * g.NextDouble();
            double v = mean + std * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, u);
            return Math.Clamp(v, a, b);   // rounding of Φ⁻¹ near a bound cannot leave the interval
        });
    }
}
