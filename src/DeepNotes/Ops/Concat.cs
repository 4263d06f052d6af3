namespace DeepNotes.Ops;

/// <summary>
/// Joins tensors along an existing dimension (<c>Concat</c>) or a new one (<c>Stack</c>). Backward: each input
/// gets its slice of the gradient.
/// </summary>
internal static class Concat
{
    public static Tensor Forward(IReadOnlyList<Tensor> tensors, int dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Concat expects at least one tensor.");
        tensors = Promote(tensors);
        Tensor first = tensors[0];
        if (first.Rank == 0) throw new ArgumentException("Concat: 0-dim tensors cannot be concatenated; use Stack.");
        int d = Permute.Axis("Concat", dim, first.Rank);
        int total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            Tensor t = tensors[i];
            if (t.DType != first.DType)
                throw new ArgumentException($"Concat: dtype mismatch, tensor 0 is {first.DType} and tensor {i} is {t.DType}.");
            bool compatible = t.Rank == first.Rank;
            for (int k = 0; compatible && k < t.Rank; k++)
                if (k != d && t.Shape.Dims[k] != first.Shape.Dims[k]) compatible = false;
            if (!compatible)
                throw new ArgumentException($"Concat: tensor {i} has shape {t.Shape}, expected {first.Shape} except along dimension {d}.");
            total += t.Shape.Dims[d];
        }
        var dims = first.Shape.ToArray();
        dims[d] = total;
        var result = ShapeMoves.Empty(new Shape(dims), first.DType);
        var offsets = new int[tensors.Count];
        int offset = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            offsets[i] = offset;
            int len = tensors[i].Shape.Dims[d];
            ShapeMoves.Copy(tensors[i], ShapeMoves.Range(result, d, offset, len));
            offset += len;
        }
        var inputs = tensors.ToArray();
        return Tensor.RecordDifferentiable(result, "CatBackward", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                grads[i] = Narrow.Slice(g, d, offsets[i], offsets[i] + inputs[i].Shape.Dims[d], 1);
            return grads;
        });
    }

    /// <summary>
    /// PyTorch's <c>torch.cat</c> dtype promotion (Bool &lt; Int32 &lt; Float32 &lt; Float64: every input converted to the
    /// highest dtype, differentiably between floats) and its legacy rule that 1-D empty tensors are skipped when
    /// joined with tensors of another rank.
    /// </summary>
    private static IReadOnlyList<Tensor> Promote(IReadOnlyList<Tensor> tensors)
    {
        static int Order(DType t) => (t.IsFloatingPoint() ? 100 : 0) + t.ElementSize();
        DType target = tensors[0].DType;
        bool legacyEmpty = false, other = false;
        foreach (Tensor t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t);
            if (Order(t.DType) > Order(target)) target = t.DType;
            if (t.Rank == 1 && t.ElementCount == 0) legacyEmpty = true;
            else other = true;
        }
        bool skip = legacyEmpty && other;
        if (!skip && tensors.All(t => t.DType == target)) return tensors;
        return tensors.Where(t => !(skip && t.Rank == 1 && t.ElementCount == 0)).Select(t => t.To(target)).ToArray();
    }

    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Stack expects at least one tensor.");
        for (int i = 1; i < tensors.Count; i++)
            if (tensors[i].Shape != tensors[0].Shape)
                throw new ArgumentException($"Stack expects tensors of equal shape, tensor 0 is {tensors[0].Shape} and tensor {i} is {tensors[i].Shape}.");
        int d = Permute.Axis("Stack", dim, tensors[0].Rank + 1);
        return Forward(tensors.Select(t => Squeeze.Unsqueeze(t, d)).ToArray(), d);
    }
}
