namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.matrix_norm</c>, <c>matrix_rank</c>, <c>matrix_power</c> and <c>cond</c>, composed from
/// differentiable ops so their gradients follow from the parts: Frobenius = 2-norm of the entries; nuclear = Σ
/// singular values; ±2 = largest/smallest singular value; ±1 = max/min column sum of |A|; ±∞ = max/min row sum of
/// |A| (max/min split ties evenly, as PyTorch's amax/amin).
/// </summary>
internal static class MatrixNorm
{
    private const string Op = "linalg.matrix_norm";

    public static Tensor Forward(Tensor a, string ord, int[]? dims, bool keepDim)
    {
        MatrixBatch.CheckMatrix(Op, a);
        var (d0, d1) = Dims(a, dims);
        return ord switch
        {
            "fro" => VectorNorm.Forward(a, 2, [d0, d1], keepDim),
            "nuc" => Spectral(a, d0, d1, keepDim, s => s.Sum(-1)),
            _ => throw new ArgumentException($"{Op}: Order {ord} not supported (expected \"fro\" or \"nuc\", or a number: 1, -1, 2, -2, inf, -inf).", nameof(ord)),
        };
    }

    public static Tensor Forward(Tensor a, double ord, int[]? dims, bool keepDim)
    {
        MatrixBatch.CheckMatrix(Op, a);
        var (d0, d1) = Dims(a, dims);
        if (ord == 2) return Spectral(a, d0, d1, keepDim, s => s.Max([-1]));
        if (ord == -2) return Spectral(a, d0, d1, keepDim, s => s.Min([-1]));
        bool inf = double.IsInfinity(ord);
        if (!(Math.Abs(ord) == 1 || inf))
            throw new ArgumentException($"{Op}: Order {ord} not supported (expected 1, -1, 2, -2, inf, -inf, \"fro\" or \"nuc\").", nameof(ord));
        // 1: sum over rows (d0) then max over columns (d1); inf: sum over columns (d1) then max over rows (d0)
        int sumDim = inf ? d1 : d0, extDim = inf ? d0 : d1;
        Tensor sums = a.Abs().Sum(sumDim, keepDim: true);
        Tensor r = ord > 0 ? sums.Max([extDim], keepDim: true) : sums.Min([extDim], keepDim: true);
        return keepDim ? r : r.Squeeze(Math.Max(d0, d1)).Squeeze(Math.Min(d0, d1));
    }

    private static (int D0, int D1) Dims(Tensor a, int[]? dims)
    {
        dims ??= [-2, -1];
        if (dims.Length != 2)
            throw new ArgumentException($"{Op}: dim must be a 2-tuple, got [{string.Join(", ", dims)}].", nameof(dims));
        int d0 = Permute.Axis(Op, dims[0], a.Rank), d1 = Permute.Axis(Op, dims[1], a.Rank);
        if (d0 == d1) throw new ArgumentException($"{Op}: dims must be different, got ({dims[0]}, {dims[1]}).", nameof(dims));
        return (d0, d1);
    }

    /// <summary>A function of the singular values of the matrices spanned by (d0, d1).</summary>
    private static Tensor Spectral(Tensor a, int d0, int d1, bool keepDim, Func<Tensor, Tensor> reduce)
    {
        var perm = new List<int>();
        for (int d = 0; d < a.Rank; d++) if (d != d0 && d != d1) perm.Add(d);
        perm.Add(d0);
        perm.Add(d1);
        Tensor s = SingularValues.Forward(a.Permute([.. perm]), false, false, "linalg.svdvals").S;
        Tensor r = reduce(s);
        return keepDim ? r.Unsqueeze(Math.Min(d0, d1)).Unsqueeze(Math.Max(d0, d1)) : r;
    }
}
