using DeepNotes;
using DeepNotes.Metrics;

namespace DeepNotes.Tests.Metrics;

/// <summary>Accuracy, top-k accuracy and the confusion matrix on small cases computed by hand.</summary>
public class ClassificationTests
{
    internal static Tensor Ints(params int[] v) => Tensor.FromArray(v, new Shape(v.Length));

    internal static Tensor Scores(double[,] v, DType dtype) => Tensor.FromArray(v).To(dtype);

    // 4 samples, 3 classes; argmax per row = 2, 0, 1 (first max on the tie 5,5,1), 1.
    private static readonly double[,] S =
    {
        { 0.1, 0.2, 0.7 },
        { 3.0, -1.0, 2.0 },
        { 5.0, 5.0, 1.0 },
        { -2.0, 4.0, 4.0 - 1e-9 },
    };

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void AccuracyFromScoresTakesTheFirstMaximum(DType dtype)
    {
        // Row 2 ties classes 0 and 1: argmax = 0 (first), like torch.argmax. Targets 2,0,1,1 -> hits at 0,1,3.
        Assert.Equal(0.75, Classification.Accuracy(Scores(S, dtype), Ints(2, 0, 1, 1)));
        Assert.Equal(1.0, Classification.Accuracy(Scores(S, dtype), Ints(2, 0, 0, 1)));
    }

    [Fact]
    public void AccuracyFromPredictedIndices()
    {
        Assert.Equal(0.6, Classification.Accuracy(Ints(0, 1, 2, 3, 4), Ints(0, 1, 2, 0, 0)), 15);
    }

