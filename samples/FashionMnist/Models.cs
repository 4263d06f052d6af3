using DeepNotes;
using DeepNotes.Layers;

/// <summary>The models the sample can train, by name.</summary>
internal static class Models
{
    public static readonly string[] Names = ["mlp"];

    public static Module<Tensor, Tensor> Create(string name) => name switch
    {
        // 784-256-128-10 with ReLU: about 0.89 test accuracy on full Fashion-MNIST in 10 epochs.
        "mlp" => new Sequential(
            new Flatten(),
            new Dense(784, 256), new Relu(),
            new Dense(256, 128), new Relu(),
            new Dense(128, 10)),
        _ => throw new ArgumentException($"Unknown model '{name}'; expected one of: {string.Join(", ", Names)}."),
    };
}
