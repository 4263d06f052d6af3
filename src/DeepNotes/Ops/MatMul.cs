using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Matrix product with <c>torch.matmul</c> semantics: dot product for two vectors, vector–matrix and
/// matrix–vector by a temporary unit dimension, and batched products with broadcast batch dimensions.
/// Transposed views reach the GEMM kernel as transpose flags, never as copies. Backward:
/// dA = dC·Bᵀ and dB = Aᵀ·dC (again through transposed views), summed over broadcast batch dimensions.
/// </summary>
internal static class MatMul
{
    public static Tensor Forward(Tensor a, Tensor b)
    {
        Tensor.CheckSameDType("MatMul", a, b);
        a.CheckFloatingPoint("MatMul");
        if (a.Rank == 0 || b.Rank == 0)
            throw new ArgumentException($"MatMul: both arguments must be at least 1-D, got shapes {a.Shape} and {b.Shape}.");
        if (a.Rank == 1 || b.Rank == 1)
        {
            if (a.Shape[-1] != b.Shape[b.Rank == 1 ? 0 : -2])
                throw new ArgumentException($"MatMul: shapes {a.Shape} and {b.Shape} cannot be multiplied.");
            Tensor a2 = a.Rank == 1 ? Squeeze.Unsqueeze(a, 0) : a;
            Tensor b2 = b.Rank == 1 ? Squeeze.Unsqueeze(b, 1) : b;
            Tensor r = Forward(a2, b2);
            if (b.Rank == 1) r = Squeeze.Forward(r, -1);
            if (a.Rank == 1) r = Squeeze.Forward(r, a.Rank == 1 && b.Rank == 1 ? -1 : -2);
            return r;
        }

        int m = a.Shape[-2], k = a.Shape[-1], n = b.Shape[-1];
        if (b.Shape[-2] != k)
            throw new ArgumentException($"MatMul: shapes {a.Shape} and {b.Shape} cannot be multiplied.");
        Shape batchA = new(a.Shape.Dims[..^2]), batchB = new(b.Shape.Dims[..^2]);
        Shape batch;
        try { batch = ElementwiseBinary.BroadcastShape("MatMul", batchA, batchB); }
        catch (ArgumentException)
        {
            throw new ArgumentException($"MatMul: batch dimensions of shapes {a.Shape} and {b.Shape} cannot be broadcast together.");
        }
        var result = new Tensor(new Shape([.. batch.Dims, m, n]), a.DType);
        if (a.DType == DType.Float32) Compute<float>(a, b, result, batch, m, n, k);
        else Compute<double>(a, b, result, batch, m, n, k);

        if (!Tensor.NeedsGrad(a, b)) return result;
        bool needA = a.RequiresGrad, needB = b.RequiresGrad;
        return Tensor.RecordDifferentiable(result, "MmBackward", [a, b], g =>
        [
            needA ? Sum.ToShape(Forward(g, Permute.Transpose(b, -1, -2)), a.Shape) : null,
            needB ? Sum.ToShape(Forward(Permute.Transpose(a, -1, -2), g), b.Shape) : null,
        ], a, b);
    }

    private static void Compute<T>(Tensor a, Tensor b, Tensor result, Shape batch, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (result.ElementCount == 0) return;
        a = GemmReady(a, out bool transA, out int lda);
        b = GemmReady(b, out bool transB, out int ldb);
        T[] ad = a.Data<T>(), bd = b.Data<T>();
        Span<T> c = result.Span<T>();
        int batchCount = batch.ElementCount;
        int[] sa = BatchStrides(a, batch), sb = BatchStrides(b, batch);
        if (batchCount > 1 && UniformStride(sa, batch, out long strideA) && UniformStride(sb, batch, out long strideB))
        {
            // One strided-batch call: the kernel spreads small products over the threads a whole product at a time.
            Gemm.MultiplyBatched(transA, transB, m, n, k, T.One, ad.AsSpan(a.Offset), lda, strideA,
                bd.AsSpan(b.Offset), ldb, strideB, T.Zero, c, n, (long)m * n, batchCount);
            return;
        }
        Span<int> counter = stackalloc int[batch.Rank];
        int offA = a.Offset, offB = b.Offset;
        for (int i = 0; i < batchCount; i++)
        {
            Gemm.Multiply(transA, transB, m, n, k, T.One, ad.AsSpan(offA), lda, bd.AsSpan(offB), ldb, T.Zero, c.Slice(i * m * n, m * n), n);
            for (int d = batch.Rank - 1; d >= 0; d--) // odometer over the batch dimensions
            {
                offA += sa[d]; offB += sb[d];
                if (++counter[d] < batch.Dims[d]) break;
                offA -= sa[d] * counter[d]; offB -= sb[d] * counter[d];
                counter[d] = 0;
            }
        }
    }

    /// <summary>
    /// Describes the last two dimensions as a GEMM operand: row-major (unit column stride) or transposed (unit row
    /// stride) with its leading dimension; any other layout is copied to contiguous first.
    /// </summary>
    private static Tensor GemmReady(Tensor t, out bool transposed, out int ld)
    {
        int rows = t.Shape[-2], cols = t.Shape[-1];
        int sr = t.StrideArray[^2], sc = t.StrideArray[^1];
        if ((sc == 1 || cols == 1) && (rows == 1 || sr >= cols))
        {
            transposed = false;
            ld = rows == 1 ? cols : sr;
            return t;
        }
        if ((sr == 1 || rows == 1) && (cols == 1 || sc >= rows))
        {
            transposed = true;
            ld = cols == 1 ? rows : sc;
            return t;
        }
        transposed = false;
        ld = cols;
        return t.ContiguousRaw();
    }

    /// <summary>
    /// True when walking the batch dimensions in row-major order moves the operand by one fixed
    /// <paramref name="stride"/> (0 for a broadcast operand), so the batch is one strided GEMM batch.
    /// </summary>
    private static bool UniformStride(int[] strides, Shape batch, out long stride)
    {
        stride = 0;
        long expected = -1;
        for (int d = batch.Rank - 1; d >= 0; d--)
        {
            int size = batch.Dims[d];
            if (size == 1) continue;
            if (expected >= 0 && strides[d] != expected) return false;
            if (expected < 0) stride = strides[d];
            expected = (long)strides[d] * size;
        }
        return true;
    }

    /// <summary>Strides of the batch dimensions of <paramref name="t"/> broadcast to <paramref name="batch"/>.</summary>
    private static int[] BatchStrides(Tensor t, Shape batch)
    {
        var strides = new int[batch.Rank];
        int lead = batch.Rank - (t.Rank - 2);
        for (int i = 0; i < t.Rank - 2; i++)
            strides[lead + i] = t.Shape.Dims[i] == 1 ? 0 : t.StrideArray[i];
        return strides;
    }
}
