using System.Runtime.CompilerServices;
using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// <c>Autograd.Checkpoint</c>: gradients bitwise equal to running the function directly (with dropout replayed from the
/// generators' saved states, parameters closed over included), no intermediate activation kept alive by the forward,
/// and second derivatives through the recomputation.
/// </summary>
public class CheckpointTests
{
    /// <summary>Two dense layers, tanh and dropout drawing from its own generator; a head outside the checkpoint.</summary>
    private sealed class Model
    {
        public readonly Dense L1, L2, Head;
        public readonly Dropout Drop;

        public Model(DType dtype, Generator dropout)
        {
            L1 = new Dense(6, 16, dtype: dtype, generator: new Generator(11));
            L2 = new Dense(16, 16, dtype: dtype, generator: new Generator(12));
            Head = new Dense(16, 3, dtype: dtype, generator: new Generator(13));
            Drop = new Dropout(0.3, generator: dropout);
        }

        public Tensor Block(Tensor x) => L2.Forward(Drop.Forward(L1.Forward(x).Tanh())).Tanh();

        public IEnumerable<Tensor> Parameters() => L1.Parameters().Concat(L2.Parameters()).Concat(Head.Parameters());
    }

    private static (float[][] Grads, float[] Output, ulong NextDraw) Train(bool checkpoint, bool inputRequiresGrad)
    {
        var dropout = new Generator(99);
        var model = new Model(DType.Float32, dropout);
        Tensor x = Tensor.Randn([5, 6], DType.Float32, new Generator(3), requiresGrad: inputRequiresGrad);
        Tensor h = checkpoint ? Autograd.Checkpoint(xs => [model.Block(xs[0])], x)[0] : model.Block(x);
        if (checkpoint) Assert.Equal("CheckpointFunctionBackward", h.GradFnName);
        Tensor y = model.Head.Forward(h);
        (y.Square().Mean() + y.Sum()).Backward();
        var grads = model.Parameters().Select(p => p.Grad!.ToArray<float>()).ToList();
        if (inputRequiresGrad) grads.Add(x.Grad!.ToArray<float>());
        return ([.. grads], y.ToArray<float>(), dropout.NextUInt64());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MlpWithDropout_GradientsAreBitwiseEqualToThePlainRun(bool inputRequiresGrad)
    {
        var plain = Train(checkpoint: false, inputRequiresGrad);
        var checkpointed = Train(checkpoint: true, inputRequiresGrad);
        Assert.Equal(plain.Output, checkpointed.Output);
        Assert.Equal(plain.Grads.Length, checkpointed.Grads.Length);
        Assert.Equal(inputRequiresGrad ? 7 : 6, plain.Grads.Length); // parameters closed over get gradients too
        for (int i = 0; i < plain.Grads.Length; i++)
            Assert.True(plain.Grads[i].AsSpan().SequenceEqual(checkpointed.Grads[i]), $"gradient {i} differs");
        Assert.Contains(plain.Grads[^1], v => v != 0);
        // the recomputation replayed the dropout generator and then restored it: it stands where the plain run left it
        Assert.Equal(plain.NextDraw, checkpointed.NextDraw);
    }

    [Fact]
    public void DropoutFromTheDefaultGenerator_IsReplayed()
    {
        var x = Tensor.Randn([64], DType.Float64, new Generator(4), requiresGrad: true);
        Tensor y = Autograd.Checkpoint(xs => [Functional.Dropout(xs[0], 0.5)], x)[0];
        y.Sum().Backward();
        // y = x ⊙ m and dy/dx = m: the same mask only if the backward replayed the forward's draws
        Assert.Equal(y.ToArray<double>(), (x.Grad! * x.Detach()).ToArray<double>());
        Assert.Contains(y.ToArray<double>(), v => v == 0);
        Assert.Contains(y.ToArray<double>(), v => v != 0);
    }

    [Fact]
    public void SeveralOutputs_SharingWork_AndAnUnusedOne_MatchThePlainRun()
    {
        static Tensor[] F(Tensor[] xs)
        {
            Tensor shared = xs[0].MatMul(xs[1]).Sin();
            return [shared * 2, shared.Exp() + xs[1].Sum(), shared.Cos()];
        }
        double[][] Run(bool checkpoint)
        {
            var a = Tensor.Randn([3, 4], DType.Float64, new Generator(5), requiresGrad: true);
            var b = Tensor.Randn([4, 2], DType.Float64, new Generator(6), requiresGrad: true);
            Tensor[] outs = checkpoint ? Autograd.Checkpoint(F, a, b) : F([a, b]);
            (outs[0].Square().Sum() + outs[1].Sum() * 3).Backward(); // outs[2] unused
            return [a.Grad!.ToArray<double>(), b.Grad!.ToArray<double>()];
        }
        double[][] plain = Run(false), checkpointed = Run(true);
        Assert.Equal(plain[0], checkpointed[0]);
        Assert.Equal(plain[1], checkpointed[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TensorsComputedFromAParameterTheFunctionAlsoUses_AreNotCountedTwice(bool createGraph)
    {
        // h, an input, and w2, closed over, are both computed from w, which f also closes over: the backward through
        // the recomputation stops at h and w2, and the outer pass carries their gradients on to w exactly once
        double[][] Run(bool checkpoint)
        {
            var w = Tensor.Randn([3, 3], DType.Float64, new Generator(7), requiresGrad: true);
            Tensor x = Tensor.Randn([2, 3], DType.Float64, new Generator(8));
            Tensor h = x.MatMul(w), w2 = w * 2;
            Tensor F(Tensor hh) => hh.MatMul(w).Tanh() + hh.MatMul(w2).Sin() * w.Sum();
            Tensor y = checkpoint ? Autograd.Checkpoint(xs => [F(xs[0])], h)[0] : F(h);
            Tensor g = Autograd.Grad(y.Sum(), [w], createGraph: createGraph)[0];
            if (!createGraph) return [g.ToArray<double>()];
            Tensor gg = Autograd.Grad(g.Square().Sum(), [w])[0]; // a second derivative through the recomputation
            return [g.ToArray<double>(), gg.ToArray<double>()];
        }
        double[][] plain = Run(false), checkpointed = Run(true);
        Assert.Equal(plain.Length, checkpointed.Length);
        for (int k = 0; k < plain.Length; k++)
            for (int i = 0; i < plain[k].Length; i++)
                Assert.True(Math.Abs(plain[k][i] - checkpointed[k][i]) <= 1e-12 * Math.Max(1, Math.Abs(plain[k][i])),
                    $"derivative {k}, element {i}: {plain[k][i]} vs {checkpointed[k][i]}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor Output, List<WeakReference> Intermediates) ForwardThroughBlocks(bool checkpoint, Dense[] layers, Tensor x)
    {
        var intermediates = new List<WeakReference>();
        Tensor Block(Dense layer, Tensor h)
        {
            Tensor a = layer.Forward(h), b = a.Tanh();
            intermediates.Add(new WeakReference(a));
            intermediates.Add(new WeakReference(b));
            return b * 0.5 + h;
        }
        Tensor y = x;
        foreach (Dense layer in layers)
            y = checkpoint ? Autograd.Checkpoint(xs => [Block(layer, xs[0])], y)[0] : Block(layer, y);
        return (y, intermediates);
    }

    [Fact]
    public void Forward_KeepsNoIntermediateActivationAlive()
    {
        Dense[] layers = [.. Enumerable.Range(0, 4).Select(i => new Dense(32, 32, generator: new Generator((ulong)(20 + i))))];
        Tensor x = Tensor.Randn([16, 32], DType.Float32, new Generator(9));
        int Alive(List<WeakReference> refs)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return refs.Count(r => r.IsAlive);
        }
        var (plainOut, plainRefs) = ForwardThroughBlocks(checkpoint: false, layers, x);
        int plainAlive = Alive(plainRefs);
        var (ckOut, ckRefs) = ForwardThroughBlocks(checkpoint: true, layers, x);
        int ckAlive = Alive(ckRefs);
        Assert.Equal(8, ckRefs.Count);
        Assert.True(plainAlive >= 4, $"the plain graph should keep activations for backward, {plainAlive} of 8 alive");
        Assert.Equal(0, ckAlive);
        // and the backward still works, with the plain run's gradients
        plainOut.Sum().Backward();
        float[] plainGrad = layers[0].Weight.Grad!.ToArray<float>();
        foreach (Dense l in layers) l.ZeroGrad();
        ckOut.Sum().Backward();
        Assert.Equal(plainGrad, layers[0].Weight.Grad!.ToArray<float>());
        GC.KeepAlive(plainOut);
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void SecondDerivative_ThroughTheRecomputation_PassesGradGradCheck(Layout layout)
    {
        Tensor x = Input([2, 3], 61, Values.Normal, layout), w = Input([3, 4], 62, Values.Normal, layout);
        // x an explicit input, w closed over; dropout from a generator made afresh per evaluation
        Assert.True(GradCheck.GradGradCheck(t =>
        {
            var dropout = new Generator(17);
            return Autograd.Checkpoint(xs => [Functional.Dropout(xs[0].MatMul(t[1]).Tanh(), 0.25, generator: dropout).Square()], t[0])[0];
        }, x, w));
        Assert.True(GradCheck.GradGradCheck(t =>
        {
            Tensor[] outs = Autograd.Checkpoint(xs => [xs[0].MatMul(xs[1]).Sin(), xs[1].Exp()], t[0], t[1]);
            return outs[0].Sum(1) + outs[1].Sum();
        }, x, w));
    }

    [Fact]
    public void UnderNoGrad_OrWithNothingRequiringGrad_ItIsJustTheFunction()
    {
        var x = Tensor.Randn([3], DType.Float64, new Generator(10), requiresGrad: true);
        Tensor y;
        using (Autograd.NoGrad()) y = Autograd.Checkpoint(xs => [xs[0] * 2], x)[0];
        Assert.False(y.RequiresGrad);
        Tensor z = Autograd.Checkpoint(xs => [xs[0] * 2], x.Detach())[0];
        Assert.False(z.RequiresGrad);
        Assert.Equal((x.Detach() * 2).ToArray<double>(), z.ToArray<double>());
    }

    [Fact]
    public void Errors_NameTheProblem()
    {
        var x = Tensor.Randn([3], DType.Float64, new Generator(10), requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => Autograd.Checkpoint(xs => [], x));
        Assert.Contains("no outputs", ex.Message);
        Assert.Throws<ArgumentNullException>(() => Autograd.Checkpoint(null!, x));
        // a function that is not deterministic in its output shape is caught at the recomputation
        int calls = 0;
        Tensor y = Autograd.Checkpoint(xs => [calls++ == 0 ? xs[0] * 2 : xs[0].Narrow(0, 0, 2)], x)[0];
        ex = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("deterministic", ex.Message);
    }
}
