namespace DeepNotes.Ops;

/// <summary>Axis handling shared by the reductions: which axes, the output shape, data arranged as rows, and the way back.</summary>
internal static class ReductionOperation
{
    /// <summary>Normalised, sorted reduction axes; null or empty means all axes.</summary>
    public static int[] Axes(string op, int[]? axes, int rank)
    {
        if (axes is null || axes.Length == 0) return Enumerable.Range(0, rank).ToArray();
        var result = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            try { result[i] = Shape.NormalizeAxis(axes[i], rank); }
            catch (ArgumentOutOfRangeException e) { throw new ArgumentOutOfRangeException(nameof(axes), axes[i], $"{op}: {e.Message.Split(" (Parameter")[0]}"); }
        }
        Array.Sort(result);
        for (int i = 1; i < result.Length; i++)
            if (result[i] == result[i - 1])
                throw new ArgumentException($"{op}: axis {result[i]} appears more than once in [{string.Join(", ", axes)}].");
        if (rank == 0) return [];
        return result;
    }

    /// <summary>The reduced shape: reduced axes become 1 (keepDim) or disappear.</summary>
    public static Shape OutputShape(Shape input, int[] axes, bool keepDim)
    {
        var dims = new List<int>(input.Rank);
        for (int d = 0; d < input.Rank; d++)
        {
            if (Array.IndexOf(axes, d) < 0) dims.Add(input.Dims[d]);
            else if (keepDim) dims.Add(1);
        }
        return new Shape(dims.ToArray());
    }

    /// <summary>
    /// The input as a contiguous [outer, inner] block with the reduced axes innermost, so each output element
    /// reduces one contiguous row of length <c>inner</c>. Copies only when the layout requires it.
    /// </summary>
    public static (Tensor Data, int Outer, int Inner) Arrange(Tensor x, int[] axes)
    {
        int inner = 1;
        foreach (int a in axes) inner *= x.Shape.Dims[a];
        int outer = inner == 0 ? OuterCount(x, axes) : x.ElementCount / inner;
        var perm = new int[x.Rank];
        int k = 0;
        for (int d = 0; d < x.Rank; d++) if (Array.IndexOf(axes, d) < 0) perm[k++] = d;
        foreach (int a in axes) perm[k++] = a;
        return (Permute.Raw(x, perm).ContiguousRaw(), outer, inner);
    }

    private static int OuterCount(Tensor x, int[] axes)
    {
        int outer = 1;
        for (int d = 0; d < x.Rank; d++) if (Array.IndexOf(axes, d) < 0) outer *= x.Shape.Dims[d];
        return outer;
    }

    /// <summary>Broadcasts a reduced gradient back over the input shape (a stride-0 view, no copy).</summary>
    public static Tensor ExpandBack(Tensor g, Shape input, int[] axes, bool keepDim)
    {
        if (!keepDim) g = Reshape.Forward(g, OutputShape(input, axes, keepDim: true));
        return Expand.To(g, input);
    }
}
