using DeepNotes.Optimizers;

namespace DeepNotes.Training;

/// <summary>
/// Gradient clipping for <see cref="Trainer.Fit"/>, applied to the model's gradients after the (accumulated) backward
/// passes and before the optimizer step: <see cref="ByNorm"/> is <c>torch.nn.utils.clip_grad_norm_</c>,
/// <see cref="ByValue"/> is <c>clip_grad_value_</c> (both through <see cref="GradientClipping"/>).
/// </summary>
public sealed record GradientClip
{
    private GradientClip(double? maxNorm, double normType, double? clipValue)
    {
        MaxNorm = maxNorm;
        NormType = normType;
        ClipValue = clipValue;
    }

    /// <summary>The largest total gradient norm, for <see cref="ByNorm"/>; otherwise null.</summary>
    public double? MaxNorm { get; }

    /// <summary>The order p of the norm, for <see cref="ByNorm"/>.</summary>
    public double NormType { get; }

    /// <summary>The largest |gradient| element, for <see cref="ByValue"/>; otherwise null.</summary>
    public double? ClipValue { get; }

    /// <summary>Rescales all gradients together so that their total p-norm is at most <paramref name="maxNorm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN, or <paramref name="normType"/> is not positive.</exception>
    public static GradientClip ByNorm(double maxNorm, double normType = 2)
    {
        if (!(maxNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"GradientClip.ByNorm: the maximum norm must be ≥ 0, got {maxNorm}.");
        if (!(normType > 0)) throw new ArgumentOutOfRangeException(nameof(normType), normType, $"GradientClip.ByNorm: the norm order must be > 0, got {normType}.");
        return new GradientClip(maxNorm, normType, null);
    }

    /// <summary>Clamps every gradient element into [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or NaN.</exception>
    public static GradientClip ByValue(double clipValue)
    {
        if (!(clipValue >= 0)) throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, $"GradientClip.ByValue: the clip value must be ≥ 0, got {clipValue}.");
        return new GradientClip(null, 2, clipValue);
    }

    /// <summary>Clips the gradients of <paramref name="parameters"/> in place; returns the total norm before clipping (NaN for <see cref="ByValue"/>).</summary>
    internal double Apply(IEnumerable<Tensor> parameters)
    {
        if (MaxNorm is double maxNorm) return GradientClipping.ClipByGlobalNorm(parameters, maxNorm, NormType);
        GradientClipping.ClipByValue(parameters, ClipValue!.Value);
        return double.NaN;
    }

    /// <inheritdoc/>
    public override string ToString() => MaxNorm is double n ? $"ByNorm({n}, p={NormType})" : $"ByValue({ClipValue})";
}
