namespace DeepNotes.Ops;

/// <summary>Removes size-1 dimensions (<c>Squeeze</c>) or inserts one (<c>Unsqueeze</c>), as views. Backward: reshape back.</summary>
internal static class Squeeze
{
    public static Tensor Forward(Tensor x, int? dim)
    {
        int? d = dim is int a ? Permute.Axis("Squeeze", a, x.Rank) : null;
        var dims = new List<int>();
        var strides = new List<int>();
        for (int i = 0; i < x.Rank; i++)
        {
            bool drop = x.Shape.Dims[i] == 1 && (d is null || d == i);
            if (drop) continue;
            dims.Add(x.Shape.Dims[i]);
            strides.Add(x.StrideArray[i]);
        }
        Shape source = x.Shape;
        var view = x.View(new Shape(dims.ToArray()), strides.ToArray(), x.Offset);
        return Tensor.RecordDifferentiable(view, "SqueezeBackward", [x], g => [Reshape.Forward(g, source)]);
    }

    public static Tensor Unsqueeze(Tensor x, int dim)
    {
        int d = Permute.Axis("Unsqueeze", dim, x.Rank + 1);
        var dims = x.Shape.ToArray().ToList();
        var strides = x.StrideArray.ToList();
        int stride = d < x.Rank ? x.StrideArray[d] * x.Shape.Dims[d] : 1;
        dims.Insert(d, 1);
        strides.Insert(d, stride);
        Shape source = x.Shape;
        var view = x.View(new Shape(dims.ToArray()), strides.ToArray(), x.Offset);
        return Tensor.RecordDifferentiable(view, "UnsqueezeBackward", [x], g => [Reshape.Forward(g, source)]);
    }
}
