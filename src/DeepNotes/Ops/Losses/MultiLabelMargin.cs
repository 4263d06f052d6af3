using System.Numerics;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Multi-label hinge loss, as PyTorch's <c>multilabel_margin_loss</c>, fused: for input <c>[N, C]</c> (or <c>[C]</c>)
/// and an Int32 target of the same shape whose row lists the sample's classes up to the first −1,
/// ℓ = Σ_j Σ_{i not a target} max(0, 1 − (x_{y_j} − x_i)) / C. Mean divides by N. Backward (as PyTorch, the hinge is
/// active only where z = 1 − x_{y_j} + x_i &gt; 0): ∂ℓ/∂x_i += 1/C, ∂ℓ/∂x_{y_j} −= 1/C for each active pair. A
/// createGraph pass differentiates the loss recomposed from differentiable ops instead.
/// </summary>
internal static class MultiLabelMargin
{
    private const string Op = "MultiLabelMarginLoss";

    public static Tensor Forward(Tensor input, Tensor target, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        input.CheckFloatingPoint(Op);
        if (input.Rank is not (1 or 2))
            throw new ArgumentException($"{Op}: input [C] or [N, C] expected, got {input.Shape}.", nameof(input));
        if (target.DType != DType.Int32 || target.Shape != input.Shape)
            throw new ArgumentException($"{Op}: target {input.Shape} Int32 expected for input {input.Shape}, got {target.Shape} {target.DType}.",
                nameof(target));
        int c = input.Shape.Dims[^1], n = input.Rank == 1 ? 1 : input.Shape.Dims[0];
        int[] t = target.ContiguousRaw().Span<int>().ToArray();
        int[] counts = new int[n];
        for (int r = 0; r < n; r++)
        {
            int k = 0;
            for (; k < c; k++)
            {
                int y = t[r * c + k];
                if (y == -1) break;
                if ((uint)y >= (uint)c)
                    throw new ArgumentException($"{Op}: target class {y} at row {r}, position {k} is out of range [0, {c}) (−1 ends a row).", nameof(target));
            }
            counts[r] = k;
        }
        Tensor x = input.ContiguousRaw();
        var perRow = new Tensor(input.Rank == 1 ? Shape.Scalar : new Shape([n]), input.DType);
        if (input.DType == DType.Float32) Compute<float>(x, t, counts, n, c, perRow, null, default);
        else Compute<double>(x, t, counts, n, c, perRow, null, default);
        double divisor = reduction == LossReduction.Mean ? n : 1;
        Tensor result = LossReduce.Apply(perRow, reduction, divisor);

        if (!Tensor.NeedsGrad(input)) return result;
        return Tensor.RecordComposite(result, "MultiLabelMarginLossBackward", [input], g =>
        {
            var dx = new Tensor(x.Shape, x.DType);
            if (x.DType == DType.Float32) Compute<float>(x, t, counts, n, c, null, dx, (g, reduction, divisor));
            else Compute<double>(x, t, counts, n, c, null, dx, (g, reduction, divisor));
            return [dx];
        }, inputs => Composite(inputs[0], t, counts, n, c, reduction));
    }

    /// <summary>
    /// The loss in differentiable ops (for createGraph): with the K = max count target scores x_y gathered <c>[N, K]</c>,
    /// relu(1 − x_y + x) <c>[N, K, C]</c> times the constant mask [j &lt; count, i not a target]/C, summed, then reduced.
    /// </summary>
    private static Tensor Composite(Tensor input, int[] t, int[] counts, int n, int c, LossReduction reduction)
    {
        Tensor x = input.Rank == 1 ? input.Unsqueeze(0) : input;
        int k = Math.Max(1, counts.Length == 0 ? 1 : counts.Max());
        var index = new int[n * k];
        var mask = new double[n * k * c];
        var isTarget = new bool[c];
        for (int r = 0; r < n; r++)
        {
            Array.Clear(isTarget);
            for (int j = 0; j < counts[r]; j++) isTarget[t[r * c + j]] = true;
            for (int j = 0; j < counts[r]; j++)
            {
                index[r * k + j] = t[r * c + j];
                for (int i = 0; i < c; i++) mask[(r * k + j) * c + i] = isTarget[i] ? 0 : 1.0 / c;
            }
        }
        Tensor xy = x.Gather(1, Tensor.FromArray(index, new Shape([n, k])));
        Tensor z = (1.0 - xy.Unsqueeze(2) + x.Unsqueeze(1)).Relu();
        Tensor perRow = (z * Tensor.FromArray(mask, new Shape([n, k, c])).To(input.DType)).Sum([1, 2]);
        if (input.Rank == 1) perRow = perRow.Reshape();
        return reduction switch
        {
            LossReduction.Mean => perRow.Sum() / n,
            LossReduction.Sum => perRow.Sum(),
            _ => perRow,
        };
    }

    /// <summary>The per-row loss (when <paramref name="loss"/> is given) or the gradient (into <paramref name="dx"/>).</summary>
    private static void Compute<T>(Tensor x, int[] t, int[] counts, int n, int c, Tensor? loss, Tensor? dx,
        (Tensor G, LossReduction Reduction, double Divisor) grad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> xs = x.Span<T>();
        Span<T> ls = loss is null ? default : loss.Span<T>(), ds = dx is null ? default : dx.Span<T>();
        T scale = T.One;
        Tensor? perRow = null;
        if (dx is not null) LossReduce.GradFactor(grad.G, grad.Reduction, grad.Divisor, out scale, out perRow);
        ReadOnlySpan<T> gs = perRow is null ? default : perRow.Span<T>();
        T classes = T.CreateTruncating(c);
        var isTarget = new bool[c];
        for (int r = 0; r < n; r++)
        {
            Array.Clear(isTarget);
            for (int k = 0; k < counts[r]; k++) isTarget[t[r * c + k]] = true;
            var row = xs.Slice(r * c, c);
            T f = (perRow is null ? scale : gs[r]) / classes;
            T sum = T.Zero;
            for (int k = 0; k < counts[r]; k++)
            {
                int y = t[r * c + k];
                for (int i = 0; i < c; i++)
                {
                    if (isTarget[i]) continue;
                    T z = T.One - row[y] + row[i];
                    if (!(z > T.Zero)) continue;
                    if (loss is not null) sum += z;
                    else
                    {
                        ds[r * c + i] += f;
                        ds[r * c + y] -= f;
                    }
                }
            }
            if (loss is not null) ls[r] = sum / classes;
        }
    }
}
