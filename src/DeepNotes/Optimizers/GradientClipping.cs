using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// Gradient clipping between <c>Backward()</c> and <c>Step()</c>, like <c>torch.nn.utils.clip_grad_norm_</c> and
/// <c>clip_grad_value_</c>:
/// <code>
/// loss.Backward();
/// double norm = GradientClipping.ClipByGlobalNorm(model.Parameters(), maxNorm: 1.0);
/// optimizer.Step();
/// </code>
/// Both work in place on the <see cref="Tensor.Grad"/> of the parameters that have one and skip the others.
/// </summary>
public static class GradientClipping
{
    /// <summary>Added to the total norm before dividing, as in PyTorch.</summary>
    private const double NormEpsilon = 1e-6;

    /// <summary>
    /// Rescales all gradients together so that their total norm (the norm of the concatenation of every gradient) is at
    /// most <paramref name="maxNorm"/>: each gradient is multiplied by min(1, maxNorm / (total + 1e-6)), PyTorch's
    /// <c>clip_grad_norm_</c> semantics. Norms are accumulated in double.
    /// </summary>
    /// <remarks>
    /// When the total norm is not finite (a gradient holds NaN or ±∞): with <paramref name="errorIfNonfinite"/> an
    /// <see cref="InvalidOperationException"/> is thrown; otherwise the gradients are left untouched and the non-finite
    /// norm is returned, so the caller can skip the step (<c>if (!double.IsFinite(norm)) optimizer.ZeroGrad();</c>).
    /// PyTorch instead multiplies every gradient by the resulting coefficient, which turns all of them into NaN (NaN
    /// norm) or zeros the finite ones (infinite norm); leaving them as they are keeps the information and the choice
    /// with the caller.
    /// </remarks>
    /// <param name="parameters">The parameters whose gradients to clip (those without a gradient are skipped).</param>
    /// <param name="maxNorm">The largest total norm allowed (≥ 0).</param>
    /// <param name="normType">The order p of the norm, &gt; 0 or <see cref="double.PositiveInfinity"/> (max |g|).</param>
    /// <param name="errorIfNonfinite">Throw when the total norm is NaN or infinite.</param>
    /// <returns>The total norm of the gradients before clipping (0 when no parameter has a gradient).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN, or <paramref name="normType"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The total norm is not finite and <paramref name="errorIfNonfinite"/> is set.</exception>
    public static double ClipByGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        HyperParameters.CheckNonNegative("ClipByGlobalNorm", "maximum norm", maxNorm, nameof(maxNorm));
        if (!(normType > 0))
            throw new ArgumentOutOfRangeException(nameof(normType), normType,
                $"ClipByGlobalNorm: the norm type must be > 0 or double.PositiveInfinity, got {normType}.");

        var gradients = new List<Tensor>();
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (p.Grad is { } g) gradients.Add(g);
        }
        if (gradients.Count == 0) return 0;

        double total = TotalNorm(gradients, normType);
        if (!double.IsFinite(total))
        {
            if (errorIfNonfinite)
                throw new InvalidOperationException(
                    $"ClipByGlobalNorm: the total norm of order {normType} of the gradients is {total}, so they cannot be clipped; the gradients were left unchanged.");
            return total;
        }

        double coefficient = maxNorm / (total + NormEpsilon);
        if (coefficient < 1)
        {
            foreach (var g in gradients) Scale(g, coefficient);
        }
        return total;
    }

    /// <summary>
    /// Clamps every gradient element into [−<paramref name="clipValue"/>, <paramref name="clipValue"/>] in place,
    /// like PyTorch's <c>clip_grad_value_</c> (NaN stays NaN).
    /// </summary>
    /// <param name="parameters">The parameters whose gradients to clip (those without a gradient are skipped).</param>
    /// <param name="clipValue">The largest magnitude allowed (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or NaN.</exception>
    public static void ClipByValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        HyperParameters.CheckNonNegative("ClipByValue", "clip value", clipValue, nameof(clipValue));
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (p.Grad is not { } g) continue;
            if (!g.IsContiguous)
            {
                for (int i = 0; i < g.ElementCount; i++)
                {
                    double v = g.GetRaw(i);
                    if (!double.IsNaN(v)) g.SetRaw(i, Math.Clamp(v, -clipValue, clipValue));
                }
            }
            else if (g.DType == DType.Float32)
            {
                var span = g.Span<float>();
                TensorPrimitives.Min(span, (float)clipValue, span);
                TensorPrimitives.Max(span, (float)-clipValue, span);
            }
            else
            {
                var span = g.Span<double>();
                TensorPrimitives.Min(span, clipValue, span);
                TensorPrimitives.Max(span, -clipValue, span);
            }
            g.Storage.BumpVersion();
        }
    }

    /// <summary>The p-norm of all elements of <paramref name="gradients"/> together.</summary>
    private static double TotalNorm(List<Tensor> gradients, double p)
    {
        double maxAbs = 0;
        if (double.IsPositiveInfinity(p) || (p != 1 && p != 2))
        {
            foreach (var gradient in gradients)
            {
                var g = gradient.ContiguousRaw();
                double m = g.DType == DType.Float32 ? GradientNormKernels.MaxMagnitude(g.Span<float>()) : GradientNormKernels.MaxMagnitude(g.Span<double>());
                if (double.IsNaN(m)) return double.NaN;
                maxAbs = Math.Max(maxAbs, m);
            }
            if (double.IsPositiveInfinity(p) || maxAbs == 0 || !double.IsFinite(maxAbs)) return maxAbs;
        }

        double sum = 0;
        foreach (var gradient in gradients)
        {
            var g = gradient.ContiguousRaw();
            sum += (p, g.DType) switch
            {
                (2, DType.Float32) => GradientNormKernels.SumOfSquares(g.Span<float>()),
                (2, _) => GradientNormKernels.SumOfSquares(g.Span<double>()),
                (1, DType.Float32) => GradientNormKernels.SumOfMagnitudes(g.Span<float>()),
                (1, _) => GradientNormKernels.SumOfMagnitudes(g.Span<double>()),
                (_, DType.Float32) => GradientNormKernels.SumOfScaledPowers(g.Span<float>(), p, maxAbs),
                _ => GradientNormKernels.SumOfScaledPowers(g.Span<double>(), p, maxAbs),
            };
        }
        return p switch
        {
            2 => Math.Sqrt(sum),
            1 => sum,
            _ => maxAbs * Math.Pow(sum, 1 / p),
        };
    }

    private static void Scale(Tensor g, double coefficient)
    {
        if (!g.IsContiguous)
        {
            var scaled = g.CloneRaw(); // a view may repeat storage elements (Expand): scale a copy, then write it back
            Scale(scaled, coefficient);
            scaled.CopyTo(g);
        }
        else if (g.DType == DType.Float32)
        {
            var span = g.Span<float>();
            TensorPrimitives.Multiply(span, (float)coefficient, span);
        }
        else
        {
            var span = g.Span<double>();
            TensorPrimitives.Multiply(span, coefficient, span);
        }
        g.Storage.BumpVersion();
    }
}
