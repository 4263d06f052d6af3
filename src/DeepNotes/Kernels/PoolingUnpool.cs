using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// Max unpooling over flat planes: <see cref="Scatter{T}"/> writes each pooled value at its saved flat index in a zeroed
/// output plane (PyTorch's <c>max_unpool</c> forward), <see cref="Gather{T}"/> reads one value per index (its backward,
/// PyTorch's <c>max_pool_double_backward</c>). Planes are split whole across the <see cref="WorkerPool"/> and each is
/// written in index order, so where two values share an index the later one wins, as in PyTorch, whatever the thread
/// count.
/// </summary>
internal static class UnpoolScatter
{
    /// <summary>The first index outside [0, <paramref name="outputPlane"/>), or null when all are inside (the error path of <see cref="Scatter{T}"/>).</summary>
    public static int? FirstInvalid(ReadOnlySpan<int> indices, int outputPlane)
    {
        foreach (int i in indices)
            if (i < 0 || i >= outputPlane) return i;
        return null;
    }

    /// <summary>
    /// y[p] = 0, then y[p, indices[p, i]] = x[p, i] for i in order (or <c>+=</c> with <paramref name="add"/>, the exact
    /// transpose of <see cref="Gather{T}"/>); x and indices hold <paramref name="inputPlane"/> per plane. Returns false,
    /// with indices out of range skipped, when an index is outside its plane (the caller throws).
    /// </summary>
    public static bool Scatter<T>(T[] x, int xOffset, int[] indices, int indexOffset, T[] y, int planes, int inputPlane, int outputPlane,
        bool add = false)
        where T : unmanaged, INumberBase<T>
    {
        var failed = new int[1];
        PlaneParallel.Run(new ScatterBody<T>(x, xOffset, indices, indexOffset, y, inputPlane, outputPlane, failed, add), planes,
            (long)inputPlane + outputPlane);
        return Volatile.Read(ref failed[0]) == 0;
    }

    /// <summary>dx[p, i] = dy[p, indices[p, i]]: <paramref name="inputPlane"/> values per plane from planes of <paramref name="outputPlane"/>.</summary>
    public static void Gather<T>(T[] dy, int dyOffset, int[] indices, int indexOffset, T[] dx, int planes, int inputPlane, int outputPlane)
        where T : unmanaged, INumberBase<T> =>
        PlaneParallel.Run(new GatherBody<T>(dy, dyOffset, indices, indexOffset, dx, inputPlane, outputPlane), planes, 2L * inputPlane);

    private readonly struct ScatterBody<T>(T[] x, int xOffset, int[] indices, int indexOffset, T[] y, int inputPlane, int outputPlane,
        int[] failed, bool add) : IRangeBody where T : unmanaged, INumberBase<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<T> output = y.AsSpan(p * outputPlane, outputPlane);
                output.Clear();
                ReadOnlySpan<T> values = x.AsSpan(xOffset + p * inputPlane, inputPlane);
                ReadOnlySpan<int> index = indices.AsSpan(indexOffset + p * inputPlane, inputPlane);
                bool bad = false;
                for (int i = 0; i < values.Length; i++)
                {
                    uint at = (uint)index[i];
                    if (at >= (uint)output.Length) bad = true;
                    else if (add) output[(int)at] += values[i];
                    else output[(int)at] = values[i];
                }
                if (bad) Volatile.Write(ref failed[0], 1);
            }
        }
    }

    private readonly struct GatherBody<T>(T[] dy, int dyOffset, int[] indices, int indexOffset, T[] dx, int inputPlane, int outputPlane)
        : IRangeBody where T : unmanaged, INumberBase<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                ReadOnlySpan<T> grad = dy.AsSpan(dyOffset + p * outputPlane, outputPlane);
                ReadOnlySpan<int> index = indices.AsSpan(indexOffset + p * inputPlane, inputPlane);
                Span<T> result = dx.AsSpan(p * inputPlane, inputPlane);
                for (int i = 0; i < result.Length; i++) result[i] = grad[index[i]];
            }
        }
    }
}
