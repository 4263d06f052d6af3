namespace DeepNotes.Tests.Core;

public class ViewAndInPlaceTests
{
    private static Tensor Range2x3() => Tensor.FromArray(new[] { 0.0, 1, 2, 3, 4, 5 }, [2, 3]);

    // ---------------- views share storage ----------------

    [Fact]
    public void FillThroughNarrowView_IsVisibleInTheBase()
    {
        var b = Tensor.Zeros([3, 4], DType.Float64);
        var v = b.Narrow(1, 1, 2);
        Assert.Same(v, v.Fill(7));
        Assert.Equal(new[] { 0.0, 7, 7, 0, 0, 7, 7, 0, 0, 7, 7, 0 }, b.ToArray<double>());
    }

    [Fact]
    public void WritingThroughViewsOfARequiresGradBase_UnderNoGrad()
    {
        var b = Tensor.Zeros([2, 3], DType.Float64, requiresGrad: true);
        using (Autograd.NoGrad())
        {
            b.Narrow(0, 1, 1).Fill(1);
            b.T.Narrow(0, 2, 1).CopyFrom(Tensor.FromArray(new[] { 8.0, 9.0 }, [1, 2])); // column 2
        }
        Assert.Equal(new[] { 0.0, 0, 8, 1, 1, 9 }, b.ToArray<double>());
    }

