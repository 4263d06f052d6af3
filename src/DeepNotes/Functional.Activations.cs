namespace DeepNotes;

/// <summary>
/// Stateless functions of tensors, like <c>torch.nn.functional</c>: activations, linear maps, dropout, losses and
/// more, each differentiable. The layers in <c>DeepNotes.Layers</c> wrap them together with their parameters.
/// </summary>
public static partial class Functional
{
    /// <summary>ReLU, max(x, 0), elementwise (<c>F.relu</c>); gradient 0 at 0. Same as <see cref="Tensor.Relu"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <returns>A new tensor of the shape and dtype of <paramref name="x"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not Float32 or Float64.</exception>
    public static Tensor Relu(Tensor x) => ActivationInput(x).Relu();

    /// <summary>Logistic sigmoid 1/(1 + e⁻ˣ) (<c>torch.sigmoid</c>). Same as <see cref="Tensor.Sigmoid"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Sigmoid(Tensor x) => ActivationInput(x).Sigmoid();

    /// <summary>Hyperbolic tangent (<c>torch.tanh</c>). Same as <see cref="Tensor.Tanh"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Tanh(Tensor x) => ActivationInput(x).Tanh();

    /// <summary>Leaky ReLU (<c>F.leaky_relu</c>): x where x &gt; 0, else <paramref name="negativeSlope"/>·x. Same as <see cref="Tensor.LeakyRelu"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="negativeSlope">The slope for x ≤ 0 (default 0.01); also the gradient at 0.</param>
    /// <inheritdoc cref="Tensor.LeakyRelu" path="/returns"/>
    /// <inheritdoc cref="Tensor.LeakyRelu" path="/exception"/>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => ActivationInput(x).LeakyRelu(negativeSlope);

    /// <summary>ELU (<c>F.elu</c>): x where x &gt; 0, else α·(eˣ − 1). Same as <see cref="Tensor.Elu"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="alpha">The scale of the negative part (default 1); also the gradient at 0.</param>
    /// <inheritdoc cref="Tensor.Elu" path="/returns"/>
    /// <inheritdoc cref="Tensor.Elu" path="/exception"/>
    public static Tensor Elu(Tensor x, double alpha = 1.0) => ActivationInput(x).Elu(alpha);

    /// <summary>GELU (<c>F.gelu</c>): x·Φ(x), exact or with the tanh approximation. Same as <see cref="Tensor.Gelu"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="approximate"><see cref="GeluApproximation.None"/> (exact, default) or <see cref="GeluApproximation.Tanh"/>.</param>
    /// <inheritdoc cref="Tensor.Gelu" path="/returns"/>
    /// <inheritdoc cref="Tensor.Gelu" path="/exception"/>
    public static Tensor Gelu(Tensor x, GeluApproximation approximate = GeluApproximation.None) => ActivationInput(x).Gelu(approximate);

    /// <summary>Softplus (<c>F.softplus</c>): (1/β)·log(1 + e^(βx)), linear where βx &gt; threshold. Same as <see cref="Tensor.Softplus"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64.</param>
    /// <param name="beta">β (default 1); must be non-zero.</param>
    /// <param name="threshold">Above this value of βx the result is x (default 20).</param>
    /// <inheritdoc cref="Tensor.Softplus" path="/returns"/>
    /// <inheritdoc cref="Tensor.Softplus" path="/exception"/>
    public static Tensor Softplus(Tensor x, double beta = 1, double threshold = 20) => ActivationInput(x).Softplus(beta, threshold);

    /// <summary>ReLU6 (<c>F.relu6</c>): min(max(x, 0), 6); gradient 0 at both kinks. Same as <see cref="Tensor.Relu6"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Relu6(Tensor x) => ActivationInput(x).Relu6();

    /// <summary>Sign (<c>torch.sign</c>): −1, 0 or 1; zero gradient. Same as <see cref="Tensor.Sign"/>.</summary>
    /// <inheritdoc cref="Relu(Tensor)" path="/param"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/returns"/>
    /// <inheritdoc cref="Relu(Tensor)" path="/exception"/>
    public static Tensor Sign(Tensor x) => ActivationInput(x).Sign();

    /// <summary>Softmax along <paramref name="axis"/> (<c>F.softmax</c>), stable for any magnitude. Same as <see cref="Tensor.Softmax"/>.</summary>
    /// <param name="x">Any shape, Float32 or Float64; e.g. logits <c>[N, C]</c> with axis 1 (or −1).</param>
    /// <param name="axis">The axis to normalise over; negative counts from the end.</param>
    /// <inheritdoc cref="Tensor.Softmax" path="/returns"/>
    /// <inheritdoc cref="Tensor.Softmax" path="/exception"/>
    public static Tensor Softmax(Tensor x, int axis) => ActivationInput(x).Softmax(axis);

    /// <summary>Log-softmax along <paramref name="axis"/> (<c>F.log_softmax</c>), finite for finite input. Same as <see cref="Tensor.LogSoftmax"/>.</summary>
    /// <inheritdoc cref="Softmax(Tensor, int)" path="/param"/>
    /// <inheritdoc cref="Tensor.Softmax" path="/returns"/>
    /// <inheritdoc cref="Tensor.Softmax" path="/exception"/>
    public static Tensor LogSoftmax(Tensor x, int axis) => ActivationInput(x).LogSoftmax(axis);

    /// <summary>
    /// PReLU (<c>F.prelu</c>): x where x &gt; 0, else w·x, with <paramref name="weight"/> holding one slope for all
    /// elements or one per channel along axis 1: <c>[N, C, *]</c> input with <c>[C]</c> weight. Inputs of rank 0 or 1
    /// have one channel.
    /// </summary>
    /// <param name="x">Input of any shape, Float32 or Float64, e.g. <c>[N, C]</c> or <c>[N, C, H, W]</c>.</param>
    /// <param name="weight">A scalar or 1-D tensor of 1 or C elements, same dtype as <paramref name="x"/>; usually learnable.</param>
    /// <returns>A new tensor of the shape and dtype of <paramref name="x"/>.</returns>
    /// <exception cref="ArgumentException">
    /// A dtype is not floating point or they differ, the weight has rank &gt; 1, or its element count is neither 1 nor C.
    /// </exception>
    public static Tensor PRelu(Tensor x, Tensor weight) => Ops.Activations.PReluOperation.Forward(ActivationInput(x), ActivationInput(weight, nameof(weight)));

    private static Tensor ActivationInput(Tensor x, string name = "x")
    {
        ArgumentNullException.ThrowIfNull(x, name);
        return x;
    }
}
