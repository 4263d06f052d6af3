namespace DeepNotes.Tests.Core;

public class AutogradTests
{
    private static Tensor Vec(params double[] v) => Tensor.FromArray(v);

    private static Tensor Leaf(params double[] v) => Tensor.FromArray(v, requiresGrad: true);

    // ---------------- requiresGrad ----------------

    [Fact]
    public void RequiresGrad_PropagatesThroughOps()
    {
        var a = Leaf(1, 2);
        var b = Vec(3, 4);
        var c = a + b;
        Assert.True(c.RequiresGrad);
        Assert.False(c.IsLeaf);
        Assert.Equal("AddBackward", c.GradFnName);
        var d = b * b;
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        Assert.Null(d.GradFnName);
        Assert.True((c * b).Sum().RequiresGrad);
    }

    [Fact]
    public void RequiresGrad_CannotBeSetOnNonLeaf()
    {
        var y = Leaf(1) * 2;
        var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("leaf", ex.Message);
        Assert.Contains("MulBackward", ex.Message);
        Assert.Contains("Detach", ex.Message);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = true);
    }

    [Fact]
    public void RequiresGrad_IsSettableOnFloatLeavesOnly()
    {
        var f = Vec(1);
        f.RequiresGrad = true;
        Assert.True(f.RequiresGrad);
        f.RequiresGrad = false;
        Assert.False(f.RequiresGrad);

        var i = Tensor.Zeros([2], DType.Int32);
        var ex = Assert.Throws<InvalidOperationException>(() => i.RequiresGrad = true);
        Assert.Contains("Int32", ex.Message);
        Assert.Contains("floating-point", ex.Message);
        i.RequiresGrad = false; // no-op is fine
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], DType.Bool).RequiresGrad = true);
    }

    [Fact]
    public void Grad_Setter_ChecksShapeAndDType()
    {
        var x = Leaf(1, 2, 3);
        var ex = Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Zeros([2], DType.Float64));
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Zeros([3], DType.Float32));
        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
        x.Grad = Tensor.Ones([3], DType.Float64);
        x.Grad = null;
        Assert.Null(x.Grad);
    }

    // ---------------- Backward ----------------

    [Fact]
    public void Backward_OnScalar()
    {
        var x = Leaf(1, -2, 3);
        (x * x).Sum().Backward(); // d/dx sum(x^2) = 2x
        Assert.Equal(new[] { 2.0, -4, 6 }, x.Grad!.ToArray<double>());
        Assert.Equal(x.Shape, x.Grad.Shape);
        Assert.Equal(DType.Float64, x.Grad.DType);
        Assert.False(x.Grad.RequiresGrad);
    }

    [Fact]
    public void Backward_OnFloat32Graph()
    {
        var x = Tensor.FromArray(new[] { 0.5f, 2f }, requiresGrad: true);
        ((x * x * x).Sum()).Backward(); // 3x^2
        Assert.Equal(new[] { 0.75f, 12f }, x.Grad!.ToArray<float>());
        Assert.Equal(DType.Float32, x.Grad.DType);
    }

    [Fact]
    public void Backward_OfALeafScalar_GivesOne()
    {
        var x = Tensor.Scalar(5, DType.Float64, requiresGrad: true);
        x.Backward();
        Assert.Equal(1.0, x.Grad!.Item());
    }

    [Fact]
    public void Backward_WithGradient_OnNonScalar()
    {
        var x = Leaf(1, 2, 3);
        var y = x * 3;
        y.Backward(Vec(1, 10, 100));
        Assert.Equal(new[] { 3.0, 30, 300 }, x.Grad!.ToArray<double>());

        var m = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, [2, 2], requiresGrad: true);
        (m * m).Backward(Tensor.FromArray(new[] { 1.0, 0, 0, 2 }, [2, 2]));
        Assert.Equal(new[] { 2.0, 0, 0, 16 }, m.Grad!.ToArray<double>());
    }

    [Fact]
    public void Backward_OfNonScalarWithoutGradient_ThrowsNamingTheShape()
    {
        var x = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => (x * 2).Backward());
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("gradient", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Backward_OneElementNonScalar_NeedsNoGradient()
    {
        var x = Tensor.Full([1, 1], 3, DType.Float64, requiresGrad: true);
        (x * x).Backward();
        Assert.Equal(6.0, x.Grad!.Item());
    }

    [Fact]
    public void Backward_GradientShapeOrDTypeMismatch_Throws()
    {
        var x = Leaf(1, 2, 3);
        var y = x * 2;
        var ex = Assert.Throws<ArgumentException>(() => y.Backward(Vec(1, 1)));
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("[2]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones([3], DType.Float32)));
        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Backward_OnTensorWithoutGrad_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Vec(1, 2).Sum().Backward());
        Assert.Contains("require grad", ex.Message);
    }

    [Fact]
    public void Gradients_AccumulateUntilReset()
    {
        var x = Leaf(1, 2);
        (x * x).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.Equal(new[] { 4.0, 8 }, x.Grad!.ToArray<double>());
        (x * 10).Sum().Backward();
        Assert.Equal(new[] { 14.0, 18 }, x.Grad.ToArray<double>());
        x.Grad = null;
        (x * x).Sum().Backward();
        Assert.Equal(new[] { 2.0, 4 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void FirstGradient_DoesNotAliasTheUpstreamGradient()
    {
        var x = Leaf(1, 2);
        var g = Vec(5, 6);
        x.Backward(g);
        g.Fill(0);
        Assert.Equal(new[] { 5.0, 6 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void DiamondGraph_SumsBothPaths()
    {
        // y = a*x; z = sum(y*y + y)  =>  dz/dx = (2y + 1) a,  dz/da = (2y + 1) x
        var x = Leaf(2, -3);
        var a = Leaf(3, 0.5);
        var y = a * x;            // [6, -1.5]
        var z = (y * y + y).Sum();
        z.Backward();
        Assert.Equal(new[] { 39.0, -1 }, x.Grad!.ToArray<double>());  // [13*3, -2*0.5]
        Assert.Equal(new[] { 26.0, 6 }, a.Grad!.ToArray<double>());   // [13*2, -2*-3]
    }

    [Fact]
    public void SameTensorUsedTwice_GetsBothContributions()
    {
        var x = Leaf(3, -2);
        (x * x).Sum().Backward();
        Assert.Equal(new[] { 6.0, -4 }, x.Grad!.ToArray<double>());

        var w = Leaf(1.5);
        var h = w * 2;            // intermediate used twice: (2w)^2 + 2w
        (h * h + h).Sum().Backward();
        Assert.Equal(new[] { 8 * 1.5 + 2 }, w.Grad!.ToArray<double>());
    }

    [Fact]
    public void DeepChain_IsNotRecursive()
    {
        // a long chain must not overflow the stack: x * 1 applied 20000 times
        var x = Leaf(2);
        var y = x;
        for (int i = 0; i < 20000; i++) y = y * 1.0;
        y.Sum().Backward();
        Assert.Equal(new[] { 1.0 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void Detach_CutsTheGraph()
    {
        var x = Leaf(3);
        var d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        (d * x).Sum().Backward(); // only the non-detached factor contributes: d(x0*x)/dx = x0
        Assert.Equal(new[] { 3.0 }, x.Grad!.ToArray<double>());

        var y = (x * 2).Detach();
        Assert.False(y.RequiresGrad);
        Assert.Null(y.GradFnName);
        Assert.Equal(new[] { 6.0 }, y.ToArray<double>());
    }

    // ---------------- grad mode ----------------

    [Fact]
    public void NoGrad_StopsRecording_NestsAndRestores()
    {
        var x = Leaf(1);
        Assert.True(Autograd.IsGradEnabled);
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsGradEnabled);
            var y = x * 2;
            Assert.False(y.RequiresGrad);
            Assert.True(y.IsLeaf);
            using (Autograd.NoGrad()) Assert.False(Autograd.IsGradEnabled);
            Assert.False(Autograd.IsGradEnabled); // inner scope restored "disabled"
            using (Autograd.EnableGrad())
            {
                Assert.True(Autograd.IsGradEnabled);
                Assert.Equal("MulBackward", (x * 2).GradFnName);
            }
            Assert.False(Autograd.IsGradEnabled);
        }
        Assert.True(Autograd.IsGradEnabled);
        Assert.True((x * 2).RequiresGrad);
    }

    [Fact]
    public void EnableGrad_WhenAlreadyEnabled_RestoresEnabled()
    {
        using (Autograd.EnableGrad()) Assert.True(Autograd.IsGradEnabled);
        Assert.True(Autograd.IsGradEnabled);
    }

    [Fact]
    public void DefaultScope_DisposeLeavesGradEnabled()
    {
        default(GradModeScope).Dispose();
        Assert.True(Autograd.IsGradEnabled);
        using (default(GradModeScope)) Assert.True(Autograd.IsGradEnabled);
        Assert.True(Autograd.IsGradEnabled);
    }

    [Fact]
    public void NoGrad_IsPerThread()
    {
        var x = Leaf(1, 2);
        using var entered = new ManualResetEventSlim();
        using var mainDone = new ManualResetEventSlim();
        bool workerDisabled = false, workerRecorded = true, workerRestored = false;
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                using (Autograd.NoGrad())
                {
                    entered.Set();
                    mainDone.Wait(TimeSpan.FromSeconds(30));
                    workerDisabled = !Autograd.IsGradEnabled;
                    workerRecorded = (x * 3).RequiresGrad;
                }
                workerRestored = Autograd.IsGradEnabled;
            }
            catch (Exception e)
            {
                failure = e;
                entered.Set();
            }
        });
        worker.Start();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        // the worker sits inside NoGrad now; this thread still records
        Assert.True(Autograd.IsGradEnabled);
        var y = x * x;
        Assert.Equal("MulBackward", y.GradFnName);
        mainDone.Set();
        Assert.True(worker.Join(TimeSpan.FromSeconds(30)));
        Assert.Null(failure);
        Assert.True(workerDisabled);
        Assert.False(workerRecorded);
        Assert.True(workerRestored);
        y.Sum().Backward();
        Assert.Equal(new[] { 2.0, 4 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void NoGrad_OnAnotherThread_DoesNotLeakIntoNewThreads()
    {
        bool enabledOnFreshThread = false;
        using (Autograd.NoGrad())
        {
            var t = new Thread(() => enabledOnFreshThread = Autograd.IsGradEnabled);
            t.Start();
            t.Join();
        }
        Assert.True(enabledOnFreshThread);
    }

    // ---------------- retainGraph / freed graph ----------------

    [Fact]
    public void RetainGraph_AllowsASecondBackwardThatAccumulates()
    {
        var x = Leaf(1, 3);
        var z = (x * x).Sum();
        z.Backward(null, retainGraph: true);
        Assert.Equal(new[] { 2.0, 6 }, x.Grad!.ToArray<double>());
        z.Backward();
        Assert.Equal(new[] { 4.0, 12 }, x.Grad.ToArray<double>());
        var ex = Assert.Throws<InvalidOperationException>(() => z.Backward());
        Assert.Contains("second time", ex.Message);
        Assert.Contains("retainGraph", ex.Message);
    }

    [Fact]
    public void SecondBackward_WithoutRetainGraph_Throws()
    {
        var x = Leaf(1, 3);
        var z = (x * x).Sum();
        z.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => z.Backward());
        Assert.Contains("second time", ex.Message);
        Assert.Equal(new[] { 2.0, 6 }, x.Grad!.ToArray<double>()); // unchanged by the failed call
    }

    [Fact]
    public void BackwardThroughAFreedSubgraph_Throws()
    {
        var x = Leaf(2);
        var y = x * x;
        y.Sum().Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => (y * 3).Sum().Backward());
        Assert.Contains("second time", ex.Message);
        Assert.Contains("MulBackward", ex.Message);
    }

    // ---------------- in-place changes to saved tensors ----------------

    public static TheoryData<string> Mutations => ["Fill", "AddInPlace", "MultiplyInPlace", "CopyFrom", "DetachFill", "ViewFill"];

    [Theory]
    [MemberData(nameof(Mutations))]
    public void InPlaceChangeToASavedTensor_MakesBackwardThrow(string mutation)
    {
        var x = Leaf(1, 2);
        var z = (x * x).Sum(); // MulBackward saved x
        using (Autograd.NoGrad())
        {
            switch (mutation)
            {
                case "Fill": x.Fill(5); break;
                case "AddInPlace": x.AddInPlace(Vec(1, 1)); break;
                case "MultiplyInPlace": x.MultiplyInPlace(3); break;
                case "CopyFrom": x.CopyFrom(Vec(7, 8)); break;
                case "DetachFill": break;
                default: break;
            }
        }
        if (mutation == "DetachFill") x.Detach().Fill(5);           // no NoGrad needed: the detached tensor does not require grad
        if (mutation == "ViewFill") x.Detach().Narrow(0, 1, 1).Fill(5); // a view of the same storage
        var ex = Assert.Throws<InvalidOperationException>(() => z.Backward());
        Assert.Contains("in-place", ex.Message);
        Assert.Contains("MulBackward", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void InPlaceChangeToASavedNonGradTensor_IsAlsoCaught()
    {
        var x = Leaf(1, 2);
        var c = Vec(3, 4);
        var z = (x * c).Sum(); // the gradient for x reads c
        c.Fill(0);
        Assert.Throws<InvalidOperationException>(() => z.Backward());
    }

    [Fact]
    public void InPlaceChangeToAnUnsavedInput_IsHarmless()
    {
        var x = Leaf(1, 2);
        var z = (x + 1).Sum(); // AddBackward saves nothing
        using (Autograd.NoGrad()) x.Fill(9);
        z.Backward();
        Assert.Equal(new[] { 1.0, 1 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceOpOnRequiresGrad_WithGradModeOn_Throws()
    {
        var x = Leaf(1, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => x.Fill(0));
        Assert.Contains("NoGrad", ex.Message);
        Assert.Throws<InvalidOperationException>(() => x.AddInPlace(Vec(1, 1)));
        Assert.Throws<InvalidOperationException>(() => x.MultiplyInPlace(2));
        Assert.Throws<InvalidOperationException>(() => x.CopyFrom(Vec(1, 1)));
        Assert.Throws<InvalidOperationException>(() => x.Zero());
        Assert.Equal(new[] { 1.0, 2 }, x.ToArray<double>());
    }

    // ---------------- RetainGrad ----------------

    [Fact]
    public void RetainGrad_KeepsANonLeafGradient()
    {
        var x = Leaf(1, 2);
        var y = x * 2;
        Assert.Same(y, y.RetainGrad());
        var u = x * 3; // not retained
        (y * y + u).Sum().Backward();
        Assert.Equal(new[] { 4.0, 8 }, y.Grad!.ToArray<double>());         // 2y
        Assert.Equal(new[] { 8.0 + 3, 16 + 3 }, x.Grad!.ToArray<double>()); // 2y*2 + 3
        Assert.Null(u.Grad);
    }

    [Fact]
    public void RetainGrad_OnTheRoot_GetsTheSeedGradient()
    {
        var x = Leaf(1, 2);
        var y = (x * 2).RetainGrad();
        y.Backward(Vec(5, 7));
        Assert.Equal(new[] { 5.0, 7 }, y.Grad!.ToArray<double>());
    }

    [Fact]
    public void RetainGrad_OnLeafIsANoOp_OnNonGradThrows()
    {
        var x = Leaf(1);
        Assert.Same(x, x.RetainGrad());
        Assert.Throws<InvalidOperationException>(() => Vec(1).RetainGrad());
    }

    // ---------------- Autograd.Grad ----------------

    [Fact]
    public void Grad_ReturnsLeafAndIntermediateGradientsWithoutTouchingGrad()
    {
        var x = Leaf(1, -2);
        var y = x * x;
        var z = (y * 3).Sum(); // dz/dy = 3, dz/dx = 6x
        Tensor[] g = Autograd.Grad(z, [x, y]);
        Assert.Equal(new[] { 6.0, -12 }, g[0].ToArray<double>());
        Assert.Equal(new[] { 3.0, 3 }, g[1].ToArray<double>());
        Assert.Null(x.Grad);
        Assert.Null(y.Grad);
    }

    [Fact]
    public void Grad_WithGradOutputAndRetainGraph()
    {
        var x = Leaf(1, 2);
        var y = x * x;
        var g1 = Autograd.Grad(y, [x], Vec(1, 10), retainGraph: true);
        Assert.Equal(new[] { 2.0, 40 }, g1[0].ToArray<double>());
        var g2 = Autograd.Grad(y, [x], Vec(1, 1));
        Assert.Equal(new[] { 2.0, 4 }, g2[0].ToArray<double>()); // not accumulated
        Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, [x], Vec(1, 1)));
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Grad_SharedPath_SumsContributions()
    {
        var x = Leaf(2);
        var y = x * 3;
        var z = (y * y + y).Sum(); // dz/dy = 2y + 1 = 13; dz/dx = 39
        var g = Autograd.Grad(z, [y, x]);
        Assert.Equal(13.0, g[0].Item());
        Assert.Equal(39.0, g[1].Item());
    }

    [Fact]
    public void Grad_UnusedInput_ThrowsOrGivesZeros()
    {
        var x = Leaf(1, 2);
        var w = Tensor.Ones([3], DType.Float64, requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => Autograd.Grad((x * x).Sum(), [x, w]));
        Assert.Contains("input 1", ex.Message);
        Assert.Contains("allowUnused", ex.Message);

        var g = Autograd.Grad((x * x).Sum(), [x, w], allowUnused: true);
        Assert.Equal(new[] { 2.0, 4 }, g[0].ToArray<double>());
        Assert.Equal(new Shape(3), g[1].Shape);
        Assert.Equal(DType.Float64, g[1].DType);
        Assert.Equal(new double[3], g[1].ToArray<double>());
        Assert.Null(w.Grad);
    }

    [Fact]
    public void Grad_OfNonScalarWithoutGradOutput_Throws()
    {
        var x = Leaf(1, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(x * 2, [x]));
        Assert.Contains("[2]", ex.Message);
    }

    // ---------------- names ----------------

    [Fact]
    public void GradFnNames()
    {
        var x = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        var y = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        Assert.Null(x.GradFnName);
        Assert.Equal("AddBackward", (x + y).GradFnName);
        Assert.Equal("SubBackward", (x - y).GradFnName);
        Assert.Equal("MulBackward", (x * y).GradFnName);
        Assert.Equal("DivBackward", (x / y).GradFnName);
        Assert.Equal("NegBackward", (-x).GradFnName);
        Assert.Equal("SumBackward", x.Sum().GradFnName);
        Assert.Equal("ExpBackward", x.Exp().GradFnName);
        Assert.Equal("ReshapeBackward", x.Reshape(6).GradFnName);
        Assert.Equal("NarrowBackward", x.Narrow(1, 0, 2).GradFnName);
        Assert.Equal("CloneBackward", x.Clone().GradFnName);
        Assert.Equal("ToCopyBackward", x.To(DType.Float32).GradFnName);
        Assert.Equal("ExpandBackward", Tensor.Ones([1, 3], DType.Float64, requiresGrad: true).Expand(2, 3).GradFnName);
        using (Autograd.NoGrad()) Assert.Null((x * y).GradFnName);
    }

    [Fact]
    public void ViewsOfALeaf_BackpropagateIntoTheLeaf()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, [2, 3], requiresGrad: true);
        (x.T.Narrow(0, 1, 2) * Tensor.FromArray(new[] { 1.0, 2 })).Sum().Backward();
        // x.T rows 1..2 = columns 1..2 of x; multiplied by [1, 2] along x's rows
        Assert.Equal(new[] { 0.0, 1, 1, 0, 2, 2 }, x.Grad!.ToArray<double>());
    }
}