    [Fact]
    public void NaNScoreIsTheArgMaxLikeTorch()
    {
        var s = Tensor.FromArray(new[] { 1.0, double.NaN, 3.0 }, new Shape(1, 3));
        Assert.Equal(1.0, Classification.Accuracy(s, Ints(1)));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void TopKCountsTiesByLowerClassIndex(DType dtype)
    {
        var s = Scores(new double[,]
        {
            { 1, 2, 2, 2, 0 }, // order 1,2,3,0,4
            { 3, 3, 3, 3, 3 }, // order 0,1,2,3,4
            { 0, 1, 1, 0, 1 }, // order 1,2,4,0,3
            { 9, 8, 7, 6, 5 }, // order 0,1,2,3,4
        }, dtype);
        var t = Ints(3, 2, 4, 4);
        // ranks of the targets: 2, 2, 2, 4
        Assert.Equal(0.0, Classification.TopKAccuracy(s, t, 1));
        Assert.Equal(0.0, Classification.TopKAccuracy(s, t, 2));
        Assert.Equal(0.75, Classification.TopKAccuracy(s, t, 3));
        Assert.Equal(0.75, Classification.TopKAccuracy(s, t, 4));
        Assert.Equal(1.0, Classification.TopKAccuracy(s, t, 5));
    }

    [Fact]
    public void TopOneEqualsAccuracy()
    {
        var g = new Generator(3);
        var s = Tensor.RandInt(0, 4, [200, 6], g).To(DType.Float64); // many ties
        var t = Tensor.RandInt(0, 6, [200], g);
        Assert.Equal(Classification.Accuracy(s, t), Classification.TopKAccuracy(s, t, 1));
    }

    [Fact]
    public void ConfusionMatrixCountsAndDerivedMetricsByHand()
    {
        // true:      0 0 0 1 1 2 2 2 2 3
        // predicted: 0 0 1 1 2 2 2 0 1 0
        var cm = Classification.ConfusionMatrix(Ints(0, 0, 1, 1, 2, 2, 2, 0, 1, 0), Ints(0, 0, 0, 1, 1, 2, 2, 2, 2, 3), 5);
        int[] expected =
        [
            2, 1, 0, 0, 0,
            0, 1, 1, 0, 0,
            1, 1, 2, 0, 0,
            1, 0, 0, 0, 0,
            0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, cm.ToTensor().ToArray<int>());
        Assert.Equal(new Shape(5, 5), cm.ToTensor().Shape);
        Assert.Equal(10, cm.Total);
        Assert.Equal(2, cm[2, 2]);
        Assert.Equal(0.5, cm.Accuracy);

        // class 0: TP 2, FP 2, FN 1; class 1: TP 1, FP 2, FN 1; class 2: TP 2, FP 1, FN 2; class 3: TP 0, FP 0, FN 1;
        // class 4 absent from targets and predictions.
        Assert.Equal([0.5, 1.0 / 3, 2.0 / 3, 0.0, 0.0], cm.PrecisionPerClass(), new Tol(1e-15));
        Assert.Equal([2.0 / 3, 0.5, 0.5, 0.0, 0.0], cm.RecallPerClass(), new Tol(1e-15));
        Assert.Equal([4.0 / 7, 0.4, 4.0 / 7, 0.0, 0.0], cm.F1PerClass(), new Tol(1e-15));

        // Macro over the 4 classes present (class 4 left out, as sklearn's labels=None); weighted by support 3,2,4,1.
        Assert.Equal((0.5 + 1.0 / 3 + 2.0 / 3) / 4, cm.Precision(Averaging.Macro), 15);
        Assert.Equal((2.0 / 3 + 0.5 + 0.5) / 4, cm.Recall(Averaging.Macro), 15);
        Assert.Equal((4.0 / 7 + 0.4 + 4.0 / 7) / 4, cm.F1(Averaging.Macro), 15);
        Assert.Equal((3 * 0.5 + 2 * (1.0 / 3) + 4 * (2.0 / 3)) / 10, cm.Precision(Averaging.Weighted), 15);
        Assert.Equal((3 * (2.0 / 3) + 2 * 0.5 + 4 * 0.5) / 10, cm.Recall(Averaging.Weighted), 15);
        Assert.Equal((3 * (4.0 / 7) + 2 * 0.4 + 4 * (4.0 / 7)) / 10, cm.F1(Averaging.Weighted), 15);
        Assert.Equal(0.5, cm.Precision(Averaging.Micro));
        Assert.Equal(0.5, cm.Recall(Averaging.Micro));
        Assert.Equal(0.5, cm.F1(Averaging.Micro));

        string table = cm.ToString();
        Assert.Contains("rows = true, columns = predicted", table);
        Assert.Contains("macro", table);
        Assert.Contains("0.5714", table); // F1 of class 0
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ConfusionMatrixFromScores(DType dtype)
    {
        var cm = Classification.ConfusionMatrix(Scores(S, dtype), Ints(2, 1, 0, 2), 3);
        Assert.Equal([1, 0, 0, 1, 0, 0, 0, 1, 1], cm.ToTensor().ToArray<int>());
    }

    [Fact]
    public void EmptyInputGivesZeroEverywhere()
    {
        var noScores = Tensor.Zeros([0, 3]);
        var noTargets = Tensor.Zeros([0], DType.Int32);
        Assert.Equal(0.0, Classification.Accuracy(noScores, noTargets));
        Assert.Equal(0.0, Classification.Accuracy(noTargets, noTargets));
        Assert.Equal(0.0, Classification.TopKAccuracy(noScores, noTargets, 2));
        var cm = Classification.ConfusionMatrix(noTargets, noTargets, 3);
        Assert.Equal(0, cm.Total);
        foreach (var avg in new[] { Averaging.Macro, Averaging.Micro, Averaging.Weighted })
        {
            Assert.Equal(0.0, cm.Precision(avg));
            Assert.Equal(0.0, cm.Recall(avg));
            Assert.Equal(0.0, cm.F1(avg));
        }
        Assert.Contains("0 samples", cm.ToString());
    }

    [Fact]
    public void ClassNeverPredictedHasZeroPrecisionAndCountsInMacro()
    {
        // Class 1 occurs twice but is never predicted: precision 0 (zero_division=0), recall 0, F1 0.
        var cm = Classification.ConfusionMatrix(Ints(0, 0, 0, 2), Ints(0, 1, 1, 2), 3);
        Assert.Equal(0.0, cm.Precision(1));
        Assert.Equal(0.0, cm.Recall(1));
        Assert.Equal(0.0, cm.F1(1));
        Assert.Equal((1.0 / 3 + 0 + 1) / 3, cm.Precision(Averaging.Macro), 15);
        Assert.Equal((1.0 + 0 + 1) / 3, cm.Recall(Averaging.Macro), 15);
        Assert.Equal((0.5 + 0 + 1) / 3, cm.F1(Averaging.Macro), 15);
    }

    /// <summary>Element-wise absolute tolerance for double arrays.</summary>
    internal sealed class Tol(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;
        public int GetHashCode(double obj) => 0;
    }
}
