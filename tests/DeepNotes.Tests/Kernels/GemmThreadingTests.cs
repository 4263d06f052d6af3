using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Tests.Kernels;

public class GemmThreadingTests
{
    public static TheoryData<string> Paths => new() { nameof(GemmPath.Auto), nameof(GemmPath.Avx2), nameof(GemmPath.Scalar) };

    [Theory]
    [MemberData(nameof(Paths))]
    public void ResultsAreBitwiseIdenticalForAnyThreadCount(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        // Shapes large enough to be split (over M for tall, over N for wide products), ragged in every direction.
        (int m, int n, int k)[] shapes = [(128, 512, 96), (257, 131, 300), (300, 61, 293), (64, 784, 72), (13, 600, 257)];
        var rng = new Random(51);
        foreach (var (m, n, k) in shapes)
        {
            for (int v = 0; v < 4; v++)
            {
                Compare<float>(rng, path, (v & 1) != 0, (v & 2) != 0, m, n, k, withBias: v == 1, relu: v == 2);
                if (v == 0 || path == GemmPath.Auto)
                {
                    Compare<double>(rng, path, (v & 1) != 0, (v & 2) != 0, m, n, k, withBias: v == 3, relu: v == 3);
                }
            }
        }
    }

    private static void Compare<T>(Random rng, GemmPath path, bool transA, bool transB, int m, int n, int k,
        bool withBias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] a = GemmTestHelper.Random<T>(rng, m * k), b = GemmTestHelper.Random<T>(rng, k * n);
        T[] c0 = GemmTestHelper.Random<T>(rng, m * n);
        T[] bias = withBias ? GemmTestHelper.Random<T>(rng, n) : [];
        T[]? first = null;
        foreach (int threads in new[] { 1, 2, 3 })
        {
            T[] c = (T[])c0.Clone();
            GemmTestHelper.With(path, threads, null, () =>
                Gemm.Multiply<T>(transA, transB, m, n, k, T.One, a, transA ? m : k, b, transB ? k : n,
                    T.CreateChecked(0.5), c, n, bias, relu));
            if (first is null)
            {
                first = c;
            }
            else
            {
                Assert.True(first.AsSpan().SequenceEqual(c),
                    $"{path} {typeof(T).Name} {m}×{n}×{k} trans {transA}/{transB}: {threads} threads differ from 1");
            }
        }
    }

    [Theory]
    [InlineData(3000, 2, 400, false, true)]
    [InlineData(3001, 1, 350, true, false)]
    [InlineData(2, 4001, 300, false, false)]
    [InlineData(3, 2999, 257, true, true)]
    public void SkinnyProductsAreBitwiseIdenticalForAnyThreadCount(int m, int n, int k, bool transA, bool transB)
    {
        // Large enough (> 1 MFLOP) to be split over the threads on the no-pack path: rows in fours or columns in 32s.
        var rng = new Random(54);
        foreach (bool withBias in new[] { false, true })
        {
            Compare<float>(rng, GemmPath.Auto, transA, transB, m, n, k, withBias, relu: withBias);
        }

        Compare<double>(rng, GemmPath.Auto, transA, transB, m, n, k, withBias: true, relu: false);
    }

    [Fact]
    public void BatchedResultsAreBitwiseIdenticalForAnyThreadCount()
    {
        var rng = new Random(52);
        int m = 40, n = 50, k = 60, batch = 7;
        float[] a = GemmTestHelper.Random<float>(rng, m * k * batch), b = GemmTestHelper.Random<float>(rng, k * n);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 4 })
        {
            var c = new float[m * n * batch];
            GemmTestHelper.With(GemmPath.Auto, threads, null, () =>
                Gemm.MultiplyBatched<float>(false, true, m, n, k, 1f, a, k, m * k, b, k, 0, 0f, c, n, m * n, batch));
            first ??= c;
            Assert.Equal(first, c);
        }
    }

    [Fact]
    public void BatchesOfSmallProductsAreSpreadOverThreadsWithIdenticalResults()
    {
        // 1100 products of 10×10×10 (no packing each, 2.2 MFLOP together): split over threads a product at a time.
        var rng = new Random(53);
        int m = 10, n = 10, k = 10, batch = 1100;
        double[] a = GemmTestHelper.Random<double>(rng, m * k * batch), b = GemmTestHelper.Random<double>(rng, k * n * batch);
        double[] bias = GemmTestHelper.Random<double>(rng, n);
        double[] expected = new double[m * n * batch];
        for (int i = 0; i < batch; i++)
        {
            Gemm.Multiply<double>(true, false, m, n, k, 1.0, a.AsSpan(i * m * k), m, b.AsSpan(i * k * n), n, 0.0,
                expected.AsSpan(i * m * n), n, bias, relu: true);
        }

        foreach (int threads in new[] { 1, 2, 4 })
        {
            var c = new double[m * n * batch];
            GemmTestHelper.With(GemmPath.Auto, threads, null, () =>
                Gemm.MultiplyBatched<double>(true, false, m, n, k, 1.0, a, m, m * k, b, n, k * n, 0.0, c, n, m * n,
                    batch, bias, relu: true));
            Assert.Equal(expected, c);
        }
    }

    [Fact]
    public void ThreadCountRejectsLessThanOne()
    {
        Assert.True(Parallelism.ThreadCount >= 1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.ThreadCount = 0);
        Assert.Contains("at least 1", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.ThreadCount = -3);
    }

    [Fact]
    public void WorkerPoolRunsEveryIndexOnce()
    {
        for (int count = 1; count <= 9; count++)
        {
            var work = new CountingWork(count);
            for (int rep = 0; rep < 50; rep++)
            {
                WorkerPool.Run(work, count);
            }

            Assert.All(work.Hits, h => Assert.Equal(50, h));
        }
    }

    [Fact]
    public void WorkerPoolPropagatesExceptionsAndAllowsNesting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(new ThrowingWork(), 4));
        Assert.Equal("part 2", ex.Message);
        var inner = new CountingWork(3);
        var outer = new NestedWork(inner);
        WorkerPool.Run(outer, 2);
        Assert.All(inner.Hits, h => Assert.Equal(2, h));
    }

    private sealed class CountingWork(int count) : ParallelWork
    {
        public readonly int[] Hits = new int[count];

        public override void Execute(int index) => Interlocked.Increment(ref Hits[index]);
    }

    private sealed class ThrowingWork : ParallelWork
    {
        public override void Execute(int index)
        {
            if (index == 2)
            {
                throw new InvalidOperationException("part 2");
            }
        }
    }

    private sealed class NestedWork(CountingWork inner) : ParallelWork
    {
        public override void Execute(int index) => WorkerPool.Run(inner, inner.Hits.Length);
    }
}
