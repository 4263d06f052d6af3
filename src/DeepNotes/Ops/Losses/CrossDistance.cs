
using System.Numerics;
using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Losses;

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
/// clamp applied (coincident points), where PyTorch divides by 10⁻¹⁵ and returns rounding noise. A createGraph pass
/// differentiates each form recomposed from differentiable ops (Norm of the differences; the clamped matrix-product
/// formula), whose derivatives PyTorch 1.13 does not have; p = 0 has constant zero derivatives.
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
        return Tensor.RecordComposite(result, "CdistBackward", [x1, x2], g =>
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
        }, inputs => EuclideanComposite(inputs[0], inputs[1]), saved);
    }

    /// <summary>
    /// The matrix-product form in differentiable ops (for createGraph): √clamp(‖a‖² + ‖b‖² − 2a·b, 10⁻³⁰), whose
    /// gradient is 0 where the clamp applies, as the fused backward's.
    /// </summary>
    private static Tensor EuclideanComposite(Tensor x1, Tensor x2)
    {
        Tensor sq = (x1 * x1).Sum(-1, keepDim: true) + (x2 * x2).Sum(-1).Unsqueeze(-2) - 2 * x1.MatMul(x2.Transpose(-1, -2));
        return sq.Clamp(min: 1e-30).Sqrt();
    }

    /// <summary>
    /// The direct form in differentiable ops (for createGraph): the p-norm of x1_p − x2_r over the last axis of the
    /// <c>[B, P, R, M]</c> differences; Norm's backward has the same subgradients as the fused one (0 at δ = 0 or d = 0).
    /// </summary>
    private static Tensor DirectComposite(Tensor x1, Tensor x2, double p) => (x1.Unsqueeze(2) - x2.Unsqueeze(1)).Norm(p, -1);

    /// <summary>The direct form over contiguous <c>[B, P, M]</c> and <c>[B, R, M]</c>, split over rows (any split gives the same values).</summary>
    private static Tensor Direct(Tensor x1, Tensor x2, double p)
    {
        int b = x1.Shape.Dims[0], pr = x1.Shape.Dims[1], rr = x2.Shape.Dims[1], m = x1.Shape.Dims[2];
        double[] a = Values(x1), c = Values(x2);
        var dist = new double[b * pr * rr];
        var geometry = new Geometry(a, c, pr, rr, m, p);
        RangeJob<ForwardBody>.Run(new ForwardBody { G = geometry, Dist = dist }, b * pr, RangeJob.Grain((long)rr * m));
        Tensor result = FromValues(dist, new Shape([b, pr, rr]), x1.DType);
        if (!Tensor.NeedsGrad(x1, x2)) return result;
        bool need1 = x1.RequiresGrad, need2 = x2.RequiresGrad;
        Func<Tensor, Tensor?[]> fused = g =>
        {
            double[] gs = Values(g);
            double[]? d1 = null, d2 = null;
            if (p != 0 && need1)
            {
                d1 = new double[a.Length];
                RangeJob<BackwardBody>.Run(new BackwardBody { G = geometry, Grad = gs, Dist = dist, Result = d1, OfX2 = false },
                    b * pr, RangeJob.Grain((long)rr * m));
            }
            if (p != 0 && need2)
            {
                d2 = new double[c.Length];
                RangeJob<BackwardBody>.Run(new BackwardBody { G = geometry, Grad = gs, Dist = dist, Result = d2, OfX2 = true },
                    b * rr, RangeJob.Grain((long)pr * m));
            }
            return
            [
                need1 ? FromValues(d1 ?? new double[a.Length], x1.Shape, x1.DType) : null,
                need2 ? FromValues(d2 ?? new double[c.Length], x2.Shape, x2.DType) : null,
            ];
        };
        if (p == 0) // counts of non-zero differences: piecewise constant, so every derivative is a constant zero
            return Tensor.RecordDifferentiable(result, "CdistBackward", [x1, x2], g => Autograd.IsCreatingGraph
                ? [need1 ? Tensor.ZeroGradient(x1.Shape, x1.DType) : null, need2 ? Tensor.ZeroGradient(x2.Shape, x2.DType) : null]
                : fused(g));
        return Tensor.RecordComposite(result, "CdistBackward", [x1, x2], fused, inputs => DirectComposite(inputs[0], inputs[1], p));
    }

    /// <summary>The points (as double), sizes and norm degree of one cdist call.</summary>
    private sealed record Geometry(double[] A, double[] C, int P, int R, int M, double Norm);

    /// <summary>dist[k, i, :] for the rows (k, i) of x1 in a range.</summary>
    private struct ForwardBody : IRangeBody
    {
        public Geometry G;
        public double[] Dist;

        public readonly void Run(int start, int count)
        {
            var work = new double[G.M];
            for (int row = start; row < start + count; row++)
            {
                int k = row / G.P;
                var u = G.A.AsSpan(row * G.M, G.M);
                for (int j = 0; j < G.R; j++)
                    Dist[row * G.R + j] = Distance(u, G.C.AsSpan((k * G.R + j) * G.M, G.M), G.Norm, work);
            }
        }
    }

    /// <summary>
    /// The gradient rows of x1 (each summed over the R points of x2 in order) or of x2 (summed over the P points of x1,
    /// with the opposite sign), for the rows in a range.
    /// </summary>
    private struct BackwardBody : IRangeBody
    {
        public Geometry G;
        public double[] Grad, Dist, Result;
        public bool OfX2;

        public readonly void Run(int start, int count)
        {
            var delta = new double[G.M];
            int others = OfX2 ? G.P : G.R;
            for (int row = start; row < start + count; row++)
            {
                int k = OfX2 ? row / G.R : row / G.P, own = OfX2 ? row % G.R : row % G.P;
                var target = Result.AsSpan(row * G.M, G.M);
                for (int o = 0; o < others; o++)
                {
                    int i = OfX2 ? o : own, j = OfX2 ? own : o;
                    int at = (k * G.P + i) * G.R + j;
                    double gv = Grad[at], d = Dist[at];
                    if (gv == 0 || d == 0) continue;
                    PairGradient(G.A.AsSpan((k * G.P + i) * G.M, G.M), G.C.AsSpan((k * G.R + j) * G.M, G.M), OfX2 ? -gv : gv, d, G.Norm,
                        target, delta);
                }
            }
        }
    }

    private static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double p, Span<double> work)
    {
        double acc = 0;
        if (p == 0) { for (int q = 0; q < u.Length; q++) if (u[q] != v[q]) acc += 1; return acc; }
        if (double.IsPositiveInfinity(p)) { for (int q = 0; q < u.Length; q++) acc = Math.Max(acc, Math.Abs(u[q] - v[q])); return acc; }
        if (p == 2) return TensorPrimitives.Distance(u, v);
        if (p == 1)
        {
            TensorPrimitives.Subtract(u, v, work);
            return TensorPrimitives.SumOfMagnitudes<double>(work);
        }
        for (int q = 0; q < u.Length; q++) acc += Math.Pow(Math.Abs(u[q] - v[q]), p);
        return Math.Pow(acc, 1 / p);
    }

    /// <summary>
    /// target += g·∂d/∂u for one pair (u, v) at distance d &gt; 0: the slope per difference δ = u − v is sign(δ) (p = 1),
    /// δ/d (p = 2), sign(δ)·[|δ| = d] (p = ∞), sign(δ)·(|δ|/d)^(p−1) otherwise, and 0 where δ = 0.
    /// </summary>
    private static void PairGradient(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double g, double dist, double p,
        Span<double> target, Span<double> delta)
    {
        TensorPrimitives.Subtract(u, v, delta);
        if (p == 2)
        {
            TensorPrimitives.MultiplyAdd(delta, g / dist, target, target);
            return;
        }
        int q = 0;
        if (p == 1 && Vector.IsHardwareAccelerated)
        {
            var gp = new Vector<double>(g);
            for (; q <= delta.Length - Vector<double>.Count; q += Vector<double>.Count)
            {
                var d = new Vector<double>(delta[q..]);
                // g·sign(δ), 0 at δ = 0
                var step = Vector.ConditionalSelect(Vector.GreaterThan(d, Vector<double>.Zero), gp, Vector<double>.Zero)
                    - Vector.ConditionalSelect(Vector.LessThan(d, Vector<double>.Zero), gp, Vector<double>.Zero);
                (new Vector<double>(target[q..]) + step).CopyTo(target[q..]);
            }
        }
        for (; q < delta.Length; q++)
        {
            double d = delta[q];
            if (d == 0) continue;
            double slope = p == 1 ? Math.Sign(d)
                : double.IsPositiveInfinity(p) ? (Math.Abs(d) == dist ? Math.Sign(d) : 0)
                : Math.Sign(d) * Math.Pow(Math.Abs(d) / dist, p - 1);
            target[q] += g * slope;
        }
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
