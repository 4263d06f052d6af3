using DeepNotes;
using DeepNotes.Metrics;

namespace DeepNotes.Tests.Metrics;

/// <summary>Streaming metrics fed in uneven chunks equal the whole-batch functions; Reset forgets; bad batches add nothing.</summary>
public class StreamingMetricTests
{
    private const int N = 257, C = 6;

    private static (Tensor Scores, Tensor Targets) Data(DType dtype)
    {
        var g = new Generator(42);
        return (Tensor.Randn([N, C], dtype, g), Tensor.RandInt(0, C, [N], g));
    }

    private static void FeedInChunks(IMetric metric, Tensor scores, Tensor targets)
    {
        int[] sizes = [1, 0, 64, 100, 17];
        int start = 0;
        foreach (int size in sizes.Append(N - sizes.Sum()))
        {
            metric.Update(scores.Narrow(0, start, size), targets.Narrow(0, start, size));
            start += size;
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ChunkedEqualsWholeBatch(DType dtype)
    {
        var (s, t) = Data(dtype);
        var cm = Classification.ConfusionMatrix(s, t, C);
        var cases = new (IMetric Metric, double Expected)[]
        {
            (new AccuracyMetric(), Classification.Accuracy(s, t)),
            (new TopKAccuracyMetric(3), Classification.TopKAccuracy(s, t, 3)),
            (new ConfusionMatrixMetric(C), cm.Accuracy),
            (new PrecisionMetric(C), cm.Precision(Averaging.Macro)),
            (new RecallMetric(C, Averaging.Weighted), cm.Recall(Averaging.Weighted)),
            (new F1Metric(C), cm.F1(Averaging.Macro)),
            (new F1Metric(C, Averaging.Micro), cm.F1(Averaging.Micro)),
        };
        foreach (var (metric, expected) in cases)
        {
            Assert.Equal(0.0, metric.Compute());
            FeedInChunks(metric, s, t);
            Assert.Equal(expected, metric.Compute(), 15);
            metric.Reset();
            Assert.Equal(0.0, metric.Compute());
            FeedInChunks(metric, s, t);
            Assert.Equal(expected, metric.Compute(), 15);
        }
        Assert.True(cm.Accuracy is > 0.05 and < 0.5); // random data: the test is not trivially 0 or 1
    }

    [Fact]
    public void StreamingConfusionMatrixEqualsBatchMatrix()
    {
        var (s, t) = Data(DType.Float32);
        var metric = new F1Metric(C);
        FeedInChunks(metric, s, t);
        Assert.Equal(Classification.ConfusionMatrix(s, t, C).ToTensor().ToArray<int>(), metric.Result.ToTensor().ToArray<int>());
    }

    [Fact]
    public void NamesAreStable()
    {
        Assert.Equal("accuracy", new AccuracyMetric().Name);
        Assert.Equal("top5_accuracy", new TopKAccuracyMetric(5).Name);
        Assert.Equal("macro_f1", new F1Metric(3).Name);
        Assert.Equal("weighted_precision", new PrecisionMetric(3, Averaging.Weighted).Name);
        Assert.Equal("micro_recall", new RecallMetric(3, Averaging.Micro).Name);
    }

    [Fact]
    public void RejectedBatchLeavesStateUnchanged()
    {
        var metric = new ConfusionMatrixMetric(3);
        metric.Update(ClassificationTests.Ints(0, 1), ClassificationTests.Ints(0, 2));
        Assert.Throws<ArgumentException>(() => metric.Update(ClassificationTests.Ints(0, 1), ClassificationTests.Ints(0, 3)));
        Assert.Equal(2, metric.Result.Total);
        Assert.Equal(0.5, metric.Compute());
    }
}
