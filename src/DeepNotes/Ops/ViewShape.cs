namespace DeepNotes.Ops;

/// <summary>
/// <c>torch.Tensor.view</c>: the same storage seen with a new shape, never a copy. Works on contiguous tensors and on
/// any layout whose dimensions split or merge without crossing a gap between strides (e.g. splitting a dimension of a
/// transposed tensor); otherwise throws and points to Reshape. Backward: the gradient reshaped back.
/// </summary>
internal static class ViewShape
{
    public static Tensor Forward(Tensor x, int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        Shape target = Reshape.Resolve(x.Shape, dims);
        int[]? strides = Strides(x.Shape.ToArray(), x.StrideArray, target.ToArray());
        if (strides is null)
            throw new InvalidOperationException(
                $"View: view size {target} is not compatible with the input tensor's size {x.Shape} and stride [{string.Join(", ", x.StrideArray)}] (at least one dimension spans across two contiguous subspaces). Use Reshape instead.");
        Shape source = x.Shape;
        return Tensor.RecordDifferentiable(x.View(target, strides, x.Offset), "ViewBackward", [x], g => [Reshape.Forward(g, source.ToArray())]);
    }

    /// <summary>Strides that show the layout (<paramref name="dims"/>, <paramref name="strides"/>) as <paramref name="target"/>, or null if none exist.</summary>
    public static int[]? Strides(int[] dims, int[] strides, int[] target)
    {
        var result = new int[target.Length];
        int count = 1;
        foreach (int d in dims) count *= d;
        if (count == 0 || dims.Length == 0) return new Shape(target).ContiguousStrides();
        // the old dimensions without size-1 ones, which constrain nothing
        var od = new List<int>();
        var os = new List<int>();
        for (int i = 0; i < dims.Length; i++)
            if (dims[i] != 1) { od.Add(dims[i]); os.Add(strides[i]); }
        int v = target.Length - 1;
        int o = od.Count - 1;
        while (o >= 0)
        {
            // a chunk: old dimensions o' ≤ o that lie back to back in memory
            int baseStride = os[o];
            long chunk = od[o];
            int e = o;
            while (e > 0 && os[e - 1] == chunk * baseStride) { chunk *= od[e - 1]; e--; }
            long have = 1;
            while (v >= 0 && (have < chunk || target[v] == 1))
            {
                result[v] = (int)(have * baseStride);
                have *= target[v];
                v--;
            }
            if (have != chunk) return null;
            o = e - 1;
        }
        for (; v >= 0; v--)
        {
            if (target[v] != 1) return null;
            result[v] = v + 1 < target.Length ? result[v + 1] * target[v + 1] : 1;
        }
        return result;
    }
}
