namespace DeepNotes.Kernels;

/// <summary>Work on the items [start, start + count) (rows, channels or blocks) of a normalization kernel.</summary>
internal interface INormalizationBody
{
    void Run(int start, int count);
}

/// <summary>
/// Splits [0, count) into at most <see cref="WorkerPool.MaxThreads"/> contiguous ranges of at least
/// <c>minItemsPerPart</c> items and runs a body on each through the <see cref="WorkerPool"/>; small work stays on the
/// caller. Each item's arithmetic is done by one thread in a fixed order, so the split never changes a result. One job
/// object per body type and thread is reused, so a call allocates nothing.
/// </summary>
internal sealed class NormalizationJob<TBody> : ParallelWork where TBody : struct, INormalizationBody
{
    [ThreadStatic] private static NormalizationJob<TBody>? t_idle;

    private TBody _body;
    private int _count, _chunk;

    /// <summary>Runs <paramref name="body"/> over [0, <paramref name="count"/>).</summary>
    public static void Run(TBody body, int count, int minItemsPerPart)
    {
        int parts = Math.Min(WorkerPool.MaxThreads, count / Math.Max(minItemsPerPart, 1));
        if (parts <= 1)
        {
            if (count > 0) body.Run(0, count);
            return;
        }
        var job = t_idle ?? new NormalizationJob<TBody>();
        t_idle = null; // a nested call on this thread gets its own job
        try
        {
            job._body = body;
            job._count = count;
            job._chunk = (count + parts - 1) / parts;
            WorkerPool.Run(job, (count + job._chunk - 1) / job._chunk);
        }
        finally
        {
            job._body = default; // do not keep the tensors' arrays alive
            t_idle = job;
        }
    }

    /// <summary>Items per part so that each part has about <paramref name="elementsPerPart"/> elements of work.</summary>
    public static int Grain(long elementsPerItem, long elementsPerPart = 1 << 15) =>
        (int)Math.Max(1, elementsPerPart / Math.Max(1, elementsPerItem));

    /// <inheritdoc/>
    public override void Execute(int index)
    {
        int start = index * _chunk;
        _body.Run(start, Math.Min(_chunk, _count - start));
    }
}
