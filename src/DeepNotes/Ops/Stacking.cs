namespace DeepNotes.Ops;

/// <summary>
/// NumPy-style stacking on top of Concat: <c>Hstack</c>, <c>Vstack</c> (= <c>RowStack</c>), <c>Dstack</c> and
/// <c>ColumnStack</c>, after raising inputs to at least 1, 2 or 3 dimensions as <c>torch.atleast_*d</c> do
/// (<c>[n] → [1, n]</c>, <c>[n] → [1, n, 1]</c>, <c>[m, n] → [m, n, 1]</c>). Gradients through Reshape and Concat.
/// </summary>
internal static class Stacking
{
    public static Tensor Hstack(IReadOnlyList<Tensor> tensors)
    {
        Tensor[] t = Check("Hstack", tensors).Select(AtLeast1D).ToArray();
        return Concat.Forward(t, t[0].Rank == 1 ? 0 : 1);
    }

    public static Tensor Vstack(IReadOnlyList<Tensor> tensors) =>
        Concat.Forward(Check("Vstack", tensors).Select(AtLeast2D).ToArray(), 0);

    public static Tensor Dstack(IReadOnlyList<Tensor> tensors) =>
        Concat.Forward(Check("Dstack", tensors).Select(AtLeast3D).ToArray(), 2);

    public static Tensor ColumnStack(IReadOnlyList<Tensor> tensors) =>
        Concat.Forward(Check("ColumnStack", tensors).Select(t => t.Rank <= 1 ? Reshape.Forward(t, [t.ElementCount, 1]) : t).ToArray(), 1);

    public static Tensor AtLeast1D(Tensor t) => t.Rank == 0 ? Reshape.Forward(t, [1]) : t;

    public static Tensor AtLeast2D(Tensor t) => t.Rank switch
    {
        0 => Reshape.Forward(t, [1, 1]),
        1 => Squeeze.Unsqueeze(t, 0),
        _ => t,
    };

    public static Tensor AtLeast3D(Tensor t) => t.Rank switch
    {
        0 => Reshape.Forward(t, [1, 1, 1]),
        1 => Reshape.Forward(t, [1, t.ElementCount, 1]),
        2 => Squeeze.Unsqueeze(t, 2),
        _ => t,
    };

    private static IReadOnlyList<Tensor> Check(string op, IReadOnlyList<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException($"{op} expects a non-empty list of tensors.");
        return tensors;
    }
}
