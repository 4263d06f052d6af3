using DeepNotes.Kernels;

namespace DeepNotes.Tests.Kernels;

public class SoftmaxKernelTests
{
    [Fact]
    public void LogRows_KeepsFullPrecision_NextToHugeLogits()
    {
        // Shifting by the max first leaves small values; x − (max + log Σ) would round at the scale of 1e4 (~1e-3 in float).
        float[] x = [10_000f, 9_999f, 9_990f];
        var y = new float[3];
        SoftmaxKernel.LogRows<float>(x, y, 1, 3);
        double logSum = Math.Log(1 + Math.Exp(-1) + Math.Exp(-10));
        Assert.Equal(-logSum, y[0], 6);
        Assert.Equal(-1 - logSum, y[1], 6);
        Assert.Equal(-10 - logSum, y[2], 5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    [InlineData(1000)]
    public void LogRows_AndRows_MatchADoubleReference(int n)
    {
        var rng = new Random(n);
        const int rows = 3;
        double[] x = Enumerable.Range(0, rows * n).Select(_ => rng.NextDouble() * 40 - 20).ToArray();
        double[] log = new double[x.Length], soft = new double[x.Length];
        SoftmaxKernel.LogRows<double>(x, log, rows, n);
        SoftmaxKernel.Rows<double>(x, soft, rows, n);
        for (int r = 0; r < rows; r++)
        {
            var row = x.Skip(r * n).Take(n).ToArray();
            double max = row.Max(), lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            for (int j = 0; j < n; j++)
            {
                double expectedLog = row[j] - lse, expectedSoft = Math.Exp(expectedLog);
                Assert.True(Math.Abs(log[r * n + j] - expectedLog) <= 1e-13 * Math.Max(1, Math.Abs(expectedLog)), $"log_softmax {log[r * n + j]} vs {expectedLog}");
                Assert.True(Math.Abs(soft[r * n + j] - expectedSoft) <= 1e-12 * expectedSoft, $"softmax {soft[r * n + j]} vs {expectedSoft}");
            }
        }
    }
}
