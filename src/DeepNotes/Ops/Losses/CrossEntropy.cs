using System.Numerics;
using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Cross-entropy of logits against Int32 class indices as ONE fused op (PyTorch's <c>cross_entropy</c>): a stable
/// row log-softmax (<see cref="SoftmaxKernel.LogRows{T}"/>), a gather of the target classes, and a backward that writes
/// (softmax − onehot)·scale straight into one new tensor. Probability targets go to <see cref="CrossEntropyProbabilities"/>.
/// </summary>
/// <remarks>
/// Per row (sample n, position d) with target y, class weights w (1 without), smoothing ε and p = log_softmax(x):
/// ℓ = −(1 − ε)·w_y·p_y − (ε/C)·Σ_c w_c·p_c; rows whose target is ignoreIndex contribute 0. Mean divides the sum by
/// Σ w_y over the non-ignored rows (PyTorch's rule; the count of rows without weights; NaN when none is left).
/// Backward per row: dx = s·(A·softmax − a) with a_c = (1 − ε)·w_y·[c = y] + (ε/C)·w_c, A = Σ_c a_c, s the
/// incoming gradient over the divisor. A createGraph pass computes the same gradient in differentiable ops
/// (softmax of the input, the constant a and A) so it can be differentiated again; the first-order pass runs the kernel.
/// </remarks>
internal static class CrossEntropy
{
    private const string Op = "CrossEntropy";

    /// <summary>Throws unless the label smoothing ε is in [0, 1]; <paramref name="op"/> names the caller in the message.</summary>
    public static void CheckLabelSmoothing(string op, double labelSmoothing)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                $"{op}: labelSmoothing must be in [0, 1], got {ClassTargets.Format(labelSmoothing)}.");
    }

    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, int ignoreIndex, LossReduction reduction, double labelSmoothing)
    {
        ArgumentNullException.ThrowIfNull(target);
        LossReduce.Check(Op, reduction);
        CheckLabelSmoothing(Op, labelSmoothing);
        ClassLayout layout = ClassTargets.Layout(Op, input);
        if (!target.DType.IsInteger() && target.DType == input.DType && target.Shape == input.Shape)
            return CrossEntropyProbabilities.Forward(input, target, weight, reduction, labelSmoothing, layout);
        int[] t = ClassTargets.Indices(Op, input, target, layout, ignoreIndex,
            $" (probability targets must be {input.Shape} {input.DType})");
        Tensor? w = ClassTargets.Weight(Op, weight, input, layout.C);

        Tensor x = ClassTargets.Rows(input, layout);
        var logp = new Tensor(x.Shape, x.DType);
        Tensor? perRow = reduction == LossReduction.None ? new Tensor(layout.SampleShape, input.DType) : null;
        (double total, double weightSum) = input.DType == DType.Float32
            ? Compute<float>(x, logp, t, w, ignoreIndex, labelSmoothing, layout, perRow)
            : Compute<double>(x, logp, t, w, ignoreIndex, labelSmoothing, layout, perRow);
        double divisor = reduction == LossReduction.Mean ? weightSum : 1;
        Tensor result = perRow ?? LossReduce.Scalar(total / divisor, input.DType);

        if (!Tensor.NeedsGrad(input)) return result;
        Shape inputShape = input.Shape;
        return Tensor.RecordDifferentiable(result, "CrossEntropyBackward", [input], g =>
        {
            if (Autograd.IsCreatingGraph)
                return [DifferentiableGradient(input, g, t, w, ignoreIndex, labelSmoothing, layout, reduction, divisor)];
            Tensor dx = input.DType == DType.Float32
                ? Backward<float>(g, logp, t, w, ignoreIndex, labelSmoothing, layout, reduction, divisor)
                : Backward<double>(g, logp, t, w, ignoreIndex, labelSmoothing, layout, reduction, divisor);
            return [ClassTargets.FromRows(dx, inputShape, layout)];
        }, w is null ? [input] : [input, w]);
    }

    /// <summary>
    /// The gradient as differentiable ops of the input and the incoming gradient (createGraph):
    /// (A·softmax(x) − a)·s per row, with the constant target distribution a (smoothed, weighted; 0 on ignored rows),
    /// A = Σ_c a_c, and s = g / divisor (reduced) or g per row (None).
    /// </summary>
    private static Tensor DifferentiableGradient(Tensor input, Tensor g, int[] t, Tensor? w, int ignoreIndex, double eps,
        ClassLayout layout, LossReduction reduction, double divisor)
    {
        int c = layout.C, d = layout.D, axis = input.Rank == 1 ? 0 : 1;
        double[] ws = new double[c];
        for (int k = 0; k < c; k++) ws[k] = w is null ? 1 : w.DType == DType.Float32 ? w.Span<float>()[k] : w.Span<double>()[k];
        double sumW = ws.Sum();
        var a = new double[input.Shape.ElementCount];
        var total = new double[layout.Rows];
        for (int n = 0; n < layout.N; n++)
            for (int p = 0; p < d; p++)
            {
                int r = n * d + p, y = t[r];
                if (y == ignoreIndex) continue;
                for (int k = 0; k < c; k++) a[(n * c + k) * d + p] = eps / c * ws[k];
                a[(n * c + y) * d + p] += (1 - eps) * ws[y];
                total[r] = (1 - eps) * ws[y] + eps / c * sumW;
            }
        Shape rowShape = RowShape(input.Shape, axis);
        Tensor target = Tensor.FromArray(a, input.Shape).To(input.DType);
        Tensor sums = Tensor.FromArray(total, rowShape).To(input.DType);
        return (input.Softmax(axis) * sums - target) * RowScale(g, axis, reduction, divisor);
    }

    /// <summary>The input's shape with 1 on the class axis.</summary>
    internal static Shape RowShape(Shape inputShape, int axis)
    {
        int[] dims = inputShape.Dims.ToArray();
        dims[axis] = 1;
        return new Shape(dims);
    }

    /// <summary>
    /// The incoming gradient of a per-row loss as a factor broadcastable to the input (class axis 1 kept as size 1):
    /// g with the class axis inserted (None), else g / divisor (a scalar); differentiable. A zero divisor (Mean over
    /// rows that are all ignored: a NaN loss) gives 0, so the gradient is 0 as the fused kernels' is, not 0·∞.
    /// </summary>
    internal static Tensor RowScale(Tensor g, int axis, LossReduction reduction, double divisor)
    {
        if (reduction != LossReduction.None) return divisor == 0 ? g * 0.0 : g / divisor;
        return axis == 0 ? g : g.Unsqueeze(1);
    }

    private static (double Total, double WeightSum) Compute<T>(Tensor x, Tensor logp, int[] t, Tensor? w, int ignoreIndex,
        double eps, ClassLayout layout, Tensor? perRow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = layout.Rows, c = layout.C;
        var lp = logp.Span<T>();
        if (rows > 0) SoftmaxKernel.LogRows<T>(x.Span<T>(), lp, rows, c);
        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        Span<T> outRow = perRow is null ? default : perRow.Span<T>();
        double total = 0, weightSum = 0, smooth = eps / c;
        for (int r = 0; r < rows; r++)
        {
            int y = t[r];
            if (y == ignoreIndex)
            {
                if (perRow is not null) outRow[r] = T.Zero;
                continue;
            }
            var row = lp.Slice(r * c, c);
            double wy = w is null ? 1 : double.CreateTruncating(ws[y]);
            double loss = -(1 - eps) * wy * double.CreateTruncating(row[y]);
            if (eps > 0)
                loss -= smooth * double.CreateTruncating(w is null ? TensorPrimitives.Sum<T>(row) : TensorPrimitives.Dot(ws, row));
            total += loss;
            weightSum += wy;
            if (perRow is not null) outRow[r] = T.CreateTruncating(loss);
        }
        return (total, weightSum);
    }

    private static Tensor Backward<T>(Tensor g, Tensor logp, int[] t, Tensor? w, int ignoreIndex, double eps, ClassLayout layout,
        LossReduction reduction, double divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = layout.Rows, c = layout.C;
        var dx = new Tensor(logp.Shape, logp.DType);
        var d = dx.Span<T>();
        ReadOnlySpan<T> lp = logp.Span<T>();
        LossReduce.GradFactor(g, reduction, divisor, out T scale, out Tensor? perRow);

        if (w is null && eps == 0 && perRow is null)
        {
            // the hot path: dx = (softmax − onehot)·s, ignored rows 0; blocks of rows so both passes hit the cache
            int blockRows = Math.Max(1, 4096 / c);
            for (int r0 = 0; r0 < rows; r0 += blockRows)
            {
                int r1 = Math.Min(rows, r0 + blockRows);
                var block = d.Slice(r0 * c, (r1 - r0) * c);
                TensorPrimitives.Exp(lp.Slice(r0 * c, (r1 - r0) * c), block);
                TensorPrimitives.Multiply(block, scale, block);
                for (int r = r0; r < r1; r++)
                {
                    int y = t[r];
                    if (y == ignoreIndex) d.Slice(r * c, c).Clear();
                    else d[r * c + y] -= scale;
                }
            }
            return dx;
        }

        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        ReadOnlySpan<T> gs = perRow is null ? default : perRow.Span<T>();
        double sumW = w is null ? c : LossReduce.SumOf(ws);
        for (int r = 0; r < rows; r++)
        {
            int y = t[r];
            if (y == ignoreIndex) continue; // stays 0
            double s = perRow is null ? double.CreateTruncating(scale) : double.CreateTruncating(gs[r]);
            double wy = w is null ? 1 : double.CreateTruncating(ws[y]);
            double total = (1 - eps) * wy + eps / c * sumW; // A = Σ_c a_c
            var row = d.Slice(r * c, c);
            TensorPrimitives.Exp(lp.Slice(r * c, c), row);
            TensorPrimitives.Multiply(row, T.CreateTruncating(s * total), row);
            if (eps > 0)
            {
                T smooth = T.CreateTruncating(s * eps / c);
                if (w is null) TensorPrimitives.Subtract(row, smooth, row);
                else TensorPrimitives.MultiplyAdd(ws, -smooth, row, row);
            }
            row[y] -= T.CreateTruncating(s * (1 - eps) * wy);
        }
        return dx;
    }
}
