using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossReferenceData;
using static DeepNotes.Tests.Losses.LossTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Losses;

/// <summary>
/// Forward values of every loss, in every reduction and with the options that change the formula, against the values
/// PyTorch printed for the same inputs (reference/losses_reference.py, pasted into <see cref="LossReferenceData"/>).
/// </summary>
public class TorchReferenceTests
{
    private static readonly Dictionary<string, Func<DType, Reduction, Tensor>> s_cases = new()
    {
        ["Mse"] = (d, r) => Functional.MseLoss(Make(X, [4, 3], d), Make(Y, [4, 3], d), r),
        ["L1"] = (d, r) => Functional.L1Loss(Make(X, [4, 3], d), Make(Y, [4, 3], d), r),
        ["Huber"] = (d, r) => Functional.HuberLoss(Make(X, [4, 3], d), Make(Y, [4, 3], d), r),
        ["HuberDelta05"] = (d, r) => Functional.HuberLoss(Make(X, [4, 3], d), Make(Y, [4, 3], d), r, delta: 0.5),
        ["Bce"] = (d, r) => Functional.BinaryCrossEntropy(Make(P, [4, 3], d), Make(PT, [4, 3], d), reduction: r),
        ["BceWeighted"] = (d, r) => Functional.BinaryCrossEntropy(Make(P, [4, 3], d), Make(PT, [4, 3], d), Make(W3, [3], d), r),
        ["BceLogits"] = (d, r) => Functional.BinaryCrossEntropyWithLogits(Make(Z, [4, 3], d), Make(ZT, [4, 3], d), reduction: r),
        ["BceLogitsWeighted"] = (d, r) => Functional.BinaryCrossEntropyWithLogits(Make(Z, [4, 3], d), Make(ZT, [4, 3], d),
            Make(W41, [4, 1], d), r, Make(PW3, [3], d)),
        ["BceLogitsPosWeight"] = (d, r) => Functional.BinaryCrossEntropyWithLogits(Make(Z, [4, 3], d), Make(ZT, [4, 3], d),
            reduction: r, posWeight: Make(PW3, [3], d)),
        ["Ce"] = (d, r) => Functional.CrossEntropy(Make(L, [5, 4], d), Ints(LT, [5]), reduction: r),
        ["CeWeighted"] = (d, r) => Functional.CrossEntropy(Make(L, [5, 4], d), Ints(LT, [5]), Make(W4, [4], d), reduction: r),
        ["CeSmoothed"] = (d, r) => Functional.CrossEntropy(Make(L, [5, 4], d), Ints(LT, [5]), reduction: r, labelSmoothing: 0.2),
        ["CeWeightedSmoothed"] = (d, r) => Functional.CrossEntropy(Make(L, [5, 4], d), Ints(LT, [5]), Make(W4, [4], d),
            reduction: r, labelSmoothing: 0.3),
        ["CeSpatial"] = (d, r) => Functional.CrossEntropy(Make(L3, [2, 3, 4], d), Ints(L3T, [2, 4]), Make(W3C, [3], d),
            reduction: r, labelSmoothing: 0.1),
        ["CeProbs"] = (d, r) => Functional.CrossEntropy(Make(LPL, [3, 4], d), Make(LP, [3, 4], d), reduction: r),
        ["CeProbsWeightedSmoothed"] = (d, r) => Functional.CrossEntropy(Make(LPL, [3, 4], d), Make(LP, [3, 4], d), Make(W4, [4], d),
            reduction: r, labelSmoothing: 0.25),
        ["CeProbsSpatial"] = (d, r) => Functional.CrossEntropy(Make(LP3L, [2, 3, 2], d), Make(LP3T, [2, 3, 2], d),
            reduction: r, labelSmoothing: 0.1),
        ["Nll"] = (d, r) => Functional.NllLoss(Make(NX, [5, 4], d), Ints(LT, [5]), reduction: r),
        ["NllWeighted"] = (d, r) => Functional.NllLoss(Make(NX, [5, 4], d), Ints(LT, [5]), Make(W4, [4], d), reduction: r),
        ["NllSpatial"] = (d, r) => Functional.NllLoss(Make(L3, [2, 3, 4], d), Ints(L3T, [2, 4]), Make(W3C, [3], d), reduction: r),
        ["MultiMargin"] = (d, r) => Functional.MultiMarginLoss(Make(MX, [4, 5], d), Ints(MT, [4]), reduction: r),
        ["MultiMarginP2Margin05Weighted"] = (d, r) => Functional.MultiMarginLoss(Make(MX, [4, 5], d), Ints(MT, [4]), p: 2,
            margin: 0.5, weight: Make(W5, [5], d), reduction: r),
        ["KLDiv"] = (d, r) => Functional.KLDivLoss(Make(KQ, [3, 4], d), Make(KT, [3, 4], d), r),
        ["KLDivLogTarget"] = (d, r) => Functional.KLDivLoss(Make(KQ, [3, 4], d), Make(KLT, [3, 4], d), r, logTarget: true),
    };

    public static TheoryData<string, Reduction, DType> Cases()
    {
        var data = new TheoryData<string, Reduction, DType>();
        foreach (var name in s_cases.Keys)
            foreach (var r in new[] { Reduction.None, Reduction.Sum, Reduction.Mean })
                foreach (var d in new[] { DType.Float32, DType.Float64 })
                    data.Add(name, r, d);
        return data;
    }

    private static double[] Expected(string field) =>
        (double[])typeof(LossReferenceData).GetField(field)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name, Reduction reduction, DType dtype)
    {
        Tensor loss = s_cases[name](dtype, reduction);
        Assert.Equal(dtype, loss.DType);
        if (reduction != Reduction.None) Assert.Equal(0, loss.Rank);
        var (rtol, atol) = Tolerance(dtype);
        AssertClose(Expected(name + reduction), loss, atol, rtol, $"{name} {reduction} {dtype}");
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void KLDivBatchMeanDividesByTheBatchSize(DType dtype)
    {
        var (rtol, atol) = Tolerance(dtype);
        AssertClose(KLDivBatchmean, Functional.KLDivLoss(Make(KQ, [3, 4], dtype), Make(KT, [3, 4], dtype), Reduction.BatchMean), atol, rtol);
        AssertClose(KLDivLogTargetBatchmean,
            Functional.KLDivLoss(Make(KQ, [3, 4], dtype), Make(KLT, [3, 4], dtype), Reduction.BatchMean, logTarget: true), atol, rtol);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void UnbatchedCrossEntropyTakesA0DimTarget(DType dtype)
    {
        var (rtol, atol) = Tolerance(dtype);
        AssertClose(CeUnbatched, Functional.CrossEntropy(Make(U, [5], dtype), Tensor.Scalar(2, DType.Int32)), atol, rtol);
        Tensor none = Functional.CrossEntropy(Make(U, [5], dtype), Tensor.Scalar(4, DType.Int32), reduction: Reduction.None, labelSmoothing: 0.4);
        Assert.Equal(0, none.Rank);
        AssertClose(CeUnbatchedSmoothedNone, none, atol, rtol);
    }
}