    [Fact]
    public void CopyFromThroughTransposedView_LandsTransposedInTheBase()
    {
        var b = Tensor.Zeros([2, 3], DType.Float64);
        b.T.CopyFrom(Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }));
        Assert.Equal(new[] { 1.0, 3, 5, 2, 4, 6 }, b.ToArray<double>());
    }

    [Fact]
    public void SteppedSliceAndSelectViews_WriteIntoTheBase()
    {
        var b = Tensor.Zeros([6], DType.Int32);
        b.Slice(0, 1, 6, 2).Fill(1);
        Assert.Equal(new[] { 0, 1, 0, 1, 0, 1 }, b.ToArray<int>());
        var m = Tensor.Zeros([2, 3], DType.Int32);
        m[1].Fill(5);
        m[0, 2].Fill(9);
        Assert.Equal(new[] { 0, 0, 9, 5, 5, 5 }, m.ToArray<int>());
    }

    [Fact]
    public void ReshapeOfContiguous_IsAView_ReshapeOfNonContiguous_IsACopy()
    {
        var b = Range2x3();
        var r = b.Reshape(3, 2);
        Assert.True(r.IsContiguous);
        r.Fill(1);
        Assert.Equal(Enumerable.Repeat(1.0, 6), b.ToArray<double>());

        var c = Range2x3();
        var t = c.T.Reshape(6);
        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5 }, t.ToArray<double>());
        Assert.True(t.IsContiguous);
        t.Fill(-1);
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4, 5 }, c.ToArray<double>()); // untouched
        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5 }, c.T.Reshape(-1).ToArray<double>());
    }

    [Fact]
    public void ExpandedView_SeesChangesToTheBase()
    {
        var b = Tensor.FromArray(new[] { 1.0, 2.0 }, [2, 1]);
        var e = b.Expand(2, 3);
        b.Fill(4);
        Assert.Equal(Enumerable.Repeat(4.0, 6), e.ToArray<double>());
    }

    [Fact]
    public void Detach_SharesStorage()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, requiresGrad: true);
        var d = x.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        d.Fill(3);
        Assert.Equal(new[] { 3.0, 3.0 }, x.ToArray<double>());
    }

    [Fact]
    public void IsContiguous_ForViews()
    {
        var b = Tensor.Zeros([2, 3]);
        Assert.True(b.IsContiguous);
        Assert.False(b.T.IsContiguous);
        Assert.False(b.Transpose(0, 1).IsContiguous);
        Assert.True(b.Narrow(0, 1, 1).IsContiguous);  // one full row
        Assert.False(b.Narrow(1, 0, 2).IsContiguous); // rows with a gap
        Assert.False(Tensor.Zeros([6]).Slice(0, 0, 6, 2).IsContiguous);
        Assert.True(Tensor.Zeros([6]).Slice(0, 2, 5).IsContiguous);
        Assert.False(Tensor.Zeros([3, 1]).Expand(3, 4).IsContiguous);
        Assert.True(Tensor.Zeros([3, 1]).Expand(3, 1).IsContiguous);
        Assert.True(b.Unsqueeze(0).IsContiguous);
        Assert.True(Tensor.Zeros([1, 3]).T.IsContiguous); // only size-1 dims are swapped
        Assert.True(Tensor.Zeros([2, 3, 4]).Permute(0, 1, 2).IsContiguous);
        Assert.False(Tensor.Zeros([2, 3, 4]).Permute(0, 2, 1).IsContiguous);
        Assert.True(b.T.T.IsContiguous);
    }

    [Fact]
    public void Contiguous_CopiesOnlyWhenNeeded()
    {
        var b = Range2x3();
        Assert.Same(b, b.Contiguous());
        var t = b.T;
        var c = t.Contiguous();
        Assert.NotSame(t, c);
        Assert.True(c.IsContiguous);
        Assert.Equal(new[] { 2, 1 }, c.Strides);
        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5 }, c.ToArray<double>());
        c.Fill(0);
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4, 5 }, b.ToArray<double>()); // a real copy
    }

    // ---------------- in-place ops ----------------

    [Fact]
    public void Fill_And_Zero()
    {
        var t = Tensor.Ones([2, 2]);
        Assert.Same(t, t.Fill(2.5));
        Assert.All(t.ToArray<float>(), v => Assert.Equal(2.5f, v));
        Assert.Same(t, t.Zero());
        Assert.All(t.ToArray<float>(), v => Assert.Equal(0f, v));
        var i = Tensor.Zeros([3], DType.Int32).Fill(-4);
        Assert.Equal(new[] { -4, -4, -4 }, i.ToArray<int>());
        var b = Tensor.Zeros([2], DType.Bool).Fill(1);
        Assert.Equal(new[] { true, true }, b.ToArray<bool>());
    }

    [Fact]
    public void CopyFrom_Broadcasts()
    {
        var t = Tensor.Zeros([2, 3], DType.Float64);
        Assert.Same(t, t.CopyFrom(Tensor.FromArray(new[] { 1.0, 2, 3 })));
        Assert.Equal(new[] { 1.0, 2, 3, 1, 2, 3 }, t.ToArray<double>());
        t.CopyFrom(Tensor.FromArray(new[] { 7.0, 8 }, [2, 1]));
        Assert.Equal(new[] { 7.0, 7, 7, 8, 8, 8 }, t.ToArray<double>());
        t.CopyFrom(Tensor.Scalar(-1, DType.Float64));
        Assert.Equal(Enumerable.Repeat(-1.0, 6), t.ToArray<double>());
        t.CopyFrom(Range2x3());
        Assert.Equal(new[] { 0.0, 1, 2, 3, 4, 5 }, t.ToArray<double>());
        // from a non-contiguous source
        var u = Tensor.Zeros([3, 2], DType.Float64).CopyFrom(Range2x3().T);
        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5 }, u.ToArray<double>());
    }

    [Fact]
    public void CopyFrom_BadShapeOrDType_Throws()
    {
        var t = Tensor.Zeros([3]);
        var ex = Assert.Throws<ArgumentException>(() => t.CopyFrom(Tensor.Zeros([2, 3])));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => t.CopyFrom(Tensor.Zeros([4])));
        Assert.Contains("[4]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => t.CopyFrom(Tensor.Zeros([3], DType.Float64)));
        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
    }

    [Fact]
    public void AddInPlace_WithAlphaAndBroadcasting()
    {
        var t = Tensor.FromArray(new[] { 1.0, 2, 3 });
        Assert.Same(t, t.AddInPlace(Tensor.FromArray(new[] { 10.0, 20, 30 }), alpha: 0.5));
        Assert.Equal(new[] { 6.0, 12, 18 }, t.ToArray<double>());
        t.AddInPlace(Tensor.FromArray(new[] { 1.0, 1, 1 }));
        Assert.Equal(new[] { 7.0, 13, 19 }, t.ToArray<double>());
        t.AddInPlace(Tensor.FromArray(new[] { 1.0, 1, 1 }), alpha: -2);
        Assert.Equal(new[] { 5.0, 11, 17 }, t.ToArray<double>());

        var m = Range2x3();
        m.AddInPlace(Tensor.FromArray(new[] { 100.0, 200, 300 }));
        Assert.Equal(new[] { 100.0, 201, 302, 103, 204, 305 }, m.ToArray<double>());
        m.AddInPlace(Tensor.Scalar(1, DType.Float64), alpha: 3);
        Assert.Equal(new[] { 103.0, 204, 305, 106, 207, 308 }, m.ToArray<double>());
    }

    [Fact]
    public void AddInPlace_OnATransposedView_UpdatesTheBase()
    {
        var b = Range2x3();
        b.T.AddInPlace(Tensor.FromArray(new[] { 10.0, 20 })); // adds 10 to row 0, 20 to row 1 of the base
        Assert.Equal(new[] { 10.0, 11, 12, 23, 24, 25 }, b.ToArray<double>());
    }

    [Fact]
    public void AddInPlace_ThatWouldGrowTheTensor_Throws()
    {
        var t = Tensor.Zeros([3]);
        var ex = Assert.Throws<ArgumentException>(() => t.AddInPlace(Tensor.Zeros([2, 3])));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Equal(new float[3], t.ToArray<float>());
    }

    [Fact]
    public void AddInPlace_DTypeMismatch_NamesTheOpAndBothDTypes()
    {
        var t = Tensor.Zeros([2]);
        var ex = Assert.Throws<ArgumentException>(() => t.AddInPlace(Tensor.Ones([2], DType.Float64)));
        Assert.StartsWith("AddInPlace", ex.Message);
        Assert.Contains("Float32", ex.Message);
        Assert.Contains("Float64", ex.Message);
        Assert.Equal(0, t.Storage.Version);
    }

    [Fact]
    public void MultiplyInPlace_ScalesEveryElement()
    {
        var t = Tensor.FromArray(new[] { 1f, -2f, 3f });
        Assert.Same(t, t.MultiplyInPlace(2.5));
        Assert.Equal(new[] { 2.5f, -5f, 7.5f }, t.ToArray<float>());
        var b = Range2x3();
        b.Narrow(1, 1, 1).MultiplyInPlace(-1);
        Assert.Equal(new[] { 0.0, -1, 2, 3, -4, 5 }, b.ToArray<double>());
    }

    [Fact]
    public void InPlaceOps_BumpTheStorageVersion()
    {
        var t = Tensor.Zeros([2], DType.Float64);
        int v0 = t.Storage.Version;
        t.Fill(1);
        t.Zero();
        t.CopyFrom(Tensor.Ones([2], DType.Float64));
        t.AddInPlace(Tensor.Ones([2], DType.Float64));
        t.MultiplyInPlace(2);
        Assert.Equal(v0 + 5, t.Storage.Version);
        t.Narrow(0, 0, 1).Fill(3); // through a view: same storage
        Assert.Equal(v0 + 6, t.Storage.Version);
    }

    public static TheoryData<string> InPlaceOps => ["Fill", "Zero", "CopyFrom", "AddInPlace", "MultiplyInPlace"];

    private static void RunInPlace(string op, Tensor t)
    {
        switch (op)
        {
            case "Fill": t.Fill(1); break;
            case "Zero": t.Zero(); break;
            case "CopyFrom": t.CopyFrom(Tensor.Ones(t.Shape, t.DType)); break;
            case "AddInPlace": t.AddInPlace(Tensor.Ones(t.Shape, t.DType)); break;
            default: t.MultiplyInPlace(2); break;
        }
    }

    [Theory]
    [MemberData(nameof(InPlaceOps))]
    public void InPlaceOnRequiresGrad_WithGradModeOn_Throws(string op)
    {
        var leaf = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => RunInPlace(op, leaf));
        Assert.Contains(op == "Zero" ? "Fill" : op, ex.Message);
        Assert.Contains("NoGrad", ex.Message);
        Assert.Equal(new[] { 1.0, 1.0 }, leaf.ToArray<double>());

        var nonLeaf = leaf * 2;
        Assert.Throws<InvalidOperationException>(() => RunInPlace(op, nonLeaf));

        using (Autograd.NoGrad()) RunInPlace(op, leaf); // allowed, as optimizers do
    }
}
