using System.Numerics;
using DeepNotes.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace DeepNotes.Tests.Kernels;

/// <summary>Shared helpers: random operands, a MathNet.Numerics reference, and per-thread Gemm overrides.</summary>
internal static class GemmTestHelper
{
    /// <summary>Sizes 1..300 with primes and values around the register tile and block boundaries.</summary>
    public static readonly int[] Sizes = [1, 2, 3, 5, 7, 11, 12, 13, 16, 17, 31, 32, 33, 47, 61, 64, 97, 127, 128, 131, 191, 251, 257, 293, 300];

    public static T[] Random<T>(Random rng, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[count];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
        }

        return x;
    }

    /// <summary>op(X) as a MathNet double matrix.</summary>
    public static Matrix<double> Op<T>(bool trans, int rows, int cols, T[] x, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Matrix<double>.Build.Dense(rows, cols,
            (i, j) => double.CreateChecked(trans ? x[j * ld + i] : x[i * ld + j]));

    /// <summary>act(alpha·op(A)·op(B) + beta·C + bias) in double precision through MathNet.Numerics.</summary>
    public static double[,] Reference<T>(bool transA, bool transB, int m, int n, int k, T alpha, T[] a, int lda,
        T[] b, int ldb, T beta, T[] c, int ldc, T[]? bias = null, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<double> product = Op(transA, m, k, a, lda) * Op(transB, k, n, b, ldb);
        var r = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double x = double.CreateChecked(alpha) * product[i, j];
                if (beta != T.Zero)
                {
                    x += double.CreateChecked(beta) * double.CreateChecked(c[i * ldc + j]);
                }

                if (bias is not null)
                {
                    x += double.CreateChecked(bias[j]);
                }

                r[i, j] = relu && x < 0 ? 0 : x;
            }
        }

        return r;
    }

    /// <summary>Asserts C matches the reference within a k-scaled relative tolerance and that padding is untouched.</summary>
    public static void AssertClose<T>(double[,] expected, T[] c, T[] before, int m, int n, int k, int ldc, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = typeof(T) == typeof(float) ? 2e-6 : typeof(T) == typeof(double) ? 4e-15 : 2e-3;
        double tol = eps * (k + 8);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                double got = double.CreateChecked(c[i * ldc + j]);
                if (j >= n)
                {
                    Assert.True(c[i * ldc + j].Equals(before[i * ldc + j]), $"{what}: padding C[{i},{j}] was written");
                    continue;
                }

                double want = expected[i, j];
                Assert.True(Math.Abs(got - want) <= tol * (1 + Math.Abs(want)),
                    $"{what}: C[{i},{j}] = {got}, expected {want}");
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> with forced Gemm settings on this thread, then restores them.</summary>
    public static void With(GemmPath path, int threads, GemmBlockSizes? blocks, Action body)
    {
        GemmPath oldPath = Gemm.ForcedPath;
        int oldThreads = Gemm.MaxThreads;
        GemmBlockSizes? oldBlocks = Gemm.ForcedBlocking;
        Gemm.ForcedPath = path;
        Gemm.MaxThreads = threads;
        Gemm.ForcedBlocking = blocks;
        try
        {
            body();
        }
        finally
        {
            Gemm.ForcedPath = oldPath;
            Gemm.MaxThreads = oldThreads;
            Gemm.ForcedBlocking = oldBlocks;
        }
    }
}

public class GemmTests
{
    public static TheoryData<string> Paths => new() { nameof(GemmPath.Auto), nameof(GemmPath.Avx2), nameof(GemmPath.Scalar) };

    [Theory]
    [MemberData(nameof(Paths))]
    public void FloatMatchesMathNet(string pathName) => RandomCases<float>(Enum.Parse<GemmPath>(pathName), seed: 11, cases: 24, blocks: null);

    [Theory]
    [MemberData(nameof(Paths))]
    public void DoubleMatchesMathNet(string pathName) => RandomCases<double>(Enum.Parse<GemmPath>(pathName), seed: 12, cases: 24, blocks: null);

    [Theory]
    [MemberData(nameof(Paths))]
    public void SmallBlocksExerciseEveryLoop(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        // Tiny MC/KC/NC make sizes up to 300 run many blocks of every loop, including the K loop's beta handling.
        var blocks = new GemmBlockSizes(MC: 24, KC: 20, NC: 64);
        RandomCases<float>(path, seed: 13, cases: 12, blocks);
        RandomCases<double>(path, seed: 14, cases: 12, blocks);
    }

