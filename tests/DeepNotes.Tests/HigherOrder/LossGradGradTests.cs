using DeepNotes;
using DeepNotes.Losses;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>Second derivatives of the elementwise losses with a differentiable createGraph path (MSE, BCE, BCE with logits).</summary>
public class LossGradGradTests
{
    public static TheoryData<Reduction, Layout> Cases()
    {
        var data = new TheoryData<Reduction, Layout>();
        foreach (Reduction r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
            foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(r, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mse_Bce_BceWithLogits(Reduction reduction, Layout layout)
    {
        Tensor x = Input([3, 4], 91, Values.Normal, layout), y = Input([3, 4], 92, Values.Normal, layout);
        Tensor weight = Tensor.Rand([4], DType.Float64, new Generator(93)) + 0.5;
        Tensor posWeight = Tensor.Rand([4], DType.Float64, new Generator(94)) + 0.5;
        GradCheck.GradGradCheck(t => Functional.MseLoss(t[0].Tanh(), t[1], reduction), x, y);
        GradCheck.GradGradCheck(t => Functional.BinaryCrossEntropy(t[0].Sigmoid(), t[1].Sigmoid(), weight, reduction), x, y);
        GradCheck.GradGradCheck(t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1].Sigmoid(), weight, reduction: reduction), x, y);
        GradCheck.GradGradCheck(t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1].Sigmoid(), null, reduction, posWeight), x, y);
    }

    [Fact]
    public void L1Loss_CreateGraphGradient_EqualsTheFirstOrderGradient()
    {
        // L1Loss used to refuse createGraph (its fused kernel had no differentiable form); now it gives sign(x − y)
        Tensor x = Input([3, 4], 95), y = Input([3, 4], 96, requiresGrad: false);
        Tensor g = Autograd.Grad(Functional.L1Loss(x, y), [x], createGraph: true)[0];
        Tensor first = Autograd.Grad(Functional.L1Loss(x, y), [x])[0];
        AssertClose(D(first), g, 1e-12, 1e-12);
    }
}
