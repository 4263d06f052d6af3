using System.Numerics.Tensors;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Vector p-norm over all or chosen axes, as <c>torch.norm(x, p, dim)</c> / <c>torch.linalg.vector_norm</c>:
/// p = 2 (rescaled by the largest magnitude when the plain sum of squares would overflow or underflow), 1, ∞ (largest
/// |x|), −∞ (smallest |x|), 0 (number of non-zeros) and any other real p as (Σ|x|ᵖ)^(1/p). Backward as PyTorch,
/// with the subgradient 0 where the norm is 0: g·x/‖x‖ (p = 2), g·sign(x) (p = 1), g·sign(x) shared evenly among the
/// elements reaching the extreme (p = ±∞), 0 (p = 0), g·sign(x)·|x|^(p−1)/‖x‖^(p−1) otherwise (0 where x = 0).
/// </summary>
internal static class Norm
{
    public static Tensor Forward(Tensor x, double p, int[]? axes, bool keepDim)
    {
        x.CheckFloatingPoint("Norm");
        if (double.IsNaN(p)) throw new ArgumentException("Norm: p must be a number or ±infinity, got NaN.", nameof(p));
        int[] ax = ReductionOperation.Axes("Norm", axes, x.Rank);
        var (data, outer, inner) = ReductionOperation.Arrange(x, ax);
        if (inner == 0 && double.IsNegativeInfinity(p) && outer > 0)
            throw new ArgumentException($"Norm: the -inf norm of an empty dimension is undefined (shape {x.Shape}).");
        var result = new Tensor(ReductionOperation.OutputShape(x.Shape, ax, keepDim), x.DType);
        if (x.DType == DType.Float32) Rows(data.Span<float>(), result.Span<float>(), outer, inner, p);
        else Rows(data.Span<double>(), result.Span<double>(), outer, inner, p);
        if (!Tensor.NeedsGrad(x)) return result;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, "NormBackward", [x],
            g => [Backward(x, Autograd.IsCreatingGraph ? result : output, g, p, ax, keepDim)], x, output); // the output with its graph when differentiating again
    }

    private static Tensor Backward(Tensor x, Tensor output, Tensor g, double p, int[] ax, bool keepDim)
    {
        DType dt = x.DType;
        Tensor zero = Tensor.Zeros(Shape.Scalar, dt);
        Tensor norm = ReductionOperation.ExpandBack(output, x.Shape, ax, keepDim);
        Tensor ge = ReductionOperation.ExpandBack(g, x.Shape, ax, keepDim);
        Tensor normIsZero = Comparison.Equal(norm, zero);
        Tensor local;
        if (p == 0) return Tensor.ZeroGradient(x.Shape, dt);
        if (p == 1) local = Abs.Sign(x);
        else if (p == 2)
            local = Where.Forward(normIsZero, zero, Divide.Forward(x, Where.Forward(normIsZero, Tensor.Scalar(1, dt), norm)));
        else if (double.IsInfinity(p))
        {
            Tensor mask = Comparison.Equal(Abs.Forward(x), norm).ConvertRaw(dt);
            Tensor count = Sum.Forward(mask, ax, keepDim: true);
            local = Multiply.Forward(Abs.Sign(x), Divide.Forward(mask, count));
        }
        else
        {
            Tensor pm1 = Tensor.Scalar(p - 1, dt);
            Tensor safeNorm = Where.Forward(normIsZero, Tensor.Scalar(1, dt), norm);
            local = Multiply.Forward(Abs.Sign(x), Divide.Forward(Pow.Forward(Abs.Forward(x), pm1), Pow.Forward(safeNorm, pm1)));
            Tensor xIsZero = Comparison.Equal(x, zero);
            local = Where.Forward(xIsZero, zero, Where.Forward(normIsZero, zero, local));
        }
        return Multiply.Forward(ge, local);
    }

    private static void Rows<T>(ReadOnlySpan<T> data, Span<T> result, int outer, int inner, double p) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * inner, inner);
            result[o] = inner == 0 ? T.Zero : Row(row, p);
        }
    }

    private static T Row<T>(ReadOnlySpan<T> row, double p) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (p == 2)
        {
            T s = row.Length >= 16384 ? TensorPrimitives.SumOfSquares(row) : Kernels.RowReduceKernel.SumOfSquares(row);
            if (T.IsFinite(s) && s >= T.CreateTruncating(1e-30)) return T.Sqrt(s);
            return Scaled2(row);
        }
        if (p == 1) return TensorPrimitives.SumOfMagnitudes(row);
        if (double.IsPositiveInfinity(p)) return T.Abs(TensorPrimitives.MaxMagnitude(row));
        if (double.IsNegativeInfinity(p)) return T.Abs(TensorPrimitives.MinMagnitude(row));
        double acc = 0;
        if (p == 0)
        {
            foreach (T v in row) if (v != T.Zero) acc += 1;
            return T.CreateTruncating(acc);
        }
        if (p == Math.Floor(p) && p > 0 && p <= 8)
        {
            int ip = (int)p;
            foreach (T v in row)
            {
                double a = Math.Abs(double.CreateTruncating(v)), t = a;
                for (int k = 1; k < ip; k++) t *= a;
                acc += t;
            }
        }
        else foreach (T v in row) acc += Math.Pow(Math.Abs(double.CreateTruncating(v)), p);
        return T.CreateTruncating(Math.Pow(acc, 1 / p));
    }

    /// <summary>m·√Σ(x/m)² with m = max|x|: no overflow or underflow of the squares.</summary>
    private static T Scaled2<T>(ReadOnlySpan<T> row) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double m = 0;
        foreach (T v in row)
        {
            double a = Math.Abs(double.CreateTruncating(v));
            if (double.IsNaN(a)) return T.NaN;
            if (a > m) m = a;
        }
        if (m == 0 || double.IsInfinity(m)) return T.CreateTruncating(m);
        double s = 0;
        foreach (T v in row)
        {
            double r = double.CreateTruncating(v) / m;
            s += r * r;
        }
        return T.CreateTruncating(m * Math.Sqrt(s));
    }
}
