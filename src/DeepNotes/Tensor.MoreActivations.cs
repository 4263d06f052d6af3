using DeepNotes.Ops.Activations;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>SiLU (swish), x·sigmoid(x), elementwise (<c>F.silu</c>). Smooth; the gradient at 0 is ½.</summary>
    /// <returns>A new contiguous tensor of the same shape and dtype.</returns>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    public Tensor Silu() => SmoothActivations.Silu(this);

    /// <summary>Mish, x·tanh(softplus(x)), elementwise (<c>F.mish</c>). Smooth; the gradient at 0 is tanh(ln 2) = 0.6.</summary>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Silu" path="/exception"/>
    public Tensor Mish() => SmoothActivations.Mish(this);

    /// <summary>
    /// Hardswish, x·min(max(x + 3, 0), 6)/6, elementwise (<c>F.hardswish</c>): 0 for x ≤ −3, x for x ≥ 3. At the
    /// kinks the gradient is PyTorch's: −½ at −3 (the middle piece's slope x/3 + ½) and 1 at 3.
    /// </summary>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Silu" path="/exception"/>
    public Tensor Hardswish() => PiecewiseActivations.Hardswish(this);

    /// <summary>Hardsigmoid, min(max(x + 3, 0), 6)/6, elementwise (<c>F.hardsigmoid</c>). The gradient is 1/6 strictly inside (−3, 3) and 0 at ±3.</summary>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Silu" path="/exception"/>
    public Tensor Hardsigmoid() => PiecewiseActivations.Hardsigmoid(this);

    /// <summary>Hardtanh, min(max(x, minVal), maxVal), elementwise (<c>F.hardtanh</c>). The gradient is 1 strictly inside and 0 at both kinks.</summary>
    /// <param name="minVal">The lower bound (PyTorch's default −1).</param>
    /// <param name="maxVal">The upper bound (PyTorch's default 1); must exceed <paramref name="minVal"/>.</param>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minVal"/> is not less than <paramref name="maxVal"/>.</exception>
    public Tensor Hardtanh(double minVal = -1, double maxVal = 1) => PiecewiseActivations.Hardtanh(this, minVal, maxVal);

    /// <summary>Hardshrink: 0 where −λ ≤ x ≤ λ, x elsewhere (<c>torch.hardshrink</c>). The gradient is 0 at ±λ.</summary>
    /// <param name="lambda">λ ≥ 0 (PyTorch's default 0.5).</param>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative or not finite.</exception>
    public Tensor Hardshrink(double lambda = 0.5) => PiecewiseActivations.Hardshrink(this, lambda);

    /// <summary>Softshrink: x − λ above λ, x + λ below −λ, 0 between (<c>F.softshrink</c>). The gradient is 0 at ±λ.</summary>
    /// <inheritdoc cref="Hardshrink" path="/param"/>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Hardshrink" path="/exception"/>
    public Tensor Softshrink(double lambda = 0.5) => PiecewiseActivations.Softshrink(this, lambda);

    /// <summary>Tanhshrink, x − tanh(x), elementwise (<c>F.tanhshrink</c>).</summary>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Silu" path="/exception"/>
    public Tensor Tanhshrink() => SmoothActivations.Tanhshrink(this);

    /// <summary>Softsign, x/(1 + |x|), elementwise (<c>F.softsign</c>). The gradient 1/(1 + |x|)² is 1 at 0.</summary>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Silu" path="/exception"/>
    public Tensor Softsign() => PiecewiseActivations.Softsign(this);

    /// <summary>
    /// Log-sigmoid, log(1/(1 + e⁻ˣ)) = min(x, 0) − log1p(e^(−|x|)), elementwise (<c>F.logsigmoid</c>): finite for any
    /// finite x (−1e4 gives −1e4, never −∞). Prefer it to <c>Sigmoid().Log()</c>.
    /// </summary>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Silu" path="/exception"/>
    public Tensor LogSigmoid() => SmoothActivations.LogSigmoid(this);

    /// <summary>
    /// SELU, λ·x for x &gt; 0 and λα(eˣ − 1) otherwise, with PyTorch's α ≈ 1.6733 and λ ≈ 1.0507 (<c>torch.selu</c>).
    /// The gradient at 0 is λα.
    /// </summary>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <inheritdoc cref="Silu" path="/exception"/>
    public Tensor Selu() => SmoothActivations.Selu(this);

    /// <summary>CELU, x for x &gt; 0 and α(e^(x/α) − 1) otherwise (<c>torch.celu</c>). The gradient at 0 is 1.</summary>
    /// <param name="alpha">α (PyTorch's default 1); must be non-zero.</param>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is 0 or not finite.</exception>
    public Tensor Celu(double alpha = 1.0) => SmoothActivations.Celu(this, alpha);

    /// <summary>Threshold: <paramref name="value"/> where x ≤ <paramref name="threshold"/>, x elsewhere (<c>torch.threshold</c>). The gradient is 0 at the threshold.</summary>
    /// <param name="threshold">The threshold.</param>
    /// <param name="value">The value that replaces every x ≤ <paramref name="threshold"/>.</param>
    /// <inheritdoc cref="Silu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN.</exception>
    public Tensor Threshold(double threshold, double value) => PiecewiseActivations.Threshold(this, threshold, value);
}
