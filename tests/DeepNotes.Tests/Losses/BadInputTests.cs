using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;

namespace DeepNotes.Tests.Losses;

/// <summary>Bad shapes, dtypes, class indices and options throw at once with messages naming what was expected and what came.</summary>
public class BadInputTests
{
    private static void Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void CrossEntropyTargetOfTheWrongShapeOrDType()
    {
        var x = Tensor.Zeros([32, 10]);
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, Tensor.Zeros([32, 1])),
            "CrossEntropy: target [32] Int32 expected for input [32, 10], got [32, 1] Float32");
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, Tensor.Zeros([32, 1], DType.Int32)),
            "target [32] Int32 expected for input [32, 10], got [32, 1] Int32");
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, Tensor.Zeros([32, 10], DType.Float64)),
            "got [32, 10] Float64", "probability targets must be [32, 10] Float32");
        Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros([2, 3, 4]), Tensor.Zeros([2, 3], DType.Int32)),
            "target [2, 4] Int32 expected for input [2, 3, 4], got [2, 3] Int32");
        Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros([4], DType.Int32), Tensor.Zeros([], DType.Int32)),
            "CrossEntropy expects a floating-point tensor", "Int32");
        Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Scalar(1), Tensor.Zeros([], DType.Int32)), "0-dim");
    }

    [Fact]
    public void ClassIndexOutOfRangeNamesTheValue()
    {
        var x = Tensor.Zeros([3, 10]);
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, Ints([1, 10, 2], [3])), "target class 10", "flat index 1", "[0, 10)");
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, Ints([1, -1, 2], [3])), "target class -1", "ignoreIndex is -100");
        Throws<ArgumentException>(() => Functional.NllLoss(x, Ints([1, 2, 11], [3])), "NllLoss: target class 11");
        Throws<ArgumentException>(() => Functional.MultiMarginLoss(x, Ints([1, 2, -100], [3])), "MultiMarginLoss: target class -100");
        // ignoreIndex itself is fine, whatever its value
        Assert.True(double.IsFinite(Functional.CrossEntropy(x, Ints([1, 25, 2], [3]), ignoreIndex: 25).Item()));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void LabelSmoothingOutside0To1Throws(double eps)
    {
        Throws<ArgumentOutOfRangeException>(() => Functional.CrossEntropy(Tensor.Zeros([2, 3]), Ints([0, 1], [2]), labelSmoothing: eps),
            "labelSmoothing must be in [0, 1]");
        Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: eps), "labelSmoothing must be in [0, 1]");
    }

    [Fact]
    public void ElementwiseLossTargetsMustMatchShapeAndDType()
    {
        var x = Tensor.Zeros([4, 3]);
        Throws<ArgumentException>(() => Functional.MseLoss(x, Tensor.Zeros([4, 1])),
            "MseLoss: target [4, 3] Float32 expected for input [4, 3] Float32, got [4, 1] Float32");
        Throws<ArgumentException>(() => Functional.L1Loss(x, Tensor.Zeros([4, 3], DType.Float64)), "got [4, 3] Float64");
        Throws<ArgumentException>(() => Functional.HuberLoss(x, Tensor.Zeros([3])), "HuberLoss: target [4, 3] Float32");
        Throws<ArgumentException>(() => Functional.BinaryCrossEntropyWithLogits(x, Tensor.Zeros([4, 3], DType.Int32)), "got [4, 3] Int32");
        Throws<ArgumentException>(() => Functional.KLDivLoss(x, Tensor.Zeros([3, 4])), "KLDivLoss: target [4, 3] Float32");
        Throws<ArgumentException>(() => Functional.MseLoss(Tensor.Zeros([2], DType.Int32), Tensor.Zeros([2], DType.Int32)), "floating-point");
    }

    [Fact]
    public void WeightsMustFit()
    {
        var x = Tensor.Zeros([4, 3]);
        var y = Tensor.Zeros([4, 3]);
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, Ints([0, 1, 2, 0], [4]), Tensor.Ones([4])),
            "weight [3] Float32 (one per class) expected for input [4, 3], got [4] Float32");
        Throws<ArgumentException>(() => Functional.NllLoss(x, Ints([0, 1, 2, 0], [4]), Tensor.Ones([3], DType.Float64)), "got [3] Float64");
        Throws<ArgumentException>(() => Functional.BinaryCrossEntropyWithLogits(x, y, posWeight: Tensor.Ones([4])),
            "posWeight [4] cannot be broadcast to the input shape [4, 3]");
        Throws<ArgumentException>(() => Functional.BinaryCrossEntropy(x, y, Tensor.Ones([2, 4, 3])), "weight [2, 4, 3] cannot be broadcast");
        var trainable = Tensor.Ones([3], requiresGrad: true);
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, Ints([0, 1, 2, 0], [4]), trainable), "weight requires grad", "Detach()");
    }

    [Fact]
    public void BceRejectsValuesOutsideZeroToOneAndNamesThem()
    {
        var p = Tensor.FromArray([0.2f, 1.5f, 0.3f]);
        Throws<ArgumentException>(() => Functional.BinaryCrossEntropy(p, Tensor.Zeros([3])), "[0, 1]", "got 1.5 at flat index 1", "BinaryCrossEntropyWithLogits");
        Throws<ArgumentException>(() => Functional.BinaryCrossEntropy(Tensor.FromArray([float.NaN]), Tensor.Zeros([1])), "NaN");
    }

    [Fact]
    public void BadOptions()
    {
        var x = Tensor.Zeros([2, 3]);
        var t = Ints([0, 1], [2]);
        Throws<ArgumentOutOfRangeException>(() => Functional.HuberLoss(x, x, delta: 0), "delta must be positive");
        Throws<ArgumentOutOfRangeException>(() => Functional.MultiMarginLoss(x, t, p: 3), "p must be 1 or 2, got 3");
        Throws<ArgumentException>(() => Functional.MultiMarginLoss(Tensor.Zeros([2, 3, 4]), t), "input [C] or [N, C] expected, got [2, 3, 4]");
        Throws<ArgumentException>(() => Functional.MseLoss(x, x, Reduction.BatchMean), "BatchMean is only supported by KLDivLoss");
        Throws<ArgumentException>(() => Functional.CrossEntropy(x, t, reduction: Reduction.BatchMean), "BatchMean");
        Throws<ArgumentException>(() => new MseLoss(Reduction.BatchMean), "BatchMean");
        Throws<ArgumentException>(() => Functional.MseLoss(x, x, (Reduction)17), "unknown reduction 17");
        Throws<ArgumentException>(() => Functional.CrossEntropy(Tensor.Zeros([2, 0]), t), "no classes");
    }
}
