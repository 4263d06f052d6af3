namespace DeepNotes.Initializers;

/// <summary>The nonlinearity that follows a layer, which sets the gain of Xavier and Kaiming initialisation.</summary>
public enum Nonlinearity
{
    /// <summary>Identity (and convolutions): gain 1.</summary>
    Linear,

    /// <summary>Sigmoid: gain 1.</summary>
    Sigmoid,

    /// <summary>Tanh: gain 5/3.</summary>
    Tanh,

    /// <summary>ReLU: gain √2.</summary>
    Relu,

    /// <summary>Leaky ReLU with negative slope a: gain √(2 / (1 + a²)).</summary>
    LeakyRelu,

    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}

/// <summary>Which fan Kaiming initialisation preserves the variance of.</summary>
public enum FanMode
{
    /// <summary>Fan-in: preserves the variance of activations in the forward pass (the default).</summary>
    FanIn,

    /// <summary>Fan-out: preserves the variance of gradients in the backward pass.</summary>
    FanOut,
}
