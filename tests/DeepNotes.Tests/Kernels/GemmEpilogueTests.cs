using DeepNotes.Kernels;

namespace DeepNotes.Tests.Kernels;

public class GemmEpilogueTests
{
    public static TheoryData<string> Paths => new() { nameof(GemmPath.Auto), nameof(GemmPath.Avx2), nameof(GemmPath.Scalar) };

    [Theory]
    [MemberData(nameof(Paths))]
    public void BiasAndReluMatchReference(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        var rng = new Random(31);
        int[] sizes = GemmTestHelper.Sizes;
        // KC = 24 forces several K blocks: bias and ReLU must be applied once, after the last one.
        foreach (GemmBlockSizes? blocks in new[] { null, new GemmBlockSizes(MC: 36, KC: 24, NC: 96) })
        {
            GemmTestHelper.With(path, 0, blocks, () =>
            {
                for (int t = 0; t < 12; t++)
                {
                    bool transA = (t & 1) != 0, transB = (t & 2) != 0;
                    int m = sizes[rng.Next(sizes.Length)], n = sizes[rng.Next(sizes.Length)], k = sizes[rng.Next(sizes.Length)];
                    bool relu = t % 3 != 0, withBias = t % 3 != 1;
                    GemmTests.Check(rng, transA, transB, m, n, k, 1f, t % 2 == 0 ? 0f : 0.5f, pad: t % 2,
                        $"{path} epilogue {t}", withBias, relu);
                    GemmTests.Check(rng, transA, transB, m, n, k, -0.5, t % 2 == 0 ? 0.0 : 1.0, pad: 0,
                        $"{path} epilogue {t}", withBias, relu);
                }
            });
        }
    }

    [Fact]
    public void DenseForwardIsXTimesWTransposedPlusBias()
    {
        // y[32×10] = x[32×20]·Wᵀ + b with W stored [10, 20], as a Dense layer calls it.
        var rng = new Random(3);
        float[] x = GemmTestHelper.Random<float>(rng, 32 * 20), w = GemmTestHelper.Random<float>(rng, 10 * 20);
        float[] bias = GemmTestHelper.Random<float>(rng, 10), y = new float[32 * 10];
        Gemm.Multiply<float>(false, true, 32, 10, 20, 1f, x, 20, w, 20, 0f, y, 10, bias, relu: true);
        for (int i = 0; i < 32; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                double s = bias[j];
                for (int p = 0; p < 20; p++)
                {
                    s += (double)x[i * 20 + p] * w[j * 20 + p];
                }

                Assert.Equal(Math.Max(s, 0), y[i * 10 + j], 1e-4);
            }
        }
    }

    [Fact]
    public void ReluKeepsNaN()
    {
        float[] a = [float.NaN, 1f], b = [1f, 1f], c = new float[1];
        Gemm.Multiply<float>(false, false, 1, 1, 2, 1f, a, 2, b, 1, 0f, c, 1, [], relu: true);
        Assert.True(float.IsNaN(c[0]));
    }

    [Fact]
    public void EpilogueAppliesWhenAlphaIsZeroOrKIsZero()
    {
        float[] c = [1f, -4f, 2f, -1f];
        Gemm.Multiply<float>(false, false, 2, 2, 0, 1f, [], 1, [], 2, 2f, c, 2, [0.5f, 1f], relu: true);
        Assert.Equal([2.5f, 0f, 4.5f, 0f], c);
    }
}

public class GemmBatchedTests
{
    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(true, true, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 2)]
    public void BatchedEqualsLoopOfSingleProducts(bool transA, bool transB, int pathIndex)
    {
        GemmPath path = (GemmPath)(pathIndex == 0 ? 0 : pathIndex + 1); // Auto, Avx2, Scalar
        var rng = new Random(41 + pathIndex);
        (int m, int n, int k, int batch)[] shapes = [(5, 7, 3, 9), (33, 17, 29, 4), (64, 100, 48, 6), (130, 70, 90, 3)];
        GemmTestHelper.With(path, 0, null, () =>
        {
            foreach (var (m, n, k, batch) in shapes)
            {
                foreach (bool shareB in new[] { false, true })
                {
                    int lda = transA ? m : k, ldb = transB ? k : n;
                    long sa = (transA ? k : m) * lda + 3, sb = shareB ? 0 : (transB ? n : k) * ldb + 1, sc = m * n + 2;
                    float[] a = GemmTestHelper.Random<float>(rng, (int)(sa * batch));
                    float[] b = GemmTestHelper.Random<float>(rng, (int)(sb * (batch - 1) + (transB ? n : k) * ldb));
                    float[] bias = GemmTestHelper.Random<float>(rng, n);
                    float[] c = GemmTestHelper.Random<float>(rng, (int)(sc * batch));
                    float[] expected = (float[])c.Clone();
                    bool relu = shareB;
                    Gemm.MultiplyBatched<float>(transA, transB, m, n, k, 0.5f, a, lda, sa, b, ldb, sb, 0.25f, c, n, sc,
                        batch, bias, relu);
                    for (int i = 0; i < batch; i++)
                    {
                        Gemm.Multiply<float>(transA, transB, m, n, k, 0.5f, a.AsSpan((int)(i * sa)), lda,
                            b.AsSpan((int)(i * sb)), ldb, 0.25f, expected.AsSpan((int)(i * sc)), n, bias, relu);
                    }

                    // Bitwise: the batch runs the same kernels and blocking as one product at a time.
                    Assert.Equal(expected, c);
                }
            }
        });
    }

    [Fact]
    public void BatchedMatchesMathNet()
    {
        var rng = new Random(47);
        int m = 37, n = 45, k = 53, batch = 5;
        long sa = m * k, sb = k * n, sc = m * n;
        double[] a = GemmTestHelper.Random<double>(rng, (int)(sa * batch)), b = GemmTestHelper.Random<double>(rng, (int)(sb * batch));
        double[] c = new double[sc * batch];
        Array.Fill(c, double.NaN);
        Gemm.MultiplyBatched<double>(false, false, m, n, k, 1.0, a, k, sa, b, n, sb, 0.0, c, n, sc, batch);
        for (int i = 0; i < batch; i++)
        {
            double[] ai = a[(int)(i * sa)..(int)((i + 1) * sa)], bi = b[(int)(i * sb)..(int)((i + 1) * sb)];
            double[] ci = c[(int)(i * sc)..(int)((i + 1) * sc)];
            double[,] expected = GemmTestHelper.Reference(false, false, m, n, k, 1.0, ai, k, bi, n, 0.0, ci, n);
            GemmTestHelper.AssertClose(expected, ci, ci, m, n, k, n, $"batch {i}");
        }
    }

    [Fact]
    public void OverlappingOutputsAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.MultiplyBatched<float>(false, false, 2, 2, 2, 1f,
            new float[8], 2, 4, new float[8], 2, 4, 0f, new float[8], 2, 3, 2));
        Assert.Contains("strideC", ex.Message);
    }
}
