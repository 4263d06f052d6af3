using System.Numerics;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Negative log-likelihood of log-probabilities against Int32 class indices (PyTorch's <c>nll_loss</c>), fused:
/// ℓ = −w_y·x[n, y, d...] per sample and position; targets equal to ignoreIndex contribute 0 and Mean divides by
/// Σ w_y over the non-ignored targets. Backward: −w_y·s at the target class, 0 elsewhere. Works on the contiguous
/// <c>[N, C, D]</c> layout directly (element (n, c, d) at (n·C + c)·D + d), so no permutation is needed. The gradient
/// is a constant times the incoming gradient, which a createGraph pass records as such.
/// </summary>
internal static class NllLossOperation
{
    private const string Op = "NllLoss";

    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, int ignoreIndex, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        ClassLayout layout = ClassTargets.Layout(Op, input);
        int[] t = ClassTargets.Indices(Op, input, target, layout, ignoreIndex);
        Tensor? w = ClassTargets.Weight(Op, weight, input, layout.C);
        Tensor x = input.ContiguousRaw();
        var perRow = new Tensor(layout.SampleShape, input.DType);
        double weightSum = input.DType == DType.Float32
            ? Compute<float>(x, t, w, ignoreIndex, layout, perRow)
            : Compute<double>(x, t, w, ignoreIndex, layout, perRow);
        double divisor = reduction == LossReduction.Mean ? weightSum : 1;
        Tensor result = LossReduce.Apply(perRow, reduction, divisor);

        if (!Tensor.NeedsGrad(input)) return result;
        return Tensor.RecordDifferentiable(result, "NllLossBackward", [input], g =>
        [
            Autograd.IsCreatingGraph ? DifferentiableGradient(input, g, t, w, ignoreIndex, layout, reduction, divisor)
            : input.DType == DType.Float32
                ? Backward<float>(g, input.Shape, t, w, ignoreIndex, layout, reduction, divisor)
                : Backward<double>(g, input.Shape, t, w, ignoreIndex, layout, reduction, divisor),
        ], w is null ? [input] : [input, w]);
    }

    /// <summary>
    /// The gradient as a differentiable op of the incoming gradient (createGraph): a constant M (−w_y at each target
    /// class, 0 elsewhere and on ignored rows) times g / divisor (reduced) or g per row (None). It does not depend on
    /// the input, so its derivative with respect to the input is 0.
    /// </summary>
    private static Tensor DifferentiableGradient(Tensor input, Tensor g, int[] t, Tensor? w, int ignoreIndex, ClassLayout layout,
        LossReduction reduction, double divisor)
    {
        int c = layout.C, d = layout.D;
        var m = new double[input.Shape.ElementCount];
        for (int n = 0; n < layout.N; n++)
            for (int p = 0; p < d; p++)
            {
                int y = t[n * d + p];
                if (y == ignoreIndex) continue;
                m[(n * c + y) * d + p] = w is null ? -1 : w.DType == DType.Float32 ? -w.Span<float>()[y] : -w.Span<double>()[y];
            }
        Tensor local = Tensor.FromArray(m, input.Shape).To(input.DType);
        return local * CrossEntropy.RowScale(g, input.Rank == 1 ? 0 : 1, reduction, divisor);
    }

    private static double Compute<T>(Tensor x, int[] t, Tensor? w, int ignoreIndex, ClassLayout layout, Tensor perRow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> xs = x.Span<T>();
        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        var output = perRow.Span<T>();
        int c = layout.C, d = layout.D;
        double weightSum = 0;
        for (int n = 0; n < layout.N; n++)
            for (int p = 0; p < d; p++)
            {
                int r = n * d + p, y = t[r];
                if (y == ignoreIndex) { output[r] = T.Zero; continue; }
                T wy = w is null ? T.One : ws[y];
                output[r] = -wy * xs[(n * c + y) * d + p];
                weightSum += double.CreateTruncating(wy);
            }
        return weightSum;
    }

    private static Tensor Backward<T>(Tensor g, Shape inputShape, int[] t, Tensor? w, int ignoreIndex, ClassLayout layout,
        LossReduction reduction, double divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dx = new Tensor(inputShape, g.DType);
        var ds = dx.Span<T>();
        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        LossReduce.GradFactor(g, reduction, divisor, out T scale, out Tensor? perRow);
        ReadOnlySpan<T> gs = perRow is null ? default : perRow.Span<T>();
        int c = layout.C, d = layout.D;
        for (int n = 0; n < layout.N; n++)
            for (int p = 0; p < d; p++)
            {
                int r = n * d + p, y = t[r];
                if (y == ignoreIndex) continue;
                T wy = w is null ? T.One : ws[y];
                ds[(n * c + y) * d + p] = -wy * (perRow is null ? scale : gs[r]);
            }
        return dx;
    }
}
