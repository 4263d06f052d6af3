namespace DeepNotes.Ops;

/// <summary>
/// A new shape with the same elements in row-major order; one dimension may be −1 (inferred). A view of the same
/// storage when the input is contiguous, else a copy. Backward: the gradient reshaped back.
/// </summary>
internal static class Reshape
{
    public static Tensor Forward(Tensor x, int[] dims)
    {
        Shape target = Resolve(x.Shape, dims);
        return Forward(x, target);
    }

    /// <summary>The recorded reshape to a resolved <paramref name="target"/> (what backward functions call, so that they stay differentiable).</summary>
    public static Tensor Forward(Tensor x, Shape target)
    {
        Shape source = x.Shape;
        return Tensor.RecordDifferentiable(Raw(x, target), "ReshapeBackward", [x], g => [Forward(g, source)]);
    }

    /// <summary>The reshape without autograd (view when contiguous).</summary>
    public static Tensor Raw(Tensor x, Shape target)
    {
        if (target.ElementCount != x.ElementCount)
            throw new ArgumentException($"Reshape: shape {x.Shape} ({x.ElementCount} elements) cannot be reshaped to {target} ({target.ElementCount} elements).");
        if (target == x.Shape) return x.View(x.Shape, x.StrideArray, x.Offset);
        Tensor c = x.ContiguousRaw();
        return c.View(target, target.ContiguousStrides(), c.Offset);
    }

    /// <summary>Replaces a single −1 by the size that keeps the element count.</summary>
    public static Shape Resolve(Shape input, int[] dims)
    {
        int inferred = -1, known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (inferred >= 0) throw new ArgumentException($"Reshape: only one dimension can be -1, got [{string.Join(", ", dims)}].");
                inferred = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"Reshape: invalid dimension {dims[i]} in [{string.Join(", ", dims)}].");
            else known *= dims[i];
        }
        var resolved = (int[])dims.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || input.ElementCount % known != 0)
                throw new ArgumentException($"Reshape: shape {input} ({input.ElementCount} elements) cannot be reshaped to [{string.Join(", ", dims)}].");
            resolved[inferred] = input.ElementCount / known;
        }
        var shape = new Shape(resolved);
        if (shape.ElementCount != input.ElementCount)
            throw new ArgumentException($"Reshape: shape {input} ({input.ElementCount} elements) cannot be reshaped to {shape} ({shape.ElementCount} elements).");
        return shape;
    }
}
