using DeepNotes;

namespace DeepNotes.Tests.DTypes;

/// <summary>
/// Every op that takes integer indices accepts Int64 and gives exactly the Int32 result; Int64 index values outside
/// the Int32 range throw a clear error instead of wrapping; index outputs (kept Int32) feed straight back into every
/// index-taking op.
/// </summary>
public class Int64IndexTests
{
    private static Tensor X => Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, new Shape(3, 4));

    private static Tensor L(params long[] v) => Tensor.FromArray(v);

    private static Tensor L(long[] v, params int[] shape) => Tensor.FromArray(v, new Shape(shape));

    /// <summary>Runs <paramref name="op"/> with the Int64 index and with the same index as Int32: identical results.</summary>
    private static void SameAsInt32(Tensor index64, Func<Tensor, Tensor> op)
    {
        Tensor a = op(index64), b = op(index64.To(DType.Int32));
        Assert.Equal(b.DType, a.DType);
        Assert.Equal(b.Shape, a.Shape);
        Assert.Equal(b.ToArray<double>(), a.ToArray<double>());
    }

    [Fact]
    public void GatherScatterFamily_AcceptInt64()
    {
        var idx = L(new long[] { 0, 3, 1, 1, 2, 0 }, 3, 2);
        SameAsInt32(idx, i => X.Gather(1, i));
        SameAsInt32(idx, i => X.TakeAlongDim(i, 1));
        SameAsInt32(idx, i => X.Scatter(1, i, Tensor.Ones([3, 2], DType.Float64)));
        SameAsInt32(idx, i => X.Scatter(1, i, 7.0));
        SameAsInt32(idx, i => X.ScatterAdd(1, i, Tensor.Ones([3, 2], DType.Float64)));
        foreach (ScatterReduction r in Enum.GetValues<ScatterReduction>())
            SameAsInt32(idx, i => X.ScatterReduce(1, i, Tensor.Ones([3, 2], DType.Float64) * 20, r, includeSelf: false));
    }

    [Fact]
    public void IndexFamily_AcceptInt64()
    {
        var idx = L(2, 0, -1);
        SameAsInt32(L(2, 0), i => X.IndexSelect(0, i));
        SameAsInt32(idx, i => X.IndexSelect(1, i));
        SameAsInt32(L(2, 0), i => X.IndexAdd(0, i, Tensor.Ones([2, 4], DType.Float64)));
        SameAsInt32(L(2, 0), i => X.IndexCopy(0, i, Tensor.Zeros([2, 4], DType.Float64)));
        SameAsInt32(idx, i => X.IndexFill(1, i, -1.0));
        SameAsInt32(L(11, 0, -1), i => X.Take(i));
        SameAsInt32(L(11, 0), i => X.Put(i, Tensor.FromArray(new[] { -1.0, -2 })));
        SameAsInt32(L(2, 0, -1), i => X[i]);
        SameAsInt32(L(2, 0), i => X.Narrow(1, i[0], 2));
    }

    [Fact]
    public void IndexAssignment_AcceptsInt64()
    {
        var a = X.Clone();
        a[L(0, 2)] = Tensor.Zeros([4], DType.Float64);
        var b = X.Clone();
        b[Tensor.FromArray(new[] { 0, 2 })] = Tensor.Zeros([4], DType.Float64);
        Assert.Equal(b.ToArray<double>(), a.ToArray<double>());
    }

    [Fact]
    public void ClassTargetsAndLookups_AcceptInt64()
    {
        var logits = Tensor.FromArray(new[] { 0.5, -1, 2, 0.1, 0.3, -0.2 }, new Shape(2, 3));
        SameAsInt32(L(2, 0), t => Functional.CrossEntropy(logits, t));
        SameAsInt32(L(2, 0), t => Functional.NllLoss(logits.LogSoftmax(1), t));
        SameAsInt32(L(2, 0), t => Functional.MultiMarginLoss(logits, t));
        SameAsInt32(L(new long[] { 1, 0, 1, 1 }, 2, 2), t => Functional.Embedding(t, X));
        SameAsInt32(L(new long[] { 1, 0, 2, 2 }, 2, 2), t => Functional.EmbeddingBag(t, X));
        SameAsInt32(L(0, 2), o => Functional.EmbeddingBag(L(1, 0, 2), X, o, EmbeddingBagMode.Sum));
        var layer = new DeepNotes.Layers.Embedding(5, 3);
        SameAsInt32(L(4, 0, 4), t => layer.Forward(t));
        SameAsInt32(L(3, 0, 1), t => Tensor.Searchsorted(Tensor.FromArray(new long[] { 1, 1, 3 }), t).To(DType.Float64));
        SameAsInt32(L(3, 0, 1), t => Tensor.Searchsorted(Tensor.FromArray(new[] { 1.0, 2, 3, 4 }), Tensor.FromArray(new[] { 2.5, 0 }), sorter: L(0, 1, 2, 3)).To(DType.Float64));
        SameAsInt32(L(3, 0, 1), t => Tensor.Bucketize(t, Tensor.FromArray(new long[] { 0, 2 })).To(DType.Float64));
        SameAsInt32(L(1, 1, 3), t => t.Bincount());
        SameAsInt32(L(2, 0), t => t.RepeatInterleave(L(2, 1)).To(DType.Float64));
        // with grad: the gradient of an Int64-indexed lookup equals the Int32 one
        var w1 = Tensor.Randn([5, 3], DType.Float64, new Generator(3), requiresGrad: true);
        Functional.Embedding(L(1, 1, 4), w1).Sum().Backward();
        var w2 = w1.Detach().Clone();
        w2.RequiresGrad = true;
        Functional.Embedding(Tensor.FromArray(new[] { 1, 1, 4 }), w2).Sum().Backward();
        Assert.Equal(w2.Grad!.ToArray<double>(), w1.Grad!.ToArray<double>());
    }

    [Fact]
    public void OneHot_Int64InInt64Out_AsTorch()
    {
        Tensor h = Functional.OneHot(L(2, 0), 3);
        Assert.Equal(DType.Int64, h.DType);
        Assert.Equal(new long[] { 0, 0, 1, 1, 0, 0 }, h.ToArray<long>());
        Assert.Equal(DType.Int32, Functional.OneHot(Tensor.FromArray(new[] { 2, 0 }), 3).DType);
    }

    [Fact]
    public void Metrics_AcceptInt64Targets()
    {
        var scores = Tensor.FromArray(new[] { 0.1, 0.9, 0.8, 0.2 }, new Shape(2, 2));
        Assert.Equal(DeepNotes.Metrics.Classification.Accuracy(scores, Tensor.FromArray(new[] { 1, 1 })),
            DeepNotes.Metrics.Classification.Accuracy(scores, L(1, 1)));
    }

    [Fact]
    public void ValuesOutsideInt32_ThrowClearly_NotWrap()
    {
        // 2^32 + 1 would wrap to 1, a valid index
        long huge = (1L << 32) + 1;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => X.Gather(1, L(new long[] { huge }, 1, 1)));
        Assert.Contains("Gather", e.Message);
        Assert.Contains("4294967297", e.Message);
        Assert.Contains("Int32 range", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => X.IndexSelect(0, L(huge)));
        Assert.Throws<ArgumentOutOfRangeException>(() => X.Take(L(huge)));
        Assert.Throws<ArgumentOutOfRangeException>(() => X[L(huge)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Embedding(L(huge), X));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.CrossEntropy(X, L(huge, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.OneHot(L(huge)));
        // within Int32 but out of the dimension: the usual out-of-range error
        Assert.Throws<ArgumentOutOfRangeException>(() => X.Gather(1, L(new long[] { 4 }, 1, 1)));
        // other dtypes are still refused
        Assert.Contains("Int32 or Int64", Assert.Throws<ArgumentException>(() => X.Gather(1, Tensor.Zeros([1, 1]))).Message);
    }

    [Fact]
    public void IndexOutputs_FeedBackIntoEveryIndexOp()
    {
        var x = Tensor.FromArray(new[] { 3.0, 1, 2, 9, 7, 8 }, new Shape(2, 3));
        Tensor order = x.ArgSort(1);
        Assert.Equal(DType.Int32, order.DType); // index outputs stay Int32 (documented deviation from torch's int64)
        Assert.Equal(x.Sort(1).Values.ToArray<double>(), x.Gather(1, order).ToArray<double>());
        Assert.Equal(x.Sort(1).Values.ToArray<double>(), x.TakeAlongDim(order, 1).ToArray<double>());
        Tensor top = x.TopK(1, 1).Indices;
        Assert.Equal(new[] { 3.0, 9 }, x.Gather(1, top).Reshape(-1).ToArray<double>());
        Tensor am = x.ArgMax(1);
        Assert.Equal(new[] { 3.0, 9 }, x.Gather(1, am.Unsqueeze(1)).Reshape(-1).ToArray<double>());
        Tensor nz = x.Greater(5).Nonzero();
        Assert.Equal(new[] { 9.0, 7, 8 }, x[nz.T[0]].Gather(1, nz.T[1].Unsqueeze(1)).Reshape(-1).ToArray<double>());
        // and the same outputs converted to Int64, as a PyTorch port would hold them
        Assert.Equal(x.Sort(1).Values.ToArray<double>(), x.Gather(1, order.To(DType.Int64)).ToArray<double>());
        Assert.Equal(new[] { 9.0, 8 }, x.Reshape(-1).Take(x.Reshape(-1).ArgSort(descending: true).To(DType.Int64)).Narrow(0, 0, 2).ToArray<double>());
    }
}
