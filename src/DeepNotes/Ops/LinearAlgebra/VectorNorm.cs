namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.vector_norm</c>: (Σ|x|^p)^(1/p) over all or chosen dimensions, with ord 0 (count of non-zeros),
/// ±∞ (max/min |x|) and any other real p; accumulated in double. Backward (PyTorch's norm_backward): p = 0 → 0;
/// p = 1 → sgn(x)·g; p = 2 → g·x/‖x‖ (0 where ‖x‖ = 0); ±∞ → sgn(x)·g spread evenly over the entries with
/// |x| = ‖x‖; p &lt; 1 → sgn(x)|x|^(p−1)·g·‖x‖^(1−p) (0 where x = 0); other p → x|x|^(p−2)·g/‖x‖^(p−1)
/// (0 where ‖x‖ = 0).
/// </summary>
internal static class VectorNorm
{
    private const string Op = "linalg.vector_norm";

    public static Tensor Forward(Tensor x, double ord, int[]? dims, bool keepDim)
    {
        if (!x.DType.IsFloatingPoint())
            throw new ArgumentException($"{Op}: Expected a floating point tensor (Float32 or Float64) as input. Got {x.DType}.");
        if (double.IsNaN(ord)) throw new ArgumentException($"{Op}: ord must not be NaN.", nameof(ord));
        int[] ax = ReductionOperation.Axes(Op, dims, x.Rank);
        Shape outShape = ReductionOperation.OutputShape(x.Shape, ax, keepDim);
        var (data, outer, inner) = ReductionOperation.Arrange(x, ax);
        if (inner == 0 && (ord < 0 || double.IsPositiveInfinity(ord)))
            throw new ArgumentException($"{Op}: cannot compute the {ord} norm on an empty tensor because the operation does not have an identity (shape {x.Shape}).");
        double[] values = MatrixBatch.Read(data), result = new double[outer];
        for (int o = 0; o < outer; o++) result[o] = Row(values.AsSpan(o * inner, inner), ord);
        var output = MatrixBatch.Write(result, outShape, x.DType);
        if (!Tensor.NeedsGrad(x)) return output;
        var norm = output.Detach();
        Shape keepShape = ReductionOperation.OutputShape(x.Shape, ax, keepDim: true);
        return Tensor.RecordDifferentiable(output, "LinalgVectorNormBackward", [x], g =>
        {
            Tensor n = Autograd.IsCreatingGraph ? output : norm; // the output with its graph when differentiating again
            Tensor gk = keepDim ? g : g.Reshape([.. keepShape.Dims]);
            Tensor nk = keepDim ? n : n.Reshape([.. keepShape.Dims]);
            return [Backward(x, gk, nk, ord, ax)];
        }, x, norm);
    }

    private static double Row(ReadOnlySpan<double> v, double ord)
    {
        double acc = 0;
        if (ord == 0) { foreach (double e in v) if (e != 0) acc++; return acc; }
        if (double.IsPositiveInfinity(ord))
        {
            acc = 0;
            foreach (double e in v) { double a = Math.Abs(e); if (double.IsNaN(a)) return double.NaN; if (a > acc) acc = a; }
            return acc;
        }
        if (double.IsNegativeInfinity(ord))
        {
            acc = double.PositiveInfinity;
            foreach (double e in v) { double a = Math.Abs(e); if (double.IsNaN(a)) return double.NaN; if (a < acc) acc = a; }
            return acc;
        }
        if (ord == 1) { foreach (double e in v) acc += Math.Abs(e); return acc; }
        if (ord == 2) { foreach (double e in v) acc += e * e; return Math.Sqrt(acc); }
        foreach (double e in v) acc += Math.Pow(Math.Abs(e), ord);
        return Math.Pow(acc, 1 / ord);
    }

    private static Tensor Backward(Tensor x, Tensor g, Tensor norm, double p, int[] axes)
    {
        DType dt = x.DType;
        Tensor zero = Tensor.Scalar(0, dt), one = Tensor.Scalar(1, dt);
        Tensor sgn = Tensor.Where(x.Greater(0), one, Tensor.Where(x.Less(0), Tensor.Scalar(-1, dt), zero));
        if (p == 0) return Tensor.ZeroGradient(x.Shape, x.DType);
        if (p == 1) return sgn * g;
        Tensor normZero = norm.ElementEquals(0);
        if (p == 2) return g * Tensor.Where(normZero, zero, x / norm);
        Tensor abs = x.Abs();
        if (double.IsInfinity(p))
        {
            Tensor mask = Tensor.Where(abs.ElementEquals(norm), one, zero);
            return sgn * (g / mask.Sum(axes, keepDim: true) * mask);
        }
        if (p < 1)
            return sgn * Tensor.Where(x.ElementEquals(0), zero, abs.Pow(p - 1)) * g * norm.Pow(1 - p);
        Tensor scale = Tensor.Where(normZero, zero, g / norm.Pow(p - 1));
        return p < 2 ? sgn * abs.Pow(p - 1) * scale : x * abs.Pow(p - 2) * scale;
    }
}
