
namespace DeepNotes.Ops;

/// <summary>
/// p-norm distances between every row of x1 <c>[*, P, M]</c> and every row of x2 <c>[*, R, M]</c> (PyTorch's
/// <c>torch.cdist</c>), giving <c>[*, P, R]</c> with the batch dimensions broadcast.
/// </summary>
/// <remarks>
/// Direct form: d = (Σ_m |x1_pm − x2_rm|^p)^(1/p) (p = 0 counts non-zero differences, p = ∞ takes the largest).
/// Its backward, per difference δ, is PyTorch's: sign(δ) (p = 1), δ/d (p = 2), sign(δ)·[|δ| = d] (p = ∞, every tied
/// maximum gets the full gradient), sign(δ)·|δ|^(p−1)/d^(p−1) otherwise, 0 for p = 0 and 0 wherever δ = 0 or d = 0
/// (so coincident points have the zero subgradient, not NaN). Matrix-product form (p = 2, see
/// <see cref="CdistComputeMode"/>): d = √max(‖a‖² + ‖b‖² − 2a·b, 10⁻³⁰) with PyTorch's backward
/// ∂/∂x1 = x1·Σ_r ρ − ρ·x2, ∂/∂x2 = x2·Σ_p ρ − ρᵀ·x1, ρ = g/d, written with differentiable ops; ρ = 0 where the
/// clamp applied (coincident points), where PyTorch divides by 10⁻¹⁵ and returns rounding noise.
/// </remarks>
internal static class CrossDistance
{
    private const string Op = "Cdist";

    public static Tensor Forward(Tensor x1, Tensor x2, double p, CdistComputeMode computeMode)
    {
        CompositeLoss.CheckFloat(Op, nameof(x1), x1);
        CompositeLoss.CheckFloat(Op, nameof(x2), x2, x1.DType);
        if (double.IsNaN(p) || p < 0)
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{Op}: p must be a non-negative number or infinity, got {ClassTargets.Format(p)}.");
        if (!Enum.IsDefined(computeMode))
            throw new ArgumentOutOfRangeException(nameof(computeMode), computeMode, $"{Op}: unknown compute mode {(int)computeMode}.");
        if (x1.Rank < 2 || x2.Rank < 2 || x1.Shape.Dims[^1] != x2.Shape.Dims[^1])
            throw new ArgumentException(
                $"{Op}: x1 [*, P, M] and x2 [*, R, M] with the same M expected, got {x1.Shape} and {x2.Shape}.");
        int pRows = x1.Shape.Dims[^2], rRows = x2.Shape.Dims[^2], m = x1.Shape.Dims[^1];
        Shape batch = CompositeLoss.Broadcast(Op, "x1 batch", new Shape(x1.Shape.Dims[..^2].ToArray()),
            "x2 batch", new Shape(x2.Shape.Dims[..^2].ToArray()));
        int b = batch.ElementCount;
        int[] bd = batch.Dims.ToArray();
        Tensor a = x1.Expand([.. bd, pRows, m]).Reshape(b, pRows, m);
        Tensor c = x2.Expand([.. bd, rRows, m]).Reshape(b, rRows, m);
        bool mm = p == 2 && (computeMode == CdistComputeMode.UseMmForEuclidDist
            || (computeMode == CdistComputeMode.UseMmForEuclidDistIfNecessary && (pRows > 25 || rRows > 25)));
        Tensor d = mm ? Euclidean(a, c) : Direct(a, c, p);
        return d.Reshape([.. bd, pRows, rRows]);
    }

    /// <summary>The matrix-product form with PyTorch's backward.</summary>
    private static Tensor Euclidean(Tensor x1, Tensor x2)
    {
        Tensor result, clamped;
        using (Autograd.NoGrad())
        {
            Tensor a = x1.Detach(), c = x2.Detach();
            Tensor sq = (a * a).Sum(-1, keepDim: true) + (c * c).Sum(-1).Unsqueeze(-2) - 2 * a.MatMul(c.Transpose(-1, -2));
            clamped = sq.LessEqual(1e-30);
            result = sq.Clamp(min: 1e-30).Sqrt().Contiguous();
        }
        if (!Tensor.NeedsGrad(x1, x2)) return result;
        Tensor saved = result.Detach();
        return Tensor.Record(result, "CdistBackward", [x1, x2], g =>
        {
            // ρ = g/d, 0 where the squared distance was clamped (coincident points): PyTorch divides by 10⁻¹⁵ there,
            // whose huge terms then cancel in x1·Σρ − ρ·x2 only up to rounding; the zero subgradient is stable
            Tensor zero = Tensor.Scalar(0, g.DType);
            Tensor ratio = Tensor.Where(clamped, zero, g / saved);
            return
            [
                x1.RequiresGrad ? x1 * ratio.Sum(-1, keepDim: true) - ratio.MatMul(x2) : null,
                x2.RequiresGrad ? x2 * ratio.Sum(-2).Unsqueeze(-1) - ratio.Transpose(-1, -2).MatMul(x1) : null,
            ];
        }, saved);
    }

