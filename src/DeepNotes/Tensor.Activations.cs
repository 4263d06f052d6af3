using DeepNotes.Ops.Activations;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>ReLU, max(x, 0), elementwise (<c>torch.relu</c>). The gradient at 0 is 0.</summary>
    /// <returns>A new contiguous tensor of the same shape and dtype.</returns>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    public Tensor Relu() => Ops.Activations.ReluOperation.Forward(this);

    /// <summary>Logistic sigmoid 1/(1 + e⁻ˣ) elementwise: exactly 0 or 1 far out, never NaN for finite input.</summary>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <inheritdoc cref="Relu" path="/exception"/>
    public Tensor Sigmoid() => Ops.Activations.SigmoidOperation.Forward(this);

    /// <summary>Hyperbolic tangent elementwise: exactly ±1 far out, full precision near 0.</summary>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <inheritdoc cref="Relu" path="/exception"/>
    public Tensor Tanh() => Ops.Activations.TanhOperation.Forward(this);

    /// <summary>Leaky ReLU: x where x &gt; 0, <paramref name="negativeSlope"/>·x elsewhere (<c>F.leaky_relu</c>). The gradient at 0 is the slope.</summary>
    /// <param name="negativeSlope">The slope for x ≤ 0 (PyTorch's default 0.01).</param>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is not finite.</exception>
    public Tensor LeakyRelu(double negativeSlope = 0.01) => Ops.Activations.LeakyReluOperation.Forward(this, negativeSlope);

    /// <summary>ELU: x where x &gt; 0, α·(eˣ − 1) elsewhere (<c>F.elu</c>). The gradient at 0 is α.</summary>
    /// <param name="alpha">The scale of the negative part (PyTorch's default 1).</param>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite.</exception>
    public Tensor Elu(double alpha = 1.0) => Ops.Activations.EluOperation.Forward(this, alpha);

    /// <summary>GELU, x·Φ(x) with Φ the standard normal CDF (<c>F.gelu</c>), exact or with PyTorch's tanh approximation.</summary>
    /// <param name="approximate"><see cref="GeluApproximation.None"/> (exact, the default) or <see cref="GeluApproximation.Tanh"/>.</param>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximate"/> is not a defined value.</exception>
    public Tensor Gelu(GeluApproximation approximate = GeluApproximation.None) => Ops.Activations.GeluOperation.Forward(this, approximate);

    /// <summary>
    /// Softplus (1/β)·log(1 + e^(βx)) elementwise (<c>F.softplus</c>); x itself where βx &gt; <paramref name="threshold"/>.
    /// Finite and precise for any x.
    /// </summary>
    /// <param name="beta">β (PyTorch's default 1); must be non-zero.</param>
    /// <param name="threshold">Above this value of βx the function is taken as linear (PyTorch's default 20).</param>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is 0 or not finite, or <paramref name="threshold"/> is NaN.</exception>
    public Tensor Softplus(double beta = 1, double threshold = 20) => Ops.Activations.SoftplusOperation.Forward(this, beta, threshold);

    /// <summary>ReLU6, min(max(x, 0), 6) elementwise (<c>F.relu6</c>). The gradient is 0 at 0 and at 6.</summary>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <inheritdoc cref="Relu" path="/exception"/>
    public Tensor Relu6() => Ops.Activations.Relu6Operation.Forward(this);

    /// <summary>Sign elementwise: −1, 0 or 1 (0 for NaN, as PyTorch 1.13). Its gradient is zero everywhere.</summary>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <inheritdoc cref="Relu" path="/exception"/>
    public Tensor Sign() => Ops.Activations.SignOperation.Forward(this);

    /// <summary>
    /// Softmax along <paramref name="axis"/> (<c>F.softmax</c>): exp(x − max)/Σ exp(x − max), so any magnitude is
    /// safe. Each slice along the axis sums to 1. Works on any shape, including empty ones.
    /// </summary>
    /// <param name="axis">The axis to normalise over; negative counts from the end.</param>
    /// <inheritdoc cref="Relu" path="/returns"/>
    /// <exception cref="ArgumentException">The tensor is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
    public Tensor Softmax(int axis) => Ops.Activations.SoftmaxOperation.Forward(this, axis);

    /// <summary>
    /// Log-softmax along <paramref name="axis"/> (<c>F.log_softmax</c>): x − max − log Σ exp(x − max), finite for finite
    /// input (log-softmax of [1, 2, 3000] is [−2999, −2998, 0]). Prefer it to <c>Softmax(axis).Log()</c>.
    /// </summary>
    /// <inheritdoc cref="Softmax(int)"/>
    public Tensor LogSoftmax(int axis) => Ops.Activations.LogSoftmaxOperation.Forward(this, axis);
}
