namespace DeepNotes.Layers;

/// <summary>
/// An activation fused into a layer, like Keras' <c>activation=</c> argument: <c>new Dense(400, 300, Activation.Relu)</c>
/// is one layer computing relu(x·Wᵀ + b). Each value applies the function of the same name in <see cref="Functional"/>
/// with PyTorch's default arguments; <see cref="Softmax"/> and <see cref="LogSoftmax"/> normalise over the last axis.
/// For an activation with other arguments, follow the layer with the activation's own layer.
/// </summary>
public enum Activation
{
    /// <summary>No activation: the identity (Keras' <c>"linear"</c>).</summary>
    None,

    /// <summary><see cref="Functional.Relu"/>, max(x, 0).</summary>
    Relu,

    /// <summary><see cref="Functional.Sigmoid"/>.</summary>
    Sigmoid,

    /// <summary><see cref="Functional.Tanh"/>.</summary>
    Tanh,

    /// <summary><see cref="Functional.Softmax"/> over the last axis.</summary>
    Softmax,

    /// <summary><see cref="Functional.LogSoftmax"/> over the last axis.</summary>
    LogSoftmax,

    /// <summary><see cref="Functional.Gelu"/>, exact.</summary>
    Gelu,

    /// <summary><see cref="Functional.Silu"/> (swish).</summary>
    Silu,

    /// <summary><see cref="Functional.Mish"/>.</summary>
    Mish,

    /// <summary><see cref="Functional.Elu"/> with α = 1.</summary>
    Elu,

    /// <summary><see cref="Functional.Selu"/>.</summary>
    Selu,

    /// <summary><see cref="Functional.LeakyRelu"/> with slope 0.01.</summary>
    LeakyRelu,

    /// <summary><see cref="Functional.Relu6"/>.</summary>
    Relu6,

    /// <summary><see cref="Functional.Softplus"/> with β = 1.</summary>
    Softplus,

    /// <summary><see cref="Functional.Softsign"/>.</summary>
    Softsign,

    /// <summary><see cref="Functional.Hardswish"/>.</summary>
    Hardswish,

    /// <summary><see cref="Functional.Hardsigmoid"/>.</summary>
    Hardsigmoid,
}

/// <summary>Applies an <see cref="Activation"/>.</summary>
internal static class ActivationExtensions
{
    /// <summary>Throws unless <paramref name="activation"/> is a defined value.</summary>
    public static void Check(this Activation activation, string layer)
    {
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"{layer}: unknown activation {(int)activation}.");
    }

    /// <summary>The activation of <paramref name="x"/> (the tensor itself for <see cref="Activation.None"/>).</summary>
    public static Tensor Apply(this Activation activation, Tensor x) => activation switch
    {
        Activation.None => x,
        Activation.Relu => Functional.Relu(x),
        Activation.Sigmoid => Functional.Sigmoid(x),
        Activation.Tanh => Functional.Tanh(x),
        Activation.Softmax => Functional.Softmax(x, -1),
        Activation.LogSoftmax => Functional.LogSoftmax(x, -1),
        Activation.Gelu => Functional.Gelu(x),
        Activation.Silu => Functional.Silu(x),
        Activation.Mish => Functional.Mish(x),
        Activation.Elu => Functional.Elu(x),
        Activation.Selu => Functional.Selu(x),
        Activation.LeakyRelu => Functional.LeakyRelu(x),
        Activation.Relu6 => Functional.Relu6(x),
        Activation.Softplus => Functional.Softplus(x),
        Activation.Softsign => Functional.Softsign(x),
        Activation.Hardswish => Functional.Hardswish(x),
        Activation.Hardsigmoid => Functional.Hardsigmoid(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
