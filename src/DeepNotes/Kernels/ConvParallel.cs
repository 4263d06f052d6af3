using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>Per-image convolution work with a scratch buffer of its own (rented once per share of images).</summary>
internal abstract class ImageWork<T> : ParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal int Images;
    internal int Shares;
    internal int ScratchLength;

    /// <summary>Processes image <paramref name="n"/> with <paramref name="scratch"/> (at least ScratchLength elements).</summary>
    public abstract void Image(int n, Span<T> scratch);

    /// <inheritdoc/>
    public override void Execute(int index)
    {
        int first = (int)((long)Images * index / Shares), end = (int)((long)Images * (index + 1) / Shares);
        T[] scratch = ArrayPool<T>.Shared.Rent(Math.Max(ScratchLength, 1));
        try
        {
            for (int n = first; n < end; n++) Image(n, scratch);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }
}

/// <summary>How convolution kernels spread images (or fixed batch partitions) over <see cref="WorkerPool"/>.</summary>
internal static class ConvParallel
{
    /// <summary>
    /// Runs <c>work.Image(n, scratch)</c> for every image: with several threads and at least as many images, each image
    /// is a part of its own that any thread may claim (each GEMM then runs on its own thread; a worker descheduled on a
    /// busy machine holds up one image, not half the batch), else image after image on the caller (each GEMM split
    /// over the threads). Each image is computed the same way either way.
    /// </summary>
    public static void ForEachImage<T>(ImageWork<T> work, int images, int scratchLength)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int threads = Parallelism.ThreadCount;
        work.Images = images;
        work.ScratchLength = scratchLength;
        work.Shares = images >= threads && threads > 1 ? images : 1;
        if (work.Shares == 1) work.Execute(0); // not through the pool, so that the GEMMs inside may use the threads
        else WorkerPool.Run(work, work.Shares);
    }

    /// <summary>Runs the fixed partitions <c>[0, parts)</c> of a reduction, in parallel when there are several threads.</summary>
    public static void ForEachPart(ParallelWork work, int parts)
    {
        if (parts == 1 || Parallelism.ThreadCount == 1)
        {
            for (int p = 0; p < parts; p++) work.Execute(p); // on the caller: the GEMMs inside may use the threads
        }
        else
        {
            WorkerPool.Run(work, parts);
        }
    }
}
