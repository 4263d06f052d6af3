using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossReferenceData;
using static DeepNotes.Tests.Losses.LossTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Losses;

/// <summary>The loss modules: same values as the functions, weights as PyTorch-named buffers, dtype conversion, Describe.</summary>
public class LossModuleTests
{
    [Fact]
    public void ModulesComputeWhatTheirFunctionsCompute()
    {
        var x = Make(X, [4, 3]);
        var y = Make(Y, [4, 3]);
        Assert.Equal(MseMean[0], new MseLoss().Forward(x, y).Item(), 1e-12);
        Assert.Equal(L1Sum[0], new L1Loss(Reduction.Sum).Forward(x, y).Item(), 1e-12);
        AssertClose(HuberDelta05None, new HuberLoss(Reduction.None, 0.5).Forward(x, y), 1e-12, 1e-12);
        Assert.Equal(BceWeightedMean[0], new BceLoss(Make(W3, [3])).Forward(Make(P, [4, 3]), Make(PT, [4, 3])).Item(), 1e-12);
        Assert.Equal(BceLogitsWeightedSum[0],
            new BceWithLogitsLoss(Make(W41, [4, 1]), Reduction.Sum, Make(PW3, [3])).Forward(Make(Z, [4, 3]), Make(ZT, [4, 3])).Item(), 1e-9);
        Assert.Equal(CeWeightedSmoothedMean[0],
            new CrossEntropyLoss(Make(W4, [4]), labelSmoothing: 0.3).Forward(Make(L, [5, 4]), Ints(LT, [5])).Item(), 1e-12);
        Assert.Equal(NllWeightedSum[0], new NllLoss(Make(W4, [4]), reduction: Reduction.Sum).Forward(Make(NX, [5, 4]), Ints(LT, [5])).Item(), 1e-12);
        Assert.Equal(MultiMarginP2Margin05WeightedMean[0],
            new MultiMarginLoss(2, 0.5, Make(W5, [5])).Forward(Make(MX, [4, 5]), Ints(MT, [4])).Item(), 1e-12);
        Assert.Equal(KLDivLogTargetBatchmean[0],
            new KLDivLoss(Reduction.BatchMean, logTarget: true).Forward(Make(KQ, [3, 4]), Make(KLT, [3, 4])).Item(), 1e-12);
    }

    [Fact]
    public void WeightsAreBuffersWithPyTorchNames()
    {
        var bce = new BceWithLogitsLoss(Tensor.Ones([3]), posWeight: Tensor.Full([3], 2.0));
        Assert.Equal(["weight", "pos_weight"], bce.StateDict().Keys);
        Assert.Empty(bce.Parameters());
        Assert.Equal(["weight"], new CrossEntropyLoss(Tensor.Ones([10])).StateDict().Keys);
        Assert.Equal(["weight"], new NllLoss(Tensor.Ones([10])).StateDict().Keys);
        Assert.Equal(["weight"], new MultiMarginLoss(weight: Tensor.Ones([10])).StateDict().Keys);
        Assert.Equal(["weight"], new BceLoss(Tensor.Ones([10])).StateDict().Keys);
        Assert.Empty(new CrossEntropyLoss().StateDict());
        Assert.Null(new CrossEntropyLoss().Weight);
        Assert.Null(bce.Parameters().FirstOrDefault());
    }

    [Fact]
    public void ToFloat64ConvertsTheWeightsSoFloat64InputsWork()
    {
        var criterion = new CrossEntropyLoss(Tensor.FromArray([1f, 0.5f, 2f, 1.5f]));
        criterion.To(DType.Float64);
        Assert.Equal(DType.Float64, criterion.Weight!.DType);
        Assert.Equal(CeWeightedMean[0], criterion.Forward(Make(L, [5, 4]), Ints(LT, [5])).Item(), 1e-12);
    }

    [Fact]
    public void DescribeNamesTheOptions()
    {
        Assert.Equal("MseLoss(reduction: Mean)", new MseLoss().Describe());
        Assert.Equal("HuberLoss(reduction: Sum, delta: 0.5)", new HuberLoss(Reduction.Sum, 0.5).Describe());
        Assert.Equal("CrossEntropyLoss(reduction: Mean, ignoreIndex: -100, labelSmoothing: 0.1, weight: [10])",
            new CrossEntropyLoss(Tensor.Ones([10]), labelSmoothing: 0.1).Describe());
        Assert.Equal("BceWithLogitsLoss(reduction: None, posWeight: [3])",
            new BceWithLogitsLoss(reduction: Reduction.None, posWeight: Tensor.Ones([3])).Describe());
        Assert.Equal("KLDivLoss(reduction: BatchMean, logTarget: false)", new KLDivLoss(Reduction.BatchMean).Describe());
        Assert.Equal("MultiMarginLoss(reduction: Mean, p: 2, margin: 1)", new MultiMarginLoss(p: 2).Describe());
        Assert.Equal("NllLoss(reduction: None, ignoreIndex: 0)", new NllLoss(ignoreIndex: 0, reduction: Reduction.None).Describe());
        Assert.Equal("L1Loss(reduction: Mean)", new L1Loss().ToString());
        Assert.Equal("BceLoss(reduction: Mean)", new BceLoss().Describe());
    }

    [Fact]
    public void ALossIsAModuleThatTrainsAClassifier()
    {
        // a few SGD steps on a separable toy problem must lower the loss
        var model = new Sequential(new Dense(2, 3, generator: new Generator(1)));
        Loss criterion = new CrossEntropyLoss();
        var x = Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 1 }, { -1, -1 }, { 2, 0 }, { 0, 2 }, { -2, -2 } });
        var y = Ints([0, 1, 2, 0, 1, 2], [6]);
        double first = 0, last = 0;
        for (int step = 0; step < 50; step++)
        {
            model.ZeroGrad();
            Tensor loss = criterion.Forward(model.Forward(x), y) + Penalty.L2(model.Parameters(), 1e-3);
            loss.Backward();
            using (Autograd.NoGrad())
                foreach (var p in model.Parameters()) p.AddInPlace(p.Grad!, -0.5);
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(last < 0.5 * first, $"loss went from {first} to {last}");
    }
}
