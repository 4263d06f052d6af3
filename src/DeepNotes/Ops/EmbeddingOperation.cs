using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>
/// The embedding lookup of <c>F.embedding</c>: row <c>indices[...]</c> of <c>weight [num, dim]</c> for every index,
/// <c>[*] -> [*, dim]</c>. Backward scatter-adds each output row's gradient into the row it came from (repeated
/// indices accumulate); the padding row, when given, receives no gradient. Under <c>createGraph</c> that scatter is an
/// <see cref="Tensor.IndexAdd"/> (differentiable), otherwise the fused loop. Optional max-norm renormalisation rescales
/// the looked-up rows of the weight in place (without autograd) before the lookup, like PyTorch.
/// </summary>
internal static class EmbeddingOperation
{
    public static Tensor Forward(Tensor indices, Tensor weight, int? paddingIdx, double? maxNorm, double normType)
    {
        weight.CheckFloatingPoint("Embedding");
        if (!indices.DType.IsInteger())
            throw new ArgumentException($"Embedding expects Int32 or Int64 indices, got {indices.DType}.", nameof(indices));
        indices = Indexing.IndexChecks.AsInt32Index("Embedding", indices);
        if (weight.Rank != 2)
            throw new ArgumentException($"Embedding expects a weight [num_embeddings, embedding_dim], got {weight.Shape}.", nameof(weight));
        int num = weight.Shape[0], dim = weight.Shape[1];
        int[] idx = indices.ContiguousRaw().Span<int>()[..indices.ElementCount].ToArray();
        for (int i = 0; i < idx.Length; i++)
        {
            if ((uint)idx[i] >= (uint)num)
                throw new ArgumentOutOfRangeException(nameof(indices),
                    $"Embedding: index {idx[i]} (position {i} of indices {indices.Shape}) is out of range for num_embeddings = {num} (valid: 0..{num - 1}).");
        }
        int? pad = paddingIdx is int p ? (p < 0 ? p + num : p) : null;
        if (pad is int q && (q < 0 || q >= num))
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), paddingIdx, $"Embedding: padding_idx must be in [-{num}, {num - 1}].");

        Tensor wc = weight.ContiguousRaw();
        if (maxNorm is double mn)
        {
            if (!ReferenceEquals(wc.Storage, weight.Storage))
                throw new ArgumentException("Embedding: max_norm renormalises the weight in place, which must be contiguous.", nameof(weight));
            if (weight.DType == DType.Float32) Renormalise<float>(wc, idx, dim, mn, normType);
            else Renormalise<double>(wc, idx, dim, mn, normType);
        }

        var y = new Tensor(new Shape([.. indices.Shape.Dims, dim]), weight.DType);
        if (weight.DType == DType.Float32) Gather<float>(wc, y, idx, dim);
        else Gather<double>(wc, y, idx, dim);

        Shape wShape = weight.Shape;
        return Tensor.RecordDifferentiable(y, "EmbeddingBackward", [weight], g =>
        {
            if (Autograd.IsCreatingGraph) return [DifferentiableGradient(g, idx, pad ?? -1, wShape)];
            Tensor gc = g.ContiguousRaw();
            var gw = new Tensor(wShape, g.DType);
            if (g.DType == DType.Float32) Scatter<float>(gc, gw, idx, dim, pad ?? -1);
            else Scatter<double>(gc, gw, idx, dim, pad ?? -1);
            return [gw];
        });
    }

    /// <summary>
    /// The weight gradient in differentiable ops, for <c>createGraph</c> passes: the gradient's rows (those not looking
    /// up the padding row) index-added into zeros of the weight's shape; its own backward gathers those rows again.
    /// </summary>
    private static Tensor DifferentiableGradient(Tensor g, int[] idx, int pad, Shape wShape)
    {
        int dim = wShape[1];
        var kept = new List<int>(idx.Length);
        for (int i = 0; i < idx.Length; i++) if (idx[i] != pad) kept.Add(i);
        if (kept.Count == 0) return Tensor.ZeroGradient(wShape, g.DType);
        Tensor rows = g.Reshape(idx.Length, dim);
        int[] targets = idx;
        if (kept.Count < idx.Length)
        {
            rows = rows.IndexSelect(0, Tensor.FromArray(kept.ToArray(), new Shape(kept.Count)));
            targets = [.. kept.Select(i => idx[i])];
        }
        return Tensor.Zeros(wShape, g.DType).IndexAdd(0, Tensor.FromArray(targets, new Shape(targets.Length)), rows);
    }

    private static void Gather<T>(Tensor w, Tensor y, int[] idx, int dim) where T : unmanaged
    {
        ReadOnlySpan<T> ws = w.Span<T>();
        Span<T> ys = y.Span<T>();
        for (int i = 0; i < idx.Length; i++) ws.Slice(idx[i] * dim, dim).CopyTo(ys.Slice(i * dim, dim));
    }

    private static void Scatter<T>(Tensor g, Tensor gw, int[] idx, int dim, int pad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> gs = g.Span<T>();
        Span<T> ws = gw.Span<T>();
        for (int i = 0; i < idx.Length; i++)
        {
            if (idx[i] == pad) continue;
            Span<T> row = ws.Slice(idx[i] * dim, dim);
            TensorPrimitives.Add(row, gs.Slice(i * dim, dim), row);
        }
    }

    private static void Renormalise<T>(Tensor w, int[] idx, int dim, double maxNorm, double normType)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> ws = w.Span<T>();
        foreach (int r in idx.Distinct())
        {
            Span<T> row = ws.Slice(r * dim, dim);
            double norm = 0;
            if (normType == 2) norm = double.CreateTruncating(TensorPrimitives.Norm<T>(row));
            else
            {
                foreach (T v in row) norm += Math.Pow(Math.Abs(double.CreateTruncating(v)), normType);
                norm = Math.Pow(norm, 1 / normType);
            }
            if (norm > maxNorm) TensorPrimitives.Multiply(row, T.CreateTruncating(maxNorm / (norm + 1e-7)), row);
        }
    }
}
