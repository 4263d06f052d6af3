using DeepNotes.Ops.Activations;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>SiLU (swish), x·sigmoid(x) (<c>F.silu</c>). Same as <see cref="Tensor.Silu"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Silu(Tensor x) => ActivationInput(x).Silu();

    /// <summary>Mish, x·tanh(softplus(x)) (<c>F.mish</c>). Same as <see cref="Tensor.Mish"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Mish(Tensor x) => ActivationInput(x).Mish();

    /// <summary>Hardswish, x·relu6(x + 3)/6 (<c>F.hardswish</c>); gradient −½ at −3 and 1 at 3, as PyTorch. Same as <see cref="Tensor.Hardswish"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Hardswish(Tensor x) => ActivationInput(x).Hardswish();

    /// <summary>Hardsigmoid, relu6(x + 3)/6 (<c>F.hardsigmoid</c>); gradient 0 at ±3. Same as <see cref="Tensor.Hardsigmoid"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Hardsigmoid(Tensor x) => ActivationInput(x).Hardsigmoid();

    /// <summary>Hardtanh, min(max(x, minVal), maxVal) (<c>F.hardtanh</c>); gradient 0 at both kinks. Same as <see cref="Tensor.Hardtanh"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="minVal">The lower bound (default −1).</param>
    /// <param name="maxVal">The upper bound (default 1); must exceed <paramref name="minVal"/>.</param>
    /// <inheritdoc cref="Tensor.Hardtanh" path="/returns"/>
    /// <inheritdoc cref="Tensor.Hardtanh" path="/exception"/>
    public static Tensor Hardtanh(Tensor x, double minVal = -1, double maxVal = 1) => ActivationInput(x).Hardtanh(minVal, maxVal);

    /// <summary>Hardshrink: 0 on [−λ, λ], x elsewhere (<c>F.hardshrink</c>). Same as <see cref="Tensor.Hardshrink"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="lambda">λ ≥ 0 (default 0.5).</param>
    /// <inheritdoc cref="Tensor.Hardshrink" path="/returns"/>
    /// <inheritdoc cref="Tensor.Hardshrink" path="/exception"/>
    public static Tensor Hardshrink(Tensor x, double lambda = 0.5) => ActivationInput(x).Hardshrink(lambda);

    /// <summary>Softshrink: x ∓ λ outside [−λ, λ], 0 inside (<c>F.softshrink</c>). Same as <see cref="Tensor.Softshrink"/>.</summary>
    /// <inheritdoc cref="Hardshrink(Tensor, double)" path="/param"/>
    /// <inheritdoc cref="Tensor.Hardshrink" path="/returns"/>
    /// <inheritdoc cref="Tensor.Hardshrink" path="/exception"/>
    public static Tensor Softshrink(Tensor x, double lambda = 0.5) => ActivationInput(x).Softshrink(lambda);

    /// <summary>Tanhshrink, x − tanh(x) (<c>F.tanhshrink</c>). Same as <see cref="Tensor.Tanhshrink"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Tanhshrink(Tensor x) => ActivationInput(x).Tanhshrink();

    /// <summary>Softsign, x/(1 + |x|) (<c>F.softsign</c>). Same as <see cref="Tensor.Softsign"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Softsign(Tensor x) => ActivationInput(x).Softsign();

    /// <summary>Log-sigmoid, min(x, 0) − log1p(e^(−|x|)) (<c>F.logsigmoid</c>), finite for finite input. Same as <see cref="Tensor.LogSigmoid"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor LogSigmoid(Tensor x) => ActivationInput(x).LogSigmoid();

    /// <summary>SELU with PyTorch's α and λ (<c>F.selu</c>). Same as <see cref="Tensor.Selu"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Selu(Tensor x) => ActivationInput(x).Selu();

    /// <summary>CELU, x for x &gt; 0, α(e^(x/α) − 1) otherwise (<c>F.celu</c>). Same as <see cref="Tensor.Celu"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="alpha">α (default 1); must be non-zero.</param>
    /// <inheritdoc cref="Tensor.Celu" path="/returns"/>
    /// <inheritdoc cref="Tensor.Celu" path="/exception"/>
    public static Tensor Celu(Tensor x, double alpha = 1.0) => ActivationInput(x).Celu(alpha);

    /// <summary>Threshold: <paramref name="value"/> where x ≤ <paramref name="threshold"/>, else x (<c>F.threshold</c>). Same as <see cref="Tensor.Threshold"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="threshold">The threshold.</param>
    /// <param name="value">The replacement value.</param>
    /// <inheritdoc cref="Tensor.Threshold" path="/returns"/>
    /// <inheritdoc cref="Tensor.Threshold" path="/exception"/>
    public static Tensor Threshold(Tensor x, double threshold, double value) => ActivationInput(x).Threshold(threshold, value);

    /// <summary>Softmin along <paramref name="axis"/>, softmax(−x) (<c>F.softmin</c>): each slice sums to 1, the smallest input gets the largest weight.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="axis">The axis to normalise over; negative counts from the end.</param>
    /// <inheritdoc cref="Tensor.Softmax" path="/returns"/>
    /// <inheritdoc cref="Tensor.Softmax" path="/exception"/>
    public static Tensor Softmin(Tensor x, int axis) => ActivationInput(x).Neg().Softmax(axis);

    /// <summary>
    /// Gated linear unit (<c>F.glu</c>): splits <paramref name="x"/> in halves a, b along <paramref name="axis"/> and
    /// returns a ⊙ sigmoid(b): <c>[*, 2n, *] -> [*, n, *]</c>.
    /// </summary>
    /// <param name="x">Float32 or Float64 of rank ≥ 1 whose size along <paramref name="axis"/> is even.</param>
    /// <param name="axis">The axis to halve (default −1, the last); negative counts from the end.</param>
    /// <returns>A new tensor with that axis halved.</returns>
    /// <exception cref="ArgumentException">The tensor is not floating point, is 0-dimensional, or the axis has odd size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is outside [−rank, rank).</exception>
    public static Tensor Glu(Tensor x, int axis = -1)
    {
        ActivationInput(x).CheckFloatingPoint("Glu");
        if (x.Rank == 0)
            throw new ArgumentException("Glu: a 0-dimensional tensor cannot be halved; expected rank >= 1.", nameof(x));
        if (axis < -x.Rank || axis >= x.Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Glu: axis {axis} is out of range for a tensor of rank {x.Rank} {x.Shape}.");
        int a = axis < 0 ? axis + x.Rank : axis;
        int size = x.Shape[a];
        if (size % 2 != 0)
            throw new ArgumentException($"Glu: the halved axis {axis} must have even size, got {size} in {x.Shape}.", nameof(x));
        int half = size / 2;
        return x.Narrow(a, 0, half) * x.Narrow(a, half, half).Sigmoid();
    }

    /// <summary>
    /// RReLU (<c>F.rrelu</c>): when <paramref name="training"/>, each x ≤ 0 is multiplied by its own slope drawn from
    /// U(<paramref name="lower"/>, <paramref name="upper"/>) on <paramref name="generator"/> (the gradient is that slope,
    /// also at 0); otherwise the leaky ReLU with slope (lower + upper)/2 (gradient at 0: that slope).
    /// </summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="lower">The lower bound of the slopes (default 1/8).</param>
    /// <param name="upper">The upper bound of the slopes (default 1/3).</param>
    /// <param name="training">Draw random slopes (default false, as <c>F.rrelu</c>).</param>
    /// <param name="generator">Source of the slopes, one draw per element x ≤ 0 in logical order (default: <see cref="Generator.Default"/>).</param>
    /// <returns>A new tensor of the shape and dtype of <paramref name="x"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite or <paramref name="lower"/> exceeds <paramref name="upper"/>.</exception>
    public static Tensor RRelu(Tensor x, double lower = 1.0 / 8, double upper = 1.0 / 3, bool training = false, Generator? generator = null)
    {
        ActivationInput(x);
        CheckRReluBounds(lower, upper);
        return RandomizedLeakyRelu.Forward(x, lower, upper, training, generator ?? Generator.Default);
    }

    /// <summary>
    /// Alpha dropout (<c>F.alpha_dropout</c>), for self-normalising networks with <see cref="Selu(Tensor)"/>: when
    /// <paramref name="training"/> and p &gt; 0, each element is dropped with probability <paramref name="p"/> to SELU's
    /// negative saturation and the result rescaled so that zero mean and unit variance are kept; otherwise
    /// <paramref name="input"/> is returned unchanged.
    /// </summary>
    /// <param name="input">Any floating-point tensor.</param>
    /// <param name="p">Drop probability in [0, 1]; p = 1 gives zeros.</param>
    /// <param name="training">Whether to drop (default false, as <c>F.alpha_dropout</c>).</param>
    /// <param name="generator">Source of the mask, one draw per element in logical order (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The input is not floating point.</exception>
    public static Tensor AlphaDropout(Tensor input, double p = 0.5, bool training = false, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckDropoutP("AlphaDropout", p);
        return training && p > 0 && input.ElementCount > 0 ? Ops.AlphaDropoutNoise.Forward(input, p, feature: false, generator ?? Generator.Default) : input;
    }

    /// <summary>
    /// Feature alpha dropout (<c>F.feature_alpha_dropout</c>): <see cref="AlphaDropout"/> with one draw per feature map
    /// (per index of the first two dimensions of <c>[N, C, *]</c>), so whole channels are dropped.
    /// </summary>
    /// <param name="input">A floating-point tensor of rank ≥ 2, <c>[N, C, *]</c>.</param>
    /// <param name="p">Drop probability in [0, 1]; p = 1 gives zeros.</param>
    /// <param name="training">Whether to drop (default false, as <c>F.feature_alpha_dropout</c>).</param>
    /// <param name="generator">Source of the mask, one draw per (n, c) in that order (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The input is not floating point or has fewer than 2 dimensions.</exception>
    public static Tensor FeatureAlphaDropout(Tensor input, double p = 0.5, bool training = false, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckDropoutP("FeatureAlphaDropout", p);
        if (input.Rank < 2)
            throw new ArgumentException($"FeatureAlphaDropout expects an input of at least 2 dimensions [N, C, *], got {input.Shape}.", nameof(input));
        return training && p > 0 && input.ElementCount > 0 ? Ops.AlphaDropoutNoise.Forward(input, p, feature: true, generator ?? Generator.Default) : input;
    }

    internal static void CheckRReluBounds(double lower, double upper)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
            throw new ArgumentOutOfRangeException(nameof(lower), lower, $"RRelu: lower ({lower}) and upper ({upper}) must be finite with lower <= upper.");
    }

    internal static void CheckDropoutP(string op, double p)
    {
        if (!(p is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{op} probability must be in [0, 1], got {p}.");
    }
}
