namespace DeepNotes;

/// <summary>
/// Stateless functions of tensors, like <c>torch.nn.functional</c>: linear maps, activations, dropout and losses.
/// Layers in <see cref="DeepNotes.Layers"/> wrap them with their parameters.
/// </summary>
public static partial class Functional;
