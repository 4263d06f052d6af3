using System.Numerics;

namespace DeepNotes.Ops;

/// <summary>
/// Embedding bags (<c>F.embedding_bag</c>) without materialising the looked-up rows: bag b reduces the rows
/// <c>weight[indices[i]]</c> for i in [start_b, end_b), skipping the padding index, to one vector of the output
/// <c>[B, dim]</c> — their (weighted) sum, their mean over the non-padding count, or their elementwise max (first
/// maximum wins; its row index is saved). An empty bag gives zeros. Backward scatter-adds into the weight rows in
/// index order (g·w_i for sum, g/count for mean, g to the saved argmax for max) and, for per-sample weights,
/// gives dw_i = ⟨g_b, weight[indices[i]]⟩. A <c>createGraph</c> pass differentiates the same reduction written in
/// differentiable ops (IndexSelect, IndexAdd) instead. Inputs are validated by <see cref="Functional.EmbeddingBag"/>.
/// </summary>
internal static class EmbeddingBagReduction
{
    public static Tensor Forward(int[] indices, int[] starts, int[] ends, Tensor weight, EmbeddingBagMode mode, Tensor? perSampleWeights, int paddingIdx)
    {
        int bags = starts.Length, dim = weight.Shape[1];
        Tensor w = weight.ContiguousRaw();
        Tensor? psw = perSampleWeights?.ContiguousRaw();
        var y = new Tensor(new Shape([bags, dim]), weight.DType);
        int[]? argmax = mode == EmbeddingBagMode.Max ? new int[bags * dim] : null;
        if (weight.DType == DType.Float32) Reduce<float>(indices, starts, ends, w, psw, y, mode, paddingIdx, argmax);
        else Reduce<double>(indices, starts, ends, w, psw, y, mode, paddingIdx, argmax);

        Tensor[] inputs = psw is null ? [weight] : [weight, perSampleWeights!];
        if (!Tensor.NeedsGrad(inputs)) return y;
        bool needW = weight.RequiresGrad, needP = perSampleWeights?.RequiresGrad == true;
        return Tensor.RecordComposite(y, "EmbeddingBagBackward", inputs, g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? dw = needW ? new Tensor(weight.Shape, weight.DType) : null;
            Tensor? dp = needP ? new Tensor(perSampleWeights!.Shape, perSampleWeights.DType) : null;
            if (weight.DType == DType.Float32) Backward<float>(indices, starts, ends, w, psw, gc, dw, dp, mode, paddingIdx, argmax);
            else Backward<double>(indices, starts, ends, w, psw, gc, dw, dp, mode, paddingIdx, argmax);
            return psw is null ? [dw] : [dw, dp];
        }, t => Composite(indices, starts, ends, t[0], mode, t.Length > 1 ? t[1] : null, paddingIdx, argmax), w);
    }

    /// <summary>
    /// The reduction in differentiable ops (for <c>createGraph</c> passes): sum and mean index-add the looked-up rows,
    /// scaled by the per-sample weight or 1/count, into their bags; max gathers each output element from its saved argmax
    /// row (zero for an empty bag).
    /// </summary>
    private static Tensor Composite(int[] indices, int[] starts, int[] ends, Tensor weight, EmbeddingBagMode mode, Tensor? perSampleWeights,
        int paddingIdx, int[]? argmax)
    {
        int bags = starts.Length, dim = weight.Shape[1];
        if (mode == EmbeddingBagMode.Max)
        {
            var flat = new int[bags * dim];
            var found = new double[bags * dim];
            for (int i = 0; i < flat.Length; i++)
            {
                int row = argmax![i];
                flat[i] = row >= 0 ? row * dim + i % dim : 0;
                found[i] = row >= 0 ? 1 : 0;
            }
            Tensor picked = weight.Reshape(-1).IndexSelect(0, Tensor.FromArray(flat, new Shape(flat.Length)));
            return (picked * Tensor.FromArray(found, new Shape(flat.Length)).To(weight.DType)).Reshape(bags, dim);
        }
        var positions = new List<int>();
        var bagOf = new List<int>();
        var scales = new List<double>();
        for (int b = 0; b < bags; b++)
        {
            int count = 0;
            for (int i = starts[b]; i < ends[b]; i++) if (indices[i] != paddingIdx) count++;
            for (int i = starts[b]; i < ends[b]; i++)
            {
                if (indices[i] == paddingIdx) continue;
                positions.Add(i);
                bagOf.Add(b);
                scales.Add(mode == EmbeddingBagMode.Mean && count > 1 ? 1.0 / count : 1.0);
            }
        }
        Tensor zeros = Tensor.Zeros(new Shape(bags, dim), weight.DType);
        if (positions.Count == 0) return zeros;
        int m = positions.Count;
        Tensor rows = weight.IndexSelect(0, Tensor.FromArray(positions.Select(i => indices[i]).ToArray(), new Shape(m)));
        Tensor coefficients = Tensor.FromArray(scales.ToArray(), new Shape(m)).To(weight.DType);
        if (perSampleWeights is not null)
            coefficients = perSampleWeights.Reshape(-1).IndexSelect(0, Tensor.FromArray(positions.ToArray(), new Shape(m))) * coefficients;
        return zeros.IndexAdd(0, Tensor.FromArray(bagOf.ToArray(), new Shape(m)), rows * coefficients.Unsqueeze(1));
    }

    private static void Reduce<T>(int[] indices, int[] starts, int[] ends, Tensor weight, Tensor? psw, Tensor y, EmbeddingBagMode mode,
        int paddingIdx, int[]? argmax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dim = weight.Shape[1];
        ReadOnlySpan<T> w = weight.Span<T>();
        ReadOnlySpan<T> p = psw is null ? default : psw.Span<T>();
        Span<T> output = y.Span<T>();
        for (int b = 0; b < starts.Length; b++)
        {
            Span<T> row = output.Slice(b * dim, dim);
            int count = 0;
            if (argmax is not null) argmax.AsSpan(b * dim, dim).Fill(-1);
            for (int i = starts[b]; i < ends[b]; i++)
            {
                int idx = indices[i];
                if (idx == paddingIdx) continue;
                ReadOnlySpan<T> source = w.Slice(idx * dim, dim);
                if (mode == EmbeddingBagMode.Max)
                {
                    for (int d = 0; d < dim; d++)
                        if (count == 0 || source[d] > row[d])
                        {
                            row[d] = source[d];
                            argmax![b * dim + d] = idx;
                        }
                }
                else if (psw is not null)
                {
                    T scale = p[i];
                    for (int d = 0; d < dim; d++) row[d] += scale * source[d];
                }
                else
                {
                    for (int d = 0; d < dim; d++) row[d] += source[d];
                }
                count++;
            }
            if (mode == EmbeddingBagMode.Mean && count > 1)
            {
                T c = T.CreateTruncating(count);
                for (int d = 0; d < dim; d++) row[d] /= c;
            }
        }
    }

    private static void Backward<T>(int[] indices, int[] starts, int[] ends, Tensor weight, Tensor? psw, Tensor g, Tensor? dw, Tensor? dp,
        EmbeddingBagMode mode, int paddingIdx, int[]? argmax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dim = weight.Shape[1];
        ReadOnlySpan<T> gs = g.Span<T>(), w = weight.Span<T>();
        ReadOnlySpan<T> p = psw is null ? default : psw.Span<T>();
        Span<T> dws = dw is null ? default : dw.Span<T>();
        Span<T> dps = dp is null ? default : dp.Span<T>();
        for (int b = 0; b < starts.Length; b++)
        {
            ReadOnlySpan<T> gb = gs.Slice(b * dim, dim);
            if (mode == EmbeddingBagMode.Max)
            {
                if (dw is null) continue;
                for (int d = 0; d < dim; d++)
                    if (argmax![b * dim + d] is int idx and >= 0) dws[idx * dim + d] += gb[d];
                continue;
            }
            int count = 0;
            for (int i = starts[b]; i < ends[b]; i++) if (indices[i] != paddingIdx) count++;
            T scale = mode == EmbeddingBagMode.Mean && count > 0 ? T.One / T.CreateTruncating(count) : T.One;
            for (int i = starts[b]; i < ends[b]; i++)
            {
                int idx = indices[i];
                if (idx == paddingIdx) continue;
                if (dw is not null)
                {
                    T s = psw is null ? scale : p[i];
                    Span<T> target = dws.Slice(idx * dim, dim);
                    for (int d = 0; d < dim; d++) target[d] += s * gb[d];
                }
                if (dp is not null)
                {
                    ReadOnlySpan<T> source = w.Slice(idx * dim, dim);
                    T dot = T.Zero;
                    for (int d = 0; d < dim; d++) dot += gb[d] * source[d];
                    dps[i] = dot;
                }
            }
        }
    }
}