    private static void RandomCases<T>(GemmPath path, int seed, int cases, GemmBlockSizes? blocks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        int[] sizes = GemmTestHelper.Sizes;
        GemmTestHelper.With(path, 0, blocks, () =>
        {
            for (int t = 0; t < cases; t++)
            {
                bool transA = (t & 1) != 0, transB = (t & 2) != 0; // all four variants in turn
                int m = sizes[rng.Next(sizes.Length)], n = sizes[rng.Next(sizes.Length)], k = sizes[rng.Next(sizes.Length)];
                T alpha = (t % 3) switch { 0 => T.One, 1 => T.CreateChecked(-0.75), _ => T.CreateChecked(1.5) };
                T beta = (t % 4) switch { 0 => T.Zero, 1 => T.One, 2 => T.CreateChecked(-0.5), _ => T.CreateChecked(2) };
                Check(rng, transA, transB, m, n, k, alpha, beta, pad: t % 3, $"{path} case {t}");
            }
        });
    }

    internal static void Check<T>(Random rng, bool transA, bool transB, int m, int n, int k, T alpha, T beta, int pad,
        string what, bool withBias = false, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        T[] a = GemmTestHelper.Random<T>(rng, (transA ? k : m) * lda);
        T[] b = GemmTestHelper.Random<T>(rng, (transB ? n : k) * ldb);
        T[] c = GemmTestHelper.Random<T>(rng, m * ldc);
        T[]? bias = withBias ? GemmTestHelper.Random<T>(rng, n) : null;
        if (beta == T.Zero)
        {
            Array.Fill(c, T.NaN); // BLAS convention: ignored when beta is zero
        }

        T[] before = (T[])c.Clone();
        double[,] expected = GemmTestHelper.Reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, before, ldc, bias, relu);
        if (withBias || relu)
        {
            Gemm.Multiply<T>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias ?? [], relu);
        }
        else
        {
            Gemm.Multiply<T>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        GemmTestHelper.AssertClose(expected, c, before, m, n, k, ldc,
            $"{what} {typeof(T).Name} {(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')} m={m} n={n} k={k} alpha={alpha} beta={beta}");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void LargeTilesAllTransposes(bool transA, bool transB)
    {
        // Several full 12×32 tiles plus ragged edges in both directions, on the default path and threads.
        var rng = new Random(21);
        Check(rng, transA, transB, 131, 161, 293, 1f, 0f, pad: 1, "large");
        Check(rng, transA, transB, 64, 784, 40, 0.5, 1.0, pad: 0, "large");

        // Skinny products take the no-pack path: one-output heads (n = 1..4), batch-1 rows (m = 1..4).
        Check(rng, transA, transB, 300, 1, 257, 1f, 0f, pad: 1, "narrow", withBias: true, relu: true);
        Check(rng, transA, transB, 131, 3, 64, 2.0, 0.5, pad: 2, "narrow");
        Check(rng, transA, transB, 97, 4, 33, -1f, 1f, pad: 0, "narrow");
        Check(rng, transA, transB, 1, 300, 100, 1.0, 0.0, pad: 1, "short", withBias: true);
        Check(rng, transA, transB, 3, 45, 290, 0.5f, 2f, pad: 0, "short", relu: true);
    }

    [Fact]
    public void ZeroSizesAreNoOps()
    {
        float[] c = [1, 2, 3];
        Gemm.Multiply<float>(false, false, 0, 3, 4, 1f, [], 4, new float[12], 3, 0f, [], 3);
        Gemm.Multiply<float>(false, false, 1, 0, 4, 1f, new float[4], 4, [], 1, 0f, c, 1);
        Assert.Equal([1f, 2f, 3f], c);
    }

    [Fact]
    public void ZeroDepthScalesC()
    {
        float[] c = [1, -2, 3, 4];
        Gemm.Multiply<float>(false, false, 2, 2, 0, 1f, [], 1, [], 2, 3f, c, 2);
        Assert.Equal([3f, -6f, 9f, 12f], c);
        float[] d = [float.NaN, 1, 2, 3];
        Gemm.Multiply<float>(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0f, d, 2);
        Assert.Equal([0f, 0f, 0f, 0f], d);
    }

    [Fact]
    public void AlphaZeroDoesNotReadAOrB()
    {
        var a = new double[6 * 5];
        var b = new double[5 * 7];
        Array.Fill(a, double.NaN);
        Array.Fill(b, double.PositiveInfinity);
        var c = new double[6 * 7];
        Array.Fill(c, 2.0);
        Gemm.Multiply<double>(false, false, 6, 7, 5, 0.0, a, 5, b, 7, 0.5, c, 7);
        Assert.All(c, x => Assert.Equal(1.0, x));
    }

    [Fact]
    public void BetaZeroIgnoresNaNInLargeProducts()
    {
        var rng = new Random(5);
        Check(rng, false, true, 100, 70, 300, 1f, 0f, pad: 0, "nan-c");
        Check(rng, true, false, 100, 70, 300, 1.0, 0.0, pad: 2, "nan-c");
    }

    [Fact]
    public void HalfUsesTheScalarPath()
    {
        var rng = new Random(8);
        Check(rng, false, false, 9, 10, 11, Half.One, Half.Zero, pad: 0, "half");
        Check(rng, true, true, 30, 40, 50, Half.One, Half.One, pad: 1, "half packed");
    }

    [Theory]
    [InlineData("Avx512", 12, 32)]
    [InlineData("Avx2", 6, 16)]
    [InlineData("Scalar", 4, 4)]
    public unsafe void PackingProducesThePanelLayoutAndZeroPadding(string pathName, int mr, int nr)
    {
        // Every packer (register transposers included) against the layout definition, for both operand orientations,
        // with ragged panels whose rows past the block are NaN in memory: they must not be read, and padding is 0.
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        var rng = new Random(9);
        const int k = 45, ld = 77;
        foreach (bool trans in new[] { false, true })
        {
            foreach (int rows in new[] { 3 * mr, 2 * mr + 3, 1 })
            {
                int rowsPadded = (rows + mr - 1) / mr * mr;
                // Stored matrix: !trans => rows×k (row stride ld); trans => k×rows (row stride ld). Elements outside
                // the block are NaN.
                var a = new float[(trans ? k : rows + 4) * ld];
                Array.Fill(a, float.NaN);
                for (int i = 0; i < rows; i++)
                {
                    for (int p = 0; p < k; p++)
                    {
                        a[trans ? p * ld + i : i * ld + p] = (float)rng.NextDouble();
                    }
                }

                var packedA = new float[rowsPadded * k + 16];
                int nrB = nr, colsPadded = (rows + nrB - 1) / nrB * nrB;
                var packedB = new float[colsPadded * k];
                fixed (float* pa = a)
                fixed (float* ppa = packedA)
                fixed (float* ppb = packedB)
                {
                    GemmPacking.PackA(trans, pa, ld, 0, rows, 0, k, mr, ppa, path);

                    // The same stored matrix read as B: op(B) = k×rows when trans (stored rows×k is "B transposed").
                    GemmPacking.PackB(!trans, pa, ld, 0, k, 0, rows, nrB, ppb, path);
                }

                for (int i = 0; i < rowsPadded; i++)
                {
                    for (int p = 0; p < k; p++)
                    {
                        float want = i < rows ? a[trans ? p * ld + i : i * ld + p] : 0f;
                        Assert.Equal(want, packedA[(i / mr) * mr * k + p * mr + i % mr]);
                    }
                }

                for (int j = 0; j < colsPadded; j++)
                {
                    for (int p = 0; p < k; p++)
                    {
                        float want = j < rows ? a[trans ? p * ld + j : j * ld + p] : 0f;
                        Assert.Equal(want, packedB[(j / nrB) * nrB * k + p * nrB + j % nrB]);
                    }
                }
            }
        }
    }

    [Fact]
    public void BadArgumentsThrowClearMessages()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply<float>(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("A (m×k = 4×4", ex.Message);
        Assert.Contains("needs at least 16 elements, got 15", ex.Message);
        var ld = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply<float>(false, true, 4, 4, 5, 1f, new float[20], 5, new float[20], 4, 0f, new float[16], 4));
        Assert.Contains("B is stored n×k = 4×5, so its row stride must be at least 5, got 4", ld.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply<float>(false, false, -1, 4, 4, 1f, [], 4, [], 4, 0f, [], 4));
        var bias = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply<float>(false, false, 2, 3, 2, 1f, new float[4], 2, new float[6], 3, 0f, new float[6], 3, new float[2], false));
        Assert.Contains("bias must hold n = 3", bias.Message);
    }
}
