using DeepNotes.Kernels;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.matrix_rank</c> (no gradient), <c>matrix_power</c> (repeated squaring with MatMul; negative powers
/// through <see cref="Inverse"/>) and <c>cond</c> (σ_max/σ_min for p = 2, its inverse for −2, else
/// ‖A‖_p·‖A⁻¹‖_p, +∞ for singular matrices), all differentiable through the ops they are built from.
/// </summary>
internal static class MatrixFunctions
{
    public static Tensor MatrixRank(Tensor a, double? atol, double? rtol, bool hermitian)
    {
        const string op = "linalg.matrix_rank";
        MatrixBatch.CheckMatrix(op, a);
        if (hermitian) MatrixBatch.CheckSquare(op, a);
        int m = a.Shape[-2], n = a.Shape[-1], k = Math.Min(m, n), count = MatrixBatch.BatchCount(a);
        double at = atol ?? 0;
        double rt = rtol ?? (at > 0 ? 0 : MatrixBatch.Epsilon(a.DType) * Math.Max(m, n));
        double[] data = MatrixBatch.Read(a), s = new double[k];
        var ranks = new int[count];
        for (int b = 0; b < count; b++)
        {
            Span<double> mat = data.AsSpan(b * m * n, m * n);
            if (hermitian)
            {
                for (int i = 0; i < n; i++)
                    for (int j = i + 1; j < n; j++) mat[i * n + j] = mat[j * n + i];
                LinalgSymmetricEigen.Decompose(mat, n, s, Span<double>.Empty);
                for (int i = 0; i < k; i++) s[i] = Math.Abs(s[i]);
            }
            else LinalgSvd.Decompose(mat, m, n, s, Span<double>.Empty, Span<double>.Empty, false);
            double max = 0;
            for (int i = 0; i < k; i++) max = Math.Max(max, s[i]);
            double tol = Math.Max(at, rt * max);
            for (int i = 0; i < k; i++) if (s[i] > tol) ranks[b]++;
        }
        return Tensor.FromArray(ranks, MatrixBatch.BatchShape(a));
    }

    public static Tensor MatrixPower(Tensor a, int exponent)
    {
        const string op = "linalg.matrix_power";
        MatrixBatch.CheckSquare(op, a);
        int n = a.Shape[-1];
        if (exponent == 0)
            return Tensor.Eye(n, n, a.DType).Expand([.. a.Shape.Dims]).Contiguous();
        Tensor x = exponent < 0 ? Inverse.Forward(a) : a;
        long e = Math.Abs((long)exponent);
        Tensor? result = null;
        Tensor power = x;
        while (true)
        {
            if ((e & 1) != 0) result = result is null ? power : result.MatMul(power);
            e >>= 1;
            if (e == 0) break;
            power = power.MatMul(power);
        }
        return result!;
    }

    public static Tensor Cond(Tensor a, object? p)
    {
        const string op = "linalg.cond";
        MatrixBatch.CheckMatrix(op, a);
        if (p is null || (p is double d2 && Math.Abs(d2) == 2))
        {
            Tensor s = SingularValues.Forward(a, false, false, "linalg.svdvals").S;
            int k = s.Shape[-1];
            Tensor big = s.Select(-1, 0), small = s.Select(-1, k - 1);
            return p is double d && d == -2 ? small / big : big / small;
        }
        bool valid = p is "fro" or "nuc" || (p is double v && (Math.Abs(v) == 1 || double.IsInfinity(v)));
        if (!valid) throw new ArgumentException($"{op}: got an invalid norm type: {p}.", nameof(p));
        if (a.Shape[-1] != a.Shape[-2])
            throw new ArgumentException($"{op}(ord={p}): A must be batches of square matrices, but they are {a.Shape[-2]} by {a.Shape[-1]} matrices (shape {a.Shape}).");
        int n = a.Shape[-1], count = MatrixBatch.BatchCount(a), nn = n * n;
        double[] data = MatrixBatch.Read(a);
        var singular = new bool[count];
        var perm = new int[n];
        for (int b = 0; b < count; b++) singular[b] = LinalgLu.Factor(data.AsSpan(b * nn, nn), n, perm, out _) != 0;
        Shape batch = MatrixBatch.BatchShape(a);
        Tensor Norm(Tensor t) => p is string s ? MatrixNorm.Forward(t, s, null, false) : MatrixNorm.Forward(t, (double)p!, null, false);
        if (!singular.Any(x => x)) return Norm(a) * Norm(Inverse.Forward(a));
        // singular matrices: +inf, as PyTorch; the others computed with the singular ones replaced by I
        Tensor mask = Tensor.FromArray(singular, batch);
        Tensor safe = Tensor.Where(mask.Unsqueeze(-1).Unsqueeze(-1), Tensor.Eye(n, n, a.DType), a);
        Tensor c = Norm(safe) * Norm(Inverse.Forward(safe));
        return Tensor.Where(mask, Tensor.Scalar(double.PositiveInfinity, a.DType), c);
    }
}
