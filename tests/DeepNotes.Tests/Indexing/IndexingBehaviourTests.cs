using DeepNotes;
using static DeepNotes.Tests.Indexing.IndexingTestHelpers;

namespace DeepNotes.Tests.Indexing;

/// <summary>Errors, in-place rules, determinism, dtypes and edge cases (empty, 0-dim) of the indexing ops.</summary>
public class IndexingBehaviourTests
{
    private static Tensor X34() => Tensor.Arange(12, DType.Float64).Reshape(3, 4);

    // ---------- out-of-range indices: named, and nothing changes ----------

    [Fact]
    public void OutOfRangeIndex_ThrowsNamingIndexDimAndSize()
    {
        var x = X34();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, I([0, 4, 1, 2], 2, 2)));
        Assert.Contains("index 4", e.Message);
        Assert.Contains("position [0, 1]", e.Message);
        Assert.Contains("dimension 1 of size 4", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(0, I([-1], 1, 1)));   // negative: as torch, not allowed
        Assert.Contains("index -1", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexAdd(0, I([1, 3], 2), Tensor.Ones([2, 4], DType.Float64)));
        Assert.Contains("dimension 0 of size 3", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Take(I([12], 1)));
        Assert.Contains("index 12", e.Message);
        Assert.Contains("12 elements", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x[I([0, -4], 2)]);
        Assert.Contains("index -4", e.Message);
        Assert.Contains("dimension 0 of size 3", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Searchsorted(C([1.0, 2], 2), C([1.5], 1), sorter: I([0, 2], 2)));
        Assert.Contains("index 2", e.Message);
    }

    [Fact]
    public void InPlaceOps_WithABadIndexLate_ChangeNothing()
    {
        var x = X34();
        double[] before = x.ToArray<double>();
        // the first index entries are valid: a write-as-you-go implementation would have changed x already
        Assert.Throws<ArgumentOutOfRangeException>(() => x.ScatterInPlace(0, I([0, 1, 2, 3], 1, 4), 99.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.ScatterAddInPlace(0, I([0, 1, 2, 5], 1, 4), Tensor.Ones([1, 4], DType.Float64)));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexFillInPlace(1, I([0, 1, 9], 3), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.PutInPlace(I([0, 1, 40], 3), C([7.0, 7, 7], 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => x[I([0, 1, 3], 3)] = Tensor.Scalar(5, DType.Float64));
        Assert.Throws<ArgumentException>(() => x.MaskedScatterInPlace(B([1, 1, 1, 1], 4), C([1.0, 2, 3], 3)));
        Assert.Equal(before, x.ToArray<double>());
    }

    // ---------- shape and dtype errors ----------

    [Fact]
    public void BadShapesAndDtypes_ThrowArgumentExceptionNamingBoth()
    {
        var x = X34();
        var e = Assert.Throws<ArgumentException>(() => x.Gather(0, I([0, 1], 2)));
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Gather(0, I(new int[10], 2, 5)));
        Assert.Contains("dimension 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Scatter(0, I(new int[8], 2, 4), Tensor.Ones([1, 4], DType.Float64)));
        Assert.Contains("larger than the source", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Gather(0, Tensor.Zeros([1, 4], DType.Float32)));
        Assert.Contains("Int32", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Scatter(0, I(new int[4], 1, 4), Tensor.Ones([1, 4], DType.Float32)));
        Assert.Contains("dtype", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.IndexAdd(0, I([1], 1), Tensor.Ones([1, 3], DType.Float64)));
        Assert.Contains("[1, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.IndexCopy(0, I([1], 1, 1), Tensor.Ones([1, 4], DType.Float64)));
        Assert.Contains("1-D", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.MaskedFill(I([1, 0, 1, 0], 4), 1));
        Assert.Contains("Bool", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.MaskedFill(B([1, 0, 1, 0], 4), C([1.0], 1)));
        Assert.Contains("0-dim", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.MaskedScatter(B([1, 1, 0, 0], 4), C([1.0, 2, 3, 4, 5], 5)));
        Assert.Contains("6 true", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.Put(I([0, 1], 2), C([1.0], 1)));
        Assert.Contains("same number of elements", e.Message);
        e = Assert.Throws<ArgumentException>(() => x[B([1, 0], 2)]);
        Assert.Contains("[2]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => x[Tensor.Zeros([2], DType.Float64)]);
        Assert.Contains("Bool mask or an Int32 index", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.TakeAlongDim(I([0, 1], 1, 2), 0));
        Assert.Contains("TakeAlongDim", e.Message);
        var oor = Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(2, I(new int[4], 1, 4)));
        Assert.Contains("Gather", oor.Message);
    }

    [Fact]
    public void SearchsortedBucketize_BadArguments_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Searchsorted(C([1.0, 2], 2), C([1.0], 1), right: true, side: SearchSide.Left));
        Assert.Contains("opposites", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Searchsorted(C([1.0, 2, 3, 4], 2, 2), C([1.5, 3], 1, 2)));
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("[1, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Bucketize(C([1.0], 1), C([1.0, 2], 1, 2)));
        Assert.Contains("1-D", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Searchsorted(C([1.0, 2], 2), C([1.0], 1), sorter: I([0, 1, 2], 3)));
        Assert.Contains("sorter", e.Message);
        // scalar value and mixed dtypes (promoted, as torch)
        var r = Tensor.Searchsorted(C([1.0, 2], 2), 1.5);
        Assert.Equal(0, r.Rank);
        Assert.Equal(1, r.Item<int>());
        Assert.Equal([0], Tensor.Searchsorted(I([1, 2], 2), C([1.0], 1)).ToArray<int>());
    }

    // ---------- in-place rules ----------

    [Fact]
    public void InPlace_OnTensorRequiringGrad_Throws_ButWorksUnderNoGrad()
    {
        var w = Tensor.Zeros([3], DType.Float64, requiresGrad: true);
        var e = Assert.Throws<InvalidOperationException>(() => w.ScatterInPlace(0, I([1], 1), 2.0));
        Assert.Contains("ScatterInPlace", e.Message);
        Assert.Throws<InvalidOperationException>(() => w[B([1, 0, 0], 3)] = Tensor.Scalar(1, DType.Float64));
        Assert.Equal([0.0, 0, 0], w.ToArray<double>());
        using (Autograd.NoGrad())
        {
            w.IndexFillInPlace(0, I([2], 1), 4);
            w[B([1, 0, 0], 3)] = Tensor.Scalar(1, DType.Float64);
        }
        Assert.Equal([1.0, 0, 4], w.ToArray<double>());
    }

    [Fact]
    public void InPlace_WithSourceRequiringGrad_Throws()
    {
        var x = Tensor.Zeros([3], DType.Float64);
        var s = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        var e = Assert.Throws<InvalidOperationException>(() => x.IndexCopyInPlace(0, I([0, 2], 2), s));
        Assert.Contains("source requires grad", e.Message);
        Assert.Throws<InvalidOperationException>(() => x[I([0, 2], 2)] = s);
        Assert.Equal([0.0, 0, 0], x.ToArray<double>());
    }

    [Fact]
    public void InPlace_BumpsVersion_SoASavedTensorIsCaughtAtBackward()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3 }, requiresGrad: true);
        var b = Tensor.FromArray(new[] { 4.0, 5, 6 });
        var y = (a * b).Sum();          // saves b
        b.MaskedFillInPlace(B([0, 1, 0], 3), 0);
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("modified by an in-place operation", e.Message);

        var c = Tensor.FromArray(new[] { 4.0, 5, 6 });
        y = (a * c).Sum();
        c[I([1], 1)] = Tensor.Scalar(9, DType.Float64);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void InPlace_OnAView_WritesThroughToTheBase()
    {
        var x = X34();
        var col = x.Select(1, 2);                    // [3], stride 4
        col.IndexAddInPlace(0, I([0, 2, 0], 3), C([1.0, 10, 100], 3));
        Assert.Equal([0.0, 1, 103, 3, 4, 5, 6, 7, 8, 9, 20, 11], x.ToArray<double>());
        var t = x.T;                                 // transposed view
        t.ScatterReduceInPlace(1, I([0, 0], 1, 2), C([50.0, -50], 1, 2), ScatterReduction.Amax);
        Assert.Equal(50, x[0, 0].Item());
        x.Narrow(0, 1, 2)[B([0, 1], 2)] = C([-1.0, -2, -3, -4], 4);
        Assert.Equal([-1.0, -2, -3, -4], x[2].ToArray<double>());
        var expanded = Tensor.Zeros([1], DType.Float64).Expand(3);
        Assert.Throws<InvalidOperationException>(() => expanded.ScatterInPlace(0, I([0], 1), 1.0));
    }

    [Fact]
    public void InPlace_CannotGrowTheShape()
    {
        var x = Tensor.Zeros([3], DType.Float64);
        var e = Assert.Throws<ArgumentException>(() => x.MaskedFillInPlace(B([1, 0, 1, 0, 0, 1], 2, 3), 1));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Equal([0.0, 0, 0], x.ToArray<double>());
        x.MaskedFillInPlace(B([1, 0, 1], 3), 1);
        Assert.Equal([1.0, 0, 1], x.ToArray<double>());
        x.PutInPlace(I([0, 0], 2), C([2.0, 3], 2), accumulate: true);
        Assert.Equal([6.0, 0, 1], x.ToArray<double>());
        x.MaskedScatterInPlace(B([0, 1, 1], 3), C([7.0, 8, 9], 3));
        Assert.Equal([6.0, 7, 8], x.ToArray<double>());
        x.MaskedFillInPlace(B([1, 0, 0], 3), Tensor.Scalar(-1, DType.Float64));
        x.ScatterAddInPlace(0, I([2], 1), C([1.0], 1));
        x.IndexCopyInPlace(0, I([1], 1), C([0.5], 1));
        Assert.Equal([-1.0, 0.5, 9], x.ToArray<double>());
    }

    [Fact]
    public void IndexerSet_BadValue_ThrowsNamingShapes()
    {
        var x = Tensor.Zeros([4, 2], DType.Float64);
        var e = Assert.Throws<ArgumentException>(() => x[B([1, 0, 1, 0], 4)] = C([1.0, 2, 3], 3));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => x[I([1], 1)] = Tensor.Ones([2], DType.Float32));
        // broadcasting a row over every selected row, and repeated rows: the last write wins
        x[I([3, 1, 3], 3)] = C([1.0, 2, 3, 4, 5, 6], 3, 2);
        Assert.Equal([0.0, 0, 3, 4, 0, 0, 5, 6], x.ToArray<double>());
    }

    // ---------- determinism, repeats ----------

    [Fact]
    public void ScatterAdd_Float32WithManyRepeats_SumsInRowMajorOrder_IndependentOfThreads()
    {
        var g = new Generator(7);
        int n = 20000;
        var values = Tensor.Randn([n], DType.Float32, g);
        var index = Tensor.RandInt(0, 5, [n], g);
        float[] expected = new float[5];
        float[] v = values.ToArray<float>();
        int[] idx = index.ToArray<int>();
        for (int i = 0; i < n; i++) expected[idx[i]] += v[i];
        int threads = Parallelism.ThreadCount;
        try
        {
            foreach (int t in new[] { 1, 2 })
            {
                Parallelism.ThreadCount = t;
                var r = Tensor.Zeros([5]).ScatterAdd(0, index, values);
                Assert.Equal(expected, r.ToArray<float>());             // bitwise: same order of additions
                Assert.Equal(expected, Tensor.Zeros([5]).IndexAdd(0, index, values).ToArray<float>());
                Assert.Equal(expected, Tensor.Zeros([5]).Put(index, values, accumulate: true).ToArray<float>());
            }
        }
        finally { Parallelism.ThreadCount = threads; }
    }

    [Fact]
    public void LargeGatherAndSearchsorted_SameResultOnOneAndTwoThreads_AndMatchALoop()
    {
        var g = new Generator(9);
        var x = Tensor.Randn([300, 400], DType.Float32, g).T;          // transposed source: [400, 300]
        var index = Tensor.RandInt(0, 300, [400, 300], g);
        var boundaries = Tensor.Arange(-3, 3, 0.01);
        var values = Tensor.Randn([20000], DType.Float32, g);
        float[] xs = x.ToArray<float>();
        int[] idx = index.ToArray<int>();
        var expected = new float[idx.Length];
        for (int i = 0; i < 400; i++)
            for (int j = 0; j < 300; j++) expected[i * 300 + j] = xs[i * 300 + idx[i * 300 + j]];
        float[] b = boundaries.ToArray<float>(), v = values.ToArray<float>();
        int[] expectedBuckets = v.Select(val => b.Count(e => e < val)).ToArray();   // left insertion point of a sorted sequence
        int threads = Parallelism.ThreadCount;
        try
        {
            foreach (int t in new[] { 1, 2 })
            {
                Parallelism.ThreadCount = t;
                Assert.Equal(expected, x.Gather(1, index).ToArray<float>());
                Assert.Equal(expectedBuckets, Tensor.Searchsorted(boundaries, values).ToArray<int>());
            }
        }
        finally { Parallelism.ThreadCount = threads; }
    }

    [Fact]
    public void Nonzero3D_AndTakeWithAStridedIndex_MatchLoops()
    {
        var g = new Generator(11);
        var x = Tensor.RandInt(-1, 2, [3, 4, 5], g).Transpose(0, 2);    // [5, 4, 3], strided, about 1/3 zeros
        int[] v = x.ToArray<int>();
        var expected = new List<int>();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 3; k++)
                    if (v[(i * 4 + j) * 3 + k] != 0) expected.AddRange([i, j, k]);
        var nz = x.Nonzero();
        Assert.Equal(new Shape(expected.Count / 3, 3), nz.Shape);
        Assert.Equal(expected.ToArray(), nz.ToArray<int>());
        Assert.Equal(expected.Count / 3, x.To(DType.Float32).Nonzero().Size(0));
        Assert.Equal(expected.Count / 3, x.ElementNotEquals(Tensor.Scalar(0, DType.Int32)).Nonzero().Size(0));

        var index = Tensor.RandInt(0, 60, [4, 6], g).T;                   // non-negative, non-contiguous
        int[] id = index.ToArray<int>();
        Assert.Equal(id.Select(p => v[p]).ToArray(), x.Take(index).ToArray<int>());
        Assert.Equal(new Shape(6, 4), x.Take(index).Shape);
    }

    [Fact]
    public void RepeatedWriteTargets_LastWriteWins()
    {
        var x = Tensor.Zeros([3], DType.Float64);
        Assert.Equal([3.0, 0, 0], x.Scatter(0, I([0, 0, 0], 3), C([1.0, 2, 3], 3)).ToArray<double>());
        Assert.Equal([2.0, 0, 0], x.IndexCopy(0, I([0, 0], 2), C([1.0, 2], 2)).ToArray<double>());
        Assert.Equal([0.0, 0, 5], x.Put(I([2, -1], 2), C([4.0, 5], 2)).ToArray<double>());
    }

    // ---------- dtypes ----------

    [Fact]
    public void IntAndBoolTensors_WhereTorchAllowsThem()
    {
        var xi = Tensor.Arange(6, DType.Int32).Reshape(2, 3);   // [[0, 1, 2], [3, 4, 5]]
        Assert.Equal([2, 1, 0], xi.Gather(1, I([2, 1, 0], 1, 3)).ToArray<int>());
        Assert.Equal([10, 1, 2, 3, 4, 5], xi.Scatter(0, I([0], 1, 1), I([10], 1, 1)).ToArray<int>());
        Assert.Equal([0, 8, 2, 3, 4, 5], xi.ScatterAdd(1, I([1, 1], 1, 2), I([3, 4], 1, 2)).ToArray<int>());
        Assert.Equal([0, -6, 2, 3, 4, 5], xi.IndexAdd(1, I([1, 1], 2), I([3, 4, 0, 0], 2, 2), alpha: -1).ToArray<int>());
        Assert.Equal([9, 1, 9, 9, 4, 9], xi.MaskedFill(B([1, 0, 1], 3), 9.7).ToArray<int>());   // truncated, as torch
        Assert.Equal([4, 5], xi[B([0, 1], 2)].Take(I([1, -1], 2)).ToArray<int>());
        Assert.Equal([0, 1, 0, 2, 1, 0, 1, 1, 1, 2], xi.Nonzero().ToArray<int>());
        var xb = Tensor.FromArray(new[] { true, false, true, false });
        Assert.Equal([false, true, true, false], xb.Scatter(0, I([0, 1], 2), Tensor.FromArray(new[] { false, true })).ToArray<bool>());
        Assert.Equal([true, true], xb.MaskedSelect(xb).ToArray<bool>());
        Assert.Equal([0, 2], xb.Nonzero().ToArray<int>());
        Assert.Throws<ArgumentException>(() => xb.ScatterAdd(0, I([0], 1), xb.Narrow(0, 0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => xi.ScatterReduce(0, I([0], 1, 1), I([1], 1, 1), (ScatterReduction)9));
    }

    [Fact]
    public void Float32_AgreesWithFloat64()
    {
        var x64 = Tensor.Randn([4, 5], DType.Float64, new Generator(3));
        var s64 = Tensor.Randn([4, 5], DType.Float64, new Generator(4));
        var index = Tensor.RandInt(0, 4, [4, 5], new Generator(5));
        foreach (var r in Enum.GetValues<ScatterReduction>())
            Ops.OpTestHelpers.AssertFloat32Agrees(x64.ScatterReduce(0, index, s64, r),
                x64.To(DType.Float32).ScatterReduce(0, index, s64.To(DType.Float32), r));
        Ops.OpTestHelpers.AssertFloat32Agrees(x64.Gather(1, index), x64.To(DType.Float32).Gather(1, index));
        Ops.OpTestHelpers.AssertFloat32Agrees(x64.MaskedSelect(x64.Greater(0)), x64.To(DType.Float32).MaskedSelect(x64.Greater(0)));
        // float32 gradients flow too
        var x32 = x64.To(DType.Float32).Detach();
        x32.RequiresGrad = true;
        x32.Gather(1, index).Sum().Backward();
        Assert.Equal(DType.Float32, x32.Grad!.DType);
        Assert.Equal(20f, x32.Grad.Sum().Item<float>());
    }

    // ---------- empty and 0-dim ----------

    [Fact]
    public void EmptyAndZeroDim_AsTorch()
    {
        var x = X34();
        Assert.Equal(new Shape(0, 4), x.Gather(0, I([], 0, 4)).Shape);
        Assert.Equal(x.ToArray<double>(), x.Scatter(0, I([], 0, 4), 1.0).ToArray<double>());
        Assert.Equal(new Shape(0, 2), Tensor.Zeros([2, 3], DType.Float64).Nonzero().Shape);
        Assert.Equal(new Shape(0), x.MaskedSelect(Tensor.Zeros([3, 4], DType.Bool)).Shape);
        Assert.Equal(new Shape(0, 4), x[Tensor.Zeros([3], DType.Bool)].Shape);
        Assert.Equal(new Shape(0, 4), x[I([], 0)].Shape);
        Assert.Equal(new Shape(0), Tensor.Searchsorted(C([1.0], 1), C([], 0)).Shape);
        Assert.Equal(new Shape(2), Tensor.Searchsorted(C([], 0), C([1.0, 2], 2)).Shape);

        var s = Tensor.Scalar(5, DType.Float64, requiresGrad: true);
        var gathered = s.Gather(0, Tensor.Scalar(0, DType.Int32));
        Assert.Equal(0, gathered.Rank);
        gathered.Backward();
        Assert.Equal(1, s.Grad!.Item());
        Assert.Equal(7, Tensor.Scalar(5, DType.Float64).Scatter(0, Tensor.Scalar(0, DType.Int32), 7).Item());
        Assert.Equal(new Shape(1, 0), Tensor.Scalar(3, DType.Float64).Nonzero().Shape);
        Assert.Equal(new Shape(0, 0), Tensor.Scalar(0, DType.Float64).Argwhere().Shape);
        var tuple = Tensor.Scalar(3, DType.Float64).NonzeroAsTuple();
        Assert.Single(tuple);
        Assert.Equal([0], tuple[0].ToArray<int>());
        Assert.Equal(new Shape(1, 3, 4), x[Tensor.Scalar(1, DType.Bool)].Shape);
        Assert.Equal(new Shape(0, 3, 4), x[Tensor.Scalar(0, DType.Bool)].Shape);
        Assert.Equal(new Shape(4), x[Tensor.Scalar(-1, DType.Int32)].Shape);
    }

    [Fact]
    public void WhereWithOneArgument_IsNonzeroAsTuple()
    {
        var c = B([0, 1, 1, 0, 0, 1], 2, 3);
        var w = Tensor.Where(c);
        Assert.Equal(2, w.Length);
        Assert.Equal([0, 0, 1], w[0].ToArray<int>());
        Assert.Equal([1, 2, 2], w[1].ToArray<int>());
        var nz = c.Nonzero();
        Assert.Equal(nz.Select(1, 0).ToArray<int>(), w[0].ToArray<int>());
        Assert.Equal(nz.Select(1, 1).ToArray<int>(), w[1].ToArray<int>());
    }

    [Fact]
    public void ExpandToTheSameShape_LeavesTheInputALeaf()
    {
        var x = Tensor.Ones([2, 2], DType.Float64, requiresGrad: true);
        var y = x.Expand(2, 2);
        Assert.True(x.IsLeaf);
        Assert.False(y.IsLeaf);
        y.Sum().Backward();
        Assert.Equal([1.0, 1, 1, 1], x.Grad!.ToArray<double>());
    }
}
