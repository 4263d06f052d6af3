namespace DeepNotes;

/// <summary>
/// Library-wide threading setting shared by every compute kernel (matrix multiply, convolution, ...).
/// </summary>
/// <remarks>
/// Kernels split their work so that results do not depend on the thread count: the same inputs give
/// bitwise-identical outputs with 1 thread or with many. Small pieces of work always run on the calling thread.
/// </remarks>
public static class Parallelism
{
    private static int s_threadCount = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Gets or sets the maximum number of threads (the calling thread included) a kernel may use.
    /// Defaults to <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int ThreadCount
    {
        get => Volatile.Read(ref s_threadCount);
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"Parallelism.ThreadCount must be at least 1 (1 = run on the calling thread only), got {value}.");
            }

            Volatile.Write(ref s_threadCount, value);
        }
    }
}
