using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Layers;

public class DropoutAndFlattenTests
{
    [Fact]
    public void Training_ZeroesAboutP_AndScalesSurvivorsByInverseKeep()
    {
        var drop = new Dropout(0.3, generator: new Generator(5));
        float[] y = drop.Forward(Tensor.Ones([100_000])).ToArray<float>();
        double zeroFraction = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(zeroFraction, 0.29, 0.31);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.7f, v, 5));
        Assert.InRange(y.Average(), 0.98, 1.02); // inverted scaling keeps the expectation
    }

    [Fact]
    public void Eval_IsIdentity_UnlessMonteCarlo()
    {
        var drop = new Dropout(0.5, generator: new Generator(5));
        var x = Tensor.Randn([64]);
        drop.Eval();
        Assert.Same(x, drop.Forward(x));
        drop.KeepActiveInEval = true;
        Assert.Contains(0f, drop.Forward(x).ToArray<float>());
        Assert.Equal("Dropout(p: 0.5, keepActiveInEval: true)", drop.Describe());
    }

    [Fact]
    public void POfOne_GivesZeros_AndPOfZero_KeepsInput()
    {
        var x = Tensor.Randn([10]);
        Assert.All(new Dropout(1).Forward(x).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Equal(x.ToArray<float>(), new Dropout(0).Forward(x).ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
    }

    [Fact]
    public void Dropout_PassesGradCheck_WithAFixedMask()
    {
        var x = Tensor.Randn([4, 6], DType.Float64, new Generator(2), requiresGrad: true);
        GradCheck.Check(i => Functional.Dropout(i[0], 0.4, training: true, new Generator(9)), x);
        // the gradient is exactly the mask
        var y = Functional.Dropout(x, 0.4, true, new Generator(9));
        y.Sum().Backward();
        double[] yv = y.ToArray<double>(), xv = x.ToArray<double>(), gv = x.Grad!.ToArray<double>();
        for (int i = 0; i < yv.Length; i++) Assert.Equal(yv[i], xv[i] * gv[i], 12);
    }

    [Fact]
    public void SameSeed_SameMask()
    {
        var x = Tensor.Ones([50]);
        Assert.Equal(Functional.Dropout(x, 0.5, true, new Generator(4)).ToArray<float>(),
            Functional.Dropout(x, 0.5, true, new Generator(4)).ToArray<float>());
    }

    [Fact]
    public void Flatten_KeepsBatch_AndPassesGradCheck()
    {
        var x = Tensor.Randn([2, 3, 4, 5], DType.Float64, new Generator(1), requiresGrad: true);
        Assert.Equal([2, 60], new Flatten().Forward(x).Shape.ToArray());
        Assert.Equal([2, 12, 5], new Flatten(1, 2).Forward(x).Shape.ToArray());
        GradCheck.Check(i => new Flatten().Forward(i[0].Transpose(1, 3)), x);
    }
}