    /// <summary>The direct form over contiguous <c>[B, P, M]</c> and <c>[B, R, M]</c>.</summary>
    private static Tensor Direct(Tensor x1, Tensor x2, double p)
    {
        int b = x1.Shape.Dims[0], pr = x1.Shape.Dims[1], rr = x2.Shape.Dims[1], m = x1.Shape.Dims[2];
        double[] a = Values(x1), c = Values(x2);
        var dist = new double[b * pr * rr];
        for (int k = 0; k < b; k++)
            for (int i = 0; i < pr; i++)
                for (int j = 0; j < rr; j++)
                    dist[(k * pr + i) * rr + j] = Distance(a.AsSpan((k * pr + i) * m, m), c.AsSpan((k * rr + j) * m, m), p);
        Tensor result = FromValues(dist, new Shape([b, pr, rr]), x1.DType);
        if (!Tensor.NeedsGrad(x1, x2)) return result;
        bool need1 = x1.RequiresGrad, need2 = x2.RequiresGrad;
        return Tensor.Record(result, "CdistBackward", [x1, x2], g =>
        {
            double[] gs = Values(g);
            var d1 = need1 ? new double[a.Length] : null;
            var d2 = need2 ? new double[c.Length] : null;
            for (int k = 0; k < b; k++)
                for (int i = 0; i < pr; i++)
                    for (int j = 0; j < rr; j++)
                    {
                        int o = (k * pr + i) * rr + j;
                        double gv = gs[o], dv = dist[o];
                        if (gv == 0 || dv == 0 || p == 0) continue;
                        int ia = (k * pr + i) * m, ic = (k * rr + j) * m;
                        for (int q = 0; q < m; q++)
                        {
                            double delta = a[ia + q] - c[ic + q];
                            if (delta == 0) continue;
                            double coef = gv * Slope(delta, dv, p);
                            if (d1 is not null) d1[ia + q] += coef;
                            if (d2 is not null) d2[ic + q] -= coef;
                        }
                    }
            return
            [
                d1 is null ? null : FromValues(d1, x1.Shape, x1.DType),
                d2 is null ? null : FromValues(d2, x2.Shape, x2.DType),
            ];
        });
    }

    private static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double p)
    {
        double acc = 0;
        if (p == 0) { for (int q = 0; q < u.Length; q++) if (u[q] != v[q]) acc += 1; return acc; }
        if (double.IsPositiveInfinity(p)) { for (int q = 0; q < u.Length; q++) acc = Math.Max(acc, Math.Abs(u[q] - v[q])); return acc; }
        if (p == 1) { for (int q = 0; q < u.Length; q++) acc += Math.Abs(u[q] - v[q]); return acc; }
        if (p == 2) { for (int q = 0; q < u.Length; q++) { double d = u[q] - v[q]; acc += d * d; } return Math.Sqrt(acc); }
        for (int q = 0; q < u.Length; q++) acc += Math.Pow(Math.Abs(u[q] - v[q]), p);
        return Math.Pow(acc, 1 / p);
    }

    /// <summary>∂d/∂δ for a non-zero difference δ and a non-zero distance d.</summary>
    private static double Slope(double delta, double dist, double p)
    {
        if (p == 1) return Math.Sign(delta);
        if (p == 2) return delta / dist;
        if (double.IsPositiveInfinity(p)) return Math.Abs(delta) == dist ? Math.Sign(delta) : 0;
        return Math.Sign(delta) * Math.Pow(Math.Abs(delta) / dist, p - 1);
    }

    private static double[] Values(Tensor t)
    {
        Tensor c = t.ContiguousRaw();
        return c.DType == DType.Float32 ? Array.ConvertAll(c.Span<float>().ToArray(), v => (double)v) : c.Span<double>().ToArray();
    }

    private static Tensor FromValues(double[] values, Shape shape, DType dtype)
    {
        var t = new Tensor(shape, dtype);
        if (dtype == DType.Float32)
        {
            var s = t.Span<float>();
            for (int i = 0; i < values.Length; i++) s[i] = (float)values[i];
        }
        else values.CopyTo(t.Span<double>());
        return t;
    }
}
