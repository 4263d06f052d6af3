namespace DeepNotes.Kernels;

/// <summary>Work on the items [start, start + count) of some arrays (elements, rows, channels, planes or blocks).</summary>
/// <remarks>Each item's arithmetic must not depend on how the range is split, so results do not depend on the thread count.</remarks>
internal interface IRangeBody
{
    void Run(int start, int count);
}

/// <summary>Grain sizes for <see cref="RangeJob{TBody}"/>.</summary>
internal static class RangeJob
{
    /// <summary>Items per part so that each part has about <paramref name="elementsPerPart"/> elements of work.</summary>
    public static int Grain(long elementsPerItem, long elementsPerPart = 1 << 15) =>
        (int)Math.Max(1, elementsPerPart / Math.Max(1, elementsPerItem));
}

/// <summary>
/// Splits [0, count) into at most <see cref="WorkerPool.MaxThreads"/> contiguous ranges of at least <c>grain</c> items,
/// each a multiple of <c>align</c> items (64 = whole cache lines of float elements; 1 for rows or channels), and runs a
/// body on each through the <see cref="WorkerPool"/>; short work runs on the caller. One job object per body type and
/// thread is reused, so a call allocates nothing. The activation, softmax, pooling and normalization kernels share it.
/// </summary>
internal sealed class RangeJob<TBody> : ParallelWork where TBody : struct, IRangeBody
{
    [ThreadStatic] private static RangeJob<TBody>? t_idle;

    private TBody _body;
    private int _count, _chunk;

    /// <summary>Runs <paramref name="body"/> over [0, <paramref name="count"/>).</summary>
    public static void Run(TBody body, int count, int grain, int align = 1)
    {
        int parts = Math.Min(WorkerPool.MaxThreads, count / Math.Max(grain, 1));
        if (parts <= 1)
        {
            if (count > 0) body.Run(0, count);
            return;
        }
        var job = t_idle ?? new RangeJob<TBody>();
        t_idle = null; // a nested call on this thread (the pool runs those inline) gets its own job
        try
        {
            job._body = body;
            job._count = count;
            job._chunk = ((count + parts - 1) / parts + align - 1) / align * align;
            WorkerPool.Run(job, (count + job._chunk - 1) / job._chunk);
        }
        finally
        {
            job._body = default; // do not keep the tensors' arrays alive
            t_idle = job;
        }
    }

    /// <inheritdoc/>
    public override void Execute(int index)
    {
        int start = index * _chunk;
        _body.Run(start, Math.Min(_chunk, _count - start));
    }
}
