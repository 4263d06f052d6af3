namespace DeepNotes.Ops;

/// <summary>
/// Broadcasts size-1 dimensions (and new leading ones) to a larger shape as a stride-0 view; −1 keeps a size.
/// Backward: the gradient summed back to the input shape.
/// </summary>
internal static class Expand
{
    public static Tensor Forward(Tensor x, int[] dims)
    {
        if (dims.Length < x.Rank)
            throw new ArgumentException($"Expand: the target [{string.Join(", ", dims)}] has fewer dimensions than the tensor's shape {x.Shape}.");
        var resolved = (int[])dims.Clone();
        int lead = dims.Length - x.Rank;
        for (int i = 0; i < dims.Length; i++)
        {
            int have = i < lead ? -2 : x.Shape.Dims[i - lead];
            if (dims[i] == -1)
            {
                if (have == -2) throw new ArgumentException($"Expand: -1 is not allowed for the new leading dimension {i} in [{string.Join(", ", dims)}].");
                resolved[i] = have;
            }
            else if (have != -2 && have != 1 && have != dims[i])
                throw new ArgumentException($"Expand: shape {x.Shape} cannot be expanded to [{string.Join(", ", dims)}] (dimension {i}: {have} vs {dims[i]}).");
        }
        return To(x, new Shape(resolved));
    }

    /// <summary>The recorded broadcast to a valid <paramref name="target"/> (what backward functions call, so that they stay differentiable).</summary>
    public static Tensor To(Tensor x, Shape target)
    {
        Shape source = x.Shape;
        Tensor view = Raw(x, target);
        if (!Tensor.NeedsGrad(x)) return view;
        if (ReferenceEquals(view, x)) view = x.View(x.Shape, x.StrideArray, x.Offset); // never record onto the input itself
        return Tensor.RecordDifferentiable(view, "ExpandBackward", [x], g => [Sum.ToShape(g, source)]);
    }

    /// <summary>The stride-0 view without autograd; the target must be a valid broadcast of the input shape.</summary>
    public static Tensor Raw(Tensor x, Shape target)
    {
        if (target == x.Shape) return x;
        return x.View(target, ElementwiseBinary.BroadcastStrides(x, target), x.Offset);
    }
}
