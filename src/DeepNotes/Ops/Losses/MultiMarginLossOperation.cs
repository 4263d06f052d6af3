using System.Numerics;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Multiclass hinge loss (PyTorch's <c>multi_margin_loss</c>), fused: for input <c>[N, C]</c> (or <c>[C]</c>) and
/// target y, ℓ = Σ_{i≠y} w_y·max(0, Δ − x_y + x_i)^p / C with p ∈ {1, 2}. Mean divides by N (weights do not
/// normalise). Backward: for each i ≠ y with z = Δ − x_y + x_i &gt; 0, h' = 1 (p = 1) or 2z (p = 2) and
/// ∂ℓ/∂x_i = w_y·h'/C, ∂ℓ/∂x_y −= w_y·h'/C. A createGraph pass differentiates the loss recomposed from
/// differentiable ops instead (<see cref="Tensor.RecordComposite"/>).
/// </summary>
internal static class MultiMarginLossOperation
{
    private const string Op = "MultiMarginLoss";

    public static Tensor Forward(Tensor input, Tensor target, int p, double margin, Tensor? weight, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        if (p is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{Op}: p must be 1 or 2, got {p}.");
        if (!double.IsFinite(margin))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"{Op}: margin must be finite, got {ClassTargets.Format(margin)}.");
        ClassLayout layout = ClassTargets.Layout(Op, input);
        if (input.Rank > 2)
            throw new ArgumentException($"{Op}: input [C] or [N, C] expected, got {input.Shape}.", nameof(input));
        int[] t = ClassTargets.Indices(Op, input, target, layout, ignoreIndex: null);
        Tensor? w = ClassTargets.Weight(Op, weight, input, layout.C);
        Tensor x = input.ContiguousRaw();
        var perRow = new Tensor(layout.SampleShape, input.DType);
        if (input.DType == DType.Float32) Compute<float>(x, t, w, p, margin, layout, perRow);
        else Compute<double>(x, t, w, p, margin, layout, perRow);
        double divisor = reduction == LossReduction.Mean ? layout.N : 1;
        Tensor result = LossReduce.Apply(perRow, reduction, divisor);

        if (!Tensor.NeedsGrad(input)) return result;
        return Tensor.RecordComposite(result, "MultiMarginLossBackward", [input], g =>
        [
            input.DType == DType.Float32
                ? Backward<float>(g, x, t, w, p, margin, layout, reduction, divisor)
                : Backward<double>(g, x, t, w, p, margin, layout, reduction, divisor),
        ], inputs => Composite(inputs[0], t, w, p, margin, layout, reduction), w is null ? [input] : [input, w]);
    }

    /// <summary>
    /// The loss in differentiable ops (for createGraph): z = relu(Δ − x_y + x) (x_y gathered), z or z², times the
    /// constant mask w_y·[i ≠ y]/C, summed over the classes, then reduced.
    /// </summary>
    private static Tensor Composite(Tensor input, int[] t, Tensor? w, int p, double margin, ClassLayout layout, LossReduction reduction)
    {
        int n = layout.N, c = layout.C;
        Tensor x = input.Rank == 1 ? input.Unsqueeze(0) : input;
        var mask = new double[n * c];
        for (int r = 0; r < n; r++)
        {
            double wy = w is null ? 1 : w.DType == DType.Float32 ? w.Span<float>()[t[r]] : w.Span<double>()[t[r]];
            for (int i = 0; i < c; i++) mask[r * c + i] = i == t[r] ? 0 : wy / c;
        }
        Tensor xy = x.Gather(1, Tensor.FromArray(t, new Shape([n, 1])));
        Tensor z = (margin - xy + x).Relu();
        if (p == 2) z = z * z;
        Tensor perRow = (z * Tensor.FromArray(mask, new Shape([n, c])).To(input.DType)).Sum(1);
        if (input.Rank == 1) perRow = perRow.Reshape();
        return reduction switch
        {
            LossReduction.Mean => perRow.Sum() / n,
            LossReduction.Sum => perRow.Sum(),
            _ => perRow,
        };
    }

    private static void Compute<T>(Tensor x, int[] t, Tensor? w, int p, double margin, ClassLayout layout, Tensor perRow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> xs = x.Span<T>();
        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        var output = perRow.Span<T>();
        int c = layout.C;
        T m = T.CreateTruncating(margin), classes = T.CreateTruncating(c);
        for (int n = 0; n < layout.N; n++)
        {
            var row = xs.Slice(n * c, c);
            int y = t[n];
            T sum = T.Zero;
            for (int i = 0; i < c; i++)
            {
                if (i == y) continue;
                T z = m - row[y] + row[i];
                if (z > T.Zero) sum += p == 1 ? z : z * z;
            }
            if (w is not null) sum *= ws[y];
            output[n] = sum / classes;
        }
    }

    private static Tensor Backward<T>(Tensor g, Tensor x, int[] t, Tensor? w, int p, double margin, ClassLayout layout,
        LossReduction reduction, double divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dx = new Tensor(x.Shape, x.DType);
        var ds = dx.Span<T>();
        ReadOnlySpan<T> xs = x.Span<T>();
        ReadOnlySpan<T> ws = w is null ? default : w.Span<T>();
        LossReduce.GradFactor(g, reduction, divisor, out T scale, out Tensor? perRow);
        ReadOnlySpan<T> gs = perRow is null ? default : perRow.Span<T>();
        int c = layout.C;
        T m = T.CreateTruncating(margin), classes = T.CreateTruncating(c), two = T.CreateTruncating(2);
        for (int n = 0; n < layout.N; n++)
        {
            var row = xs.Slice(n * c, c);
            var drow = ds.Slice(n * c, c);
            int y = t[n];
            T f = (perRow is null ? scale : gs[n]) / classes;
            if (w is not null) f *= ws[y];
            for (int i = 0; i < c; i++)
            {
                if (i == y) continue;
                T z = m - row[y] + row[i];
                if (z <= T.Zero) continue;
                T h = (p == 1 ? T.One : two * z) * f;
                drow[i] += h;
                drow[y] -= h;
            }
        }
        return dx;
    }
}
