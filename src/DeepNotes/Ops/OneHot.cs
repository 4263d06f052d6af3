namespace DeepNotes.Ops;

/// <summary>
/// <c>torch.nn.functional.one_hot</c>: integer class indices <c>[*]</c> to a tensor <c>[*, numClasses]</c> of the indices' dtype (Int32 or Int64) with
/// a 1 at each index; <c>numClasses = −1</c> infers <c>max + 1</c>. No gradient (integer in, integer out).
/// </summary>
internal static class OneHot
{
    public static Tensor Forward(Tensor x, int numClasses)
    {
        if (x.DType is DType.Float32 or DType.Float64 or DType.Bool)
            throw new ArgumentException($"OneHot expects an integer tensor of class indices, got {x.DType}.");
        int[] idx = Indexing.IndexChecks.AsInt32Index("OneHot", x, "class").ToArray<int>();
        if (numClasses < -1 || numClasses == 0 && idx.Length > 0)
            throw new ArgumentException($"OneHot: numClasses must be positive or -1 (inferred), got {numClasses}.");
        int max = -1;
        foreach (int v in idx)
        {
            if (v < 0) throw new ArgumentException($"OneHot: class values must be non-negative, got {v}.");
            max = Math.Max(max, v);
        }
        if (numClasses == -1)
        {
            if (idx.Length == 0) throw new ArgumentException("OneHot: can not infer the total number of classes from an empty tensor; pass numClasses.");
            numClasses = max + 1;
        }
        else if (max >= numClasses)
            throw new ArgumentException($"OneHot: class values must be smaller than numClasses ({numClasses}), got {max}.");
        var dims = x.Shape.ToArray().Append(numClasses).ToArray();
        var result = new Tensor(new Shape(dims), DType.Int32);
        Span<int> data = result.Span<int>();
        for (int i = 0; i < idx.Length; i++) data[i * numClasses + idx[i]] = 1;
        return x.DType == DType.Int64 ? result.ConvertRaw(DType.Int64) : result; // Int64 in, Int64 out, as torch

    }
}
