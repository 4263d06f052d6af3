using System.Numerics;
using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Cross-entropy of logits against class probabilities of the same shape (PyTorch's <c>cross_entropy</c> with a
/// floating-point target), fused. With smoothing ε the target becomes t' = (1 − ε)·t + ε/C; per row
/// ℓ = −Σ_c w_c·t'_c·p_c, p = log_softmax(x). Mean divides by the number of rows N·d1·... (weights do not
/// normalise here, as in PyTorch). Backward: ∂ℓ/∂x = B·softmax − w ⊙ t' with B = Σ_c w_c·t'_c;
/// ∂ℓ/∂t_c = −(1 − ε)·w_c·p_c. A createGraph pass writes both with differentiable ops (softmax, log-softmax, sums).
/// </summary>
internal static class CrossEntropyProbabilities
{
    private const string Op = "CrossEntropy";

    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, LossReduction reduction, double eps, ClassLayout layout)
    {
        Tensor? w = ClassTargets.Weight(Op, weight, input, layout.C);
        Tensor x = ClassTargets.Rows(input, layout), t = ClassTargets.Rows(target, layout);
        var logp = new Tensor(x.Shape, x.DType);
        var perRow = new Tensor(layout.SampleShape, input.DType);
        if (input.DType == DType.Float32) Compute<float>(x, t, logp, w, eps, layout, perRow);
        else Compute<double>(x, t, logp, w, eps, layout, perRow);
        double divisor = reduction == LossReduction.Mean ? layout.Rows : 1;
        Tensor result = LossReduce.Apply(perRow, reduction, divisor);

        if (!Tensor.NeedsGrad(input, target)) return result;
        bool needX = input.RequiresGrad, needT = target.RequiresGrad;
        Shape shape = input.Shape;
        return Tensor.RecordDifferentiable(result, "CrossEntropyBackward", [input, target], g =>
        {
            if (Autograd.IsCreatingGraph) return DifferentiableGradients(input, target, g, w, eps, reduction, divisor, needX, needT);
            Tensor? dx = null, dt = null;
            if (input.DType == DType.Float32) Backward<float>(g, logp, t, w, eps, layout, reduction, divisor, needX, needT, out dx, out dt);
            else Backward<double>(g, logp, t, w, eps, layout, reduction, divisor, needX, needT, out dx, out dt);
            return
            [
                dx is null ? null : ClassTargets.FromRows(dx, shape, layout),
                dt is null ? null : ClassTargets.FromRows(dt, shape, layout),
            ];
        }, w is null ? [input, target] : [input, target, w]);
    }

    /// <summary>
    /// The gradients as differentiable ops of input, target and the incoming gradient (createGraph):
    /// (B·softmax(x) − w ⊙ t')·s to the input, B = Σ_c w_c·t'_c, and −(1 − ε)·w ⊙ log_softmax(x)·s to the target.
    /// </summary>
    private static Tensor?[] DifferentiableGradients(Tensor input, Tensor target, Tensor g, Tensor? w, double eps,
        LossReduction reduction, double divisor, bool needX, bool needT)
    {
        int axis = input.Rank == 1 ? 0 : 1, c = input.Shape.Dims[axis];
        Tensor? wb = null;
        if (w is not null)
        {
            int[] dims = new int[input.Rank];
            Array.Fill(dims, 1);
            dims[axis] = c;
            wb = w.Reshape(dims);
        }
        Tensor s = CrossEntropy.RowScale(g, axis, reduction, divisor);
        Tensor? dx = null, dt = null;
        if (needX)
        {
            Tensor smoothed = eps == 0 ? target : target * (1 - eps) + eps / c;
            Tensor weighted = wb is null ? smoothed : smoothed * wb;
            dx = (input.Softmax(axis) * weighted.Sum(axis, keepDim: true) - weighted) * s;
        }
        if (needT)
        {
            Tensor logp = input.LogSoftmax(axis) * (-(1 - eps));
            dt = (wb is null ? logp : logp * wb) * s;
        }
        return [dx, dt];
    }

    /// <summary>t' = (1 − ε)·t + ε/C for one row.</summary>
    private static void Smoothed<T>(ReadOnlySpan<T> t, T keep, T add, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(t, keep, result);
        TensorPrimitives.Add(result, add, result);
    }

    private static void Compute<T>(Tensor x, Tensor t, Tensor logp, Tensor? w, double eps, ClassLayout layout, Tensor perRow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = layout.Rows, c = layout.C;
        var lp = logp.Span<T>();
        if (rows > 0) SoftmaxKernel.LogRows<T>(x.Span<T>(), lp, rows, c);
        ReadOnlySpan<T> ts = t.Span<T>();
        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        var output = perRow.Span<T>();
        T keep = T.CreateTruncating(1 - eps), add = T.CreateTruncating(eps / c);
        var tp = new T[c];
        for (int r = 0; r < rows; r++)
        {
            Smoothed(ts.Slice(r * c, c), keep, add, tp);
            if (w is not null) TensorPrimitives.Multiply(tp, ws, tp);
            output[r] = -TensorPrimitives.Dot<T>(tp, lp.Slice(r * c, c));
        }
    }

    private static void Backward<T>(Tensor g, Tensor logp, Tensor t, Tensor? w, double eps, ClassLayout layout, LossReduction reduction,
        double divisor, bool needX, bool needT, out Tensor? dx, out Tensor? dt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = layout.Rows, c = layout.C;
        LossReduce.GradFactor(g, reduction, divisor, out T scale, out Tensor? perRow);
        ReadOnlySpan<T> lp = logp.Span<T>(), ts = t.Span<T>();
        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        ReadOnlySpan<T> gs = perRow is null ? default : perRow.Span<T>();
        dx = needX ? new Tensor(logp.Shape, logp.DType) : null;
        dt = needT ? new Tensor(logp.Shape, logp.DType) : null;
        Span<T> dxs = dx is null ? default : dx.Span<T>(), dts = dt is null ? default : dt.Span<T>();
        T keep = T.CreateTruncating(1 - eps), add = T.CreateTruncating(eps / c);
        var tp = new T[c];
        for (int r = 0; r < rows; r++)
        {
            T s = perRow is null ? scale : gs[r];
            var lpr = lp.Slice(r * c, c);
            if (dx is not null)
            {
                Smoothed(ts.Slice(r * c, c), keep, add, tp);
                if (w is not null) TensorPrimitives.Multiply(tp, ws, tp);
                T total = TensorPrimitives.Sum<T>(tp);
                var row = dxs.Slice(r * c, c);
                TensorPrimitives.Exp(lpr, row);
                TensorPrimitives.Multiply(row, total, row);
                TensorPrimitives.Subtract(row, tp, row);
                TensorPrimitives.Multiply(row, s, row);
            }
            if (dt is not null)
            {
                var row = dts.Slice(r * c, c);
                if (w is null) TensorPrimitives.Multiply(lpr, -s * keep, row);
                else
                {
                    TensorPrimitives.Multiply(lpr, ws, row);
                    TensorPrimitives.Multiply(row, -s * keep, row);
                }
            }
        }
    }
}
