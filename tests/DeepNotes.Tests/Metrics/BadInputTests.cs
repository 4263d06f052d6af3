using DeepNotes;
using DeepNotes.Metrics;
using static DeepNotes.Tests.Metrics.ClassificationTests;

namespace DeepNotes.Tests.Metrics;

/// <summary>Bad shapes, dtypes, k, class indices and thresholds throw ArgumentException naming what was expected and what came.</summary>
public class BadInputTests
{
    private static void Throws(Action action, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void ClassificationInputs()
    {
        var s = Tensor.Zeros([4, 3]);
        Throws(() => Classification.Accuracy(s, Ints(0, 1, 2)), "Accuracy: targets [4] Int32 expected, got [3] Int32");
        Throws(() => Classification.Accuracy(s, Tensor.Zeros([4])), "targets [4] Int32 expected, got [4] Float32");
        Throws(() => Classification.Accuracy(Tensor.Zeros([4]), Ints(0, 1, 2, 0)),
            "output must be scores [N, C] Float32/Float64 or predicted classes [N] Int32, got [4] Float32");
        Throws(() => Classification.Accuracy(s, Ints(0, 1, 3, 0)), "target 3 at index 2 is out of range [0, 3)");
        Throws(() => Classification.Accuracy(Ints(0, 1), Ints(0, -1)), "target -1 at index 1 is negative");
        Throws(() => Classification.TopKAccuracy(s, Ints(0, 1, 2, 0), 4), "k must be in [1, 3]", "got 4");
        Throws(() => Classification.TopKAccuracy(s, Ints(0, 1, 2, 0), 0), "k must be in [1, 3]", "got 0");
        Throws(() => Classification.TopKAccuracy(Ints(0, 1, 2, 0), Ints(0, 1, 2, 0), 1), "scores [N, C] Float32/Float64 expected, got [4] Int32");
        Throws(() => Classification.ConfusionMatrix(Ints(0, 5), Ints(0, 1), 3), "predicted class 5 at index 1 is out of range [0, 3)");
        Throws(() => Classification.ConfusionMatrix(Ints(0, 1), Ints(0, 7), 3), "target 7 at index 1 is out of range [0, 3)");
        Throws(() => Classification.ConfusionMatrix(s, Ints(0, 1, 2, 0), 5), "scores [N, 5] expected for 5 classes, got [4, 3]");
        Throws(() => Classification.ConfusionMatrix(Ints(0), Ints(0), 0), "classCount must be at least 1, got 0");
        var cm = Classification.ConfusionMatrix(Ints(0), Ints(0), 2);
        Throws(() => cm.Precision(2), "class 2 is out of range [0, 2)");
        Throws(() => _ = cm[-1, 0], "class -1 is out of range [0, 2)");
    }

    [Fact]
    public void StreamingInputs()
    {
        Throws(() => new TopKAccuracyMetric(0), "k must be at least 1, got 0");
        Throws(() => new F1Metric(0), "classCount must be at least 1, got 0");
        Throws(() => new TopKAccuracyMetric(5).Update(Tensor.Zeros([2, 3]), Ints(0, 1)), "TopKAccuracyMetric: k must be in [1, 3]");
        Throws(() => new PrecisionMetric(3).Update(Tensor.Zeros([2, 4]), Ints(0, 1)), "PrecisionMetric: scores [N, 3] expected for 3 classes, got [2, 4]");
    }

    [Fact]
    public void BoxInputs()
    {
        var boxes = Tensor.Zeros([3, 4]);
        Throws(() => Boxes.Iou(Tensor.Zeros([3, 5]), boxes), "Iou: boxes [N, 4] Float32/Float64 (x1, y1, x2, y2) expected, got [3, 5] Float32");
        Throws(() => Boxes.Iou(boxes, Tensor.Zeros([2, 4], DType.Int32)), "got [2, 4] Int32");
        Throws(() => Boxes.Iou(boxes, Tensor.Zeros([2, 4], DType.Float64)), "boxes of one dtype expected, got Float32 and Float64");
        Throws(() => Boxes.Iou(Tensor.FromArray(new[] { 0f, 0f, float.NaN, 1f }, new Shape(1, 4)), boxes), "box 0 has a NaN coordinate");
        Throws(() => Boxes.NonMaxSuppression(boxes, Tensor.Zeros([2]), 0.5), "scores [3] Float32 expected for boxes [3, 4], got [2] Float32");
        Throws(() => Boxes.NonMaxSuppression(boxes, Tensor.Zeros([3], DType.Float64), 0.5), "got [3] Float64");
        Throws(() => Boxes.NonMaxSuppression(boxes, Tensor.Zeros([3]), 1.5), "iouThreshold must be in [0, 1], got 1.5");
        Throws(() => Boxes.NonMaxSuppression(boxes, Tensor.Zeros([3]), double.NaN), "iouThreshold must be in [0, 1], got NaN");
        Throws(() => Boxes.NonMaxSuppression(boxes, Tensor.Zeros([3]), -0.1), "iouThreshold must be in [0, 1]");
        Throws(() => Boxes.NonMaxSuppression(boxes, Tensor.FromArray(new[] { 0f, float.NaN, 0f }), 0.5), "score at index 1 is NaN");
    }
}
