using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Reductions;

/// <summary>Empty and 0-dim tensors, stability of long sorts (the radix path), the rescaled 2-norm, and error messages.</summary>
public class ReductionsEdgeCaseTests
{
    // ---------- sorting: stability and NaN order on long rows ----------

    [Theory]
    [InlineData(DType.Float32, false)]
    [InlineData(DType.Float64, false)]
    [InlineData(DType.Int32, false)]
    [InlineData(DType.Float32, true)]
    [InlineData(DType.Float64, true)]
    [InlineData(DType.Int32, true)]
    public void Sort_LongRowsWithManyTies_IsStableAndMatchesAStableReference(DType dtype, bool descending)
    {
        var g = new Generator(5);
        int n = 5000;
        var raw = new double[2 * n];
        for (int i = 0; i < raw.Length; i++)
        {
            int r = g.NextInt32(0, 60);
            raw[i] = dtype == DType.Int32 ? r - 30 : r switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => double.NegativeInfinity,
                3 => -0.0,
                4 => 0.0,
                _ => (r - 30) * 0.37 + (r % 7 == 0 ? 1e-300 : 0),
            };
        }
        Tensor x = Tensor.FromArray(raw, new Shape(2, n)).To(dtype);
        var (values, indices) = x.Sort(1, descending);
        for (int row = 0; row < 2; row++)
        {
            var v = raw.Skip(row * n).Take(n).Select(e => dtype == DType.Float32 ? (double)(float)e : e).ToArray();
            // NaN is the largest (above +inf); −0 equals +0; equal keys keep input order (LINQ's OrderBy is stable)
            bool IsNan(int i) => double.IsNaN(v[i]);
            double Key(int i) => double.IsNaN(v[i]) ? 0 : v[i] == 0 ? 0 : v[i];
            var order = Enumerable.Range(0, n);
            int[] expected = (descending ? order.OrderByDescending(IsNan).ThenByDescending(Key) : order.OrderBy(IsNan).ThenBy(Key)).ToArray();
            int[] actual = indices[row].ToArray<int>();
            Assert.Equal(expected, actual);
            double[] sorted = D(values[row]);
            for (int i = 0; i < n; i++)
                Assert.True(sorted[i].Equals(v[expected[i]]) || sorted[i] == v[expected[i]], $"position {i}");
        }
    }

    [Fact]
    public void ArgSort_TopK_KthValue_AgreeWithSortOnLongRows()
    {
        Tensor x = Tensor.Randn([3, 700], DType.Float64, new Generator(3));
        var (sv, si) = x.Sort(-1, descending: true);
        Assert.Equal(si.ToArray<int>(), x.ArgSort(-1, descending: true).ToArray<int>());
        var (tv, ti) = x.TopK(10);
        AssertClose(D(sv.Narrow(1, 0, 10)), tv, 1e-12, 1e-12);
        Assert.Equal(si.Narrow(1, 0, 10).ToArray<int>(), ti.ToArray<int>());
        var (kv, ki) = x.KthValue(700);
        AssertClose(D(sv.Select(1, 0)), kv, 1e-12, 1e-12);
        Assert.Equal(si.Select(1, 0).ToArray<int>(), ki.ToArray<int>());
        var (mv, _) = x.Median(1);
        AssertClose(D(x.Sort(1).Values.Select(1, 349)), mv, 1e-12, 1e-12);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int32)]
    public void Selection_WithManyTiesAndNan_GivesTheStableSortAnswer(DType dtype)
    {
        // values 0..9 (and NaN for floats) over rows of 400: TopK(7) takes the quickselect path (7 * 8 <= 400)
        var g = new Generator(11);
        var raw = new double[3 * 400];
        for (int i = 0; i < raw.Length; i++) raw[i] = g.NextInt32(0, 11) is int r && r == 10 && dtype != DType.Int32 ? double.NaN : g.NextInt32(0, 10);
        Tensor x = Tensor.FromArray(raw, new Shape(3, 400)).To(dtype);
        foreach (bool largest in new[] { true, false })
        {
            var (sv, si) = x.Sort(1, descending: largest);
            var (tv, ti) = x.TopK(7, 1, largest);
            Assert.Equal(si.Narrow(1, 0, 7).ToArray<int>(), ti.ToArray<int>());
            AssertClose(D(sv.Narrow(1, 0, 7)), tv, 1e-12, 1e-12);
        }
        foreach (bool largest in new[] { true, false })
        {
            // k = 40: the quickselect path (40 > 32, 8 * 40 <= 400)
            var (sv, si) = x.Sort(1, descending: largest);
            var (tv, ti) = x.TopK(40, 1, largest);
            Assert.Equal(si.Narrow(1, 0, 40).ToArray<int>(), ti.ToArray<int>());
            AssertClose(D(sv.Narrow(1, 0, 40)), tv, 1e-12, 1e-12);
        }
        var (asc, ascIdx) = x.Sort(1);
        foreach (int k in new[] { 1, 57, 200, 400 })
        {
            var (kv, ki) = x.KthValue(k, 1);
            Assert.Equal(ascIdx.Select(1, k - 1).ToArray<int>(), ki.ToArray<int>());
            AssertClose(D(asc.Select(1, k - 1)), kv, 1e-12, 1e-12);
        }
        // median: the lower middle of the stable sort, or the first NaN when the row has one
        var (mv, mi) = x.Median(1);
        for (int row = 0; row < 3; row++)
        {
            int nan = D(x[row]).Count(double.IsNaN);
            int p = nan > 0 ? 400 - nan : 199;
            Assert.Equal(ascIdx[row, p].Item<int>(), mi[row].Item<int>());
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void RowKernels_MatchNaiveLoops(DType dtype)
    {
        // 6 rows (the 4-row interleaved scans and the remainder) of 37 (vector body and scalar tail)
        var g = new Generator(21);
        int rows = 6, n = 37;
        var raw = new double[rows * n];
        for (int i = 0; i < raw.Length; i++) raw[i] = 0.5 + g.NextDouble();
        raw[2 * n + 5] = double.NaN;
        raw[3 * n + 36] = double.NaN;
        raw[4 * n + 3] = -0.0;
        for (int i = 0; i < n; i++) raw[5 * n + i] = i % 2 == 0 ? -0.0 : 0.0;
        Tensor x = Tensor.FromArray(raw, new Shape(rows, n)).To(dtype);
        var v = D(x);
        var cumsum = D(x.Cumsum(1));
        var cumprod = D(x.Cumprod(1));
        var (maxV, maxI) = x.MaxWithIndices(1);
        var (minV, minI) = x.MinWithIndices(1);
        var amax = D(x.Amax(1));
        var (cmaxV, cmaxI) = x.Round2().Cummax(1);
        var (cminV, cminI) = x.Round2().Cummin(1);
        var rounded = D(x.Round2());
        for (int r = 0; r < rows; r++)
        {
            // naive running extremes on values rounded to a coarse grid (many ties): later ties and NaN take over
            double bMax = rounded[r * n], bMin = rounded[r * n];
            int aMax = 0, aMin = 0;
            for (int i = 0; i < n; i++)
            {
                double e = rounded[r * n + i];
                if (e >= bMax || double.IsNaN(e)) { bMax = e; aMax = i; }
                if (e <= bMin || double.IsNaN(e)) { bMin = e; aMin = i; }
                Assert.Equal(aMax, cmaxI[r, i].Item<int>());
                Assert.Equal(aMin, cminI[r, i].Item<int>());
                Assert.Equal(bMax, cmaxV[r, i].Item());
                Assert.Equal(bMin, cminV[r, i].Item());
            }
        }
        double tol = dtype == DType.Float32 ? 1e-5 : 1e-12;
        for (int r = 0; r < rows; r++)
        {
            double s = 0, p = 1;
            for (int i = 0; i < n; i++)
            {
                s += v[r * n + i];
                p *= v[r * n + i];
                Assert.True(double.IsNaN(s) ? double.IsNaN(cumsum[r * n + i]) : Math.Abs(cumsum[r * n + i] - s) <= tol * Math.Abs(s) + tol);
                Assert.True(double.IsNaN(p) ? double.IsNaN(cumprod[r * n + i]) : Math.Abs(cumprod[r * n + i] - p) <= tol * Math.Abs(p) + tol);
            }
            var row = v.Skip(r * n).Take(n).ToArray();
            int firstNan = Array.FindIndex(row, double.IsNaN);
            double mx = firstNan >= 0 ? double.NaN : row.Max(), mn = firstNan >= 0 ? double.NaN : row.Min();
            Assert.Equal(firstNan >= 0 ? firstNan : Array.IndexOf(row, mx), maxI[r].Item<int>());
            Assert.Equal(firstNan >= 0 ? firstNan : Array.IndexOf(row, mn), minI[r].Item<int>());
            Assert.Equal(mx, maxV[r].Item());
            Assert.Equal(mn, minV[r].Item());
            Assert.Equal(mx, amax[r]);
        }
        // −0 equals +0: the first of them is returned (here −0), as PyTorch's max/amax
        Assert.True(double.IsNegative(maxV[5].Item()));
        Assert.True(double.IsNegative(minV[5].Item()));
        Assert.True(double.IsNegative(amax[5]));
    }

    [Fact]
    public void Unique_LongInt32_AgreesWithAReferenceOnBothPaths()
    {
        var g = new Generator(8);
        var raw = Enumerable.Range(0, 5000).Select(_ => g.NextInt32(-70000, 70000) / (g.NextDouble() < 0.5 ? 1 : 1000)).ToArray();
        Tensor x = Tensor.FromArray(raw);
        var groups = raw.GroupBy(v => v).OrderBy(gr => gr.Key).ToArray();
        var plain = x.Unique(returnCounts: true);                        // values sorted directly
        var full = x.Unique(returnInverse: true, returnCounts: true);    // stable argsort path
        foreach (var r in new[] { plain, full })
        {
            Assert.Equal(groups.Select(gr => gr.Key).ToArray(), r.Values.ToArray<int>());
            Assert.Equal(groups.Select(gr => gr.Count()).ToArray(), r.Counts!.ToArray<int>());
        }
        int[] values = full.Values.ToArray<int>(), inverse = full.Inverse!.ToArray<int>();
        for (int i = 0; i < raw.Length; i++) Assert.Equal(raw[i], values[inverse[i]]);
    }

    // ---------- empty and 0-dim ----------

    [Fact]
    public void EmptyTensors_BehaveAsPyTorch()
    {
        var e = Tensor.Zeros([0], DType.Float64);
        var (v, i) = e.Sort();
        Assert.Equal([0], v.Shape.ToArray());
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal([0], i.Shape.ToArray());
        var e2 = Tensor.Zeros([2, 0], DType.Float64);
        Assert.Equal([2, 0], e2.Sort(1).Values.Shape.ToArray());
        Assert.Equal([0, 2], Tensor.Zeros([0, 2]).Sort(0).Indices.Shape.ToArray());
        Assert.Equal([2, 0], e2.Cumsum(1).Shape.ToArray());
        Assert.Equal([2, 0], e2.Cumprod(1).Shape.ToArray());
        Assert.Equal([2, 0], e2.Logcumsumexp(1).Shape.ToArray());
        AssertClose([1, 1], e2.Prod(1), 1e-12, 1e-12, shape: [2]);
        Assert.Equal(1, e.Prod().Item());
        AssertClose([0, 0], e2.Norm(2, 1), 1e-12, 1e-12, shape: [2]);
        Assert.Equal(0, e.Nansum().Item());
        Assert.True(double.IsNaN(e.Nanmean().Item()));
        Assert.Equal(0, e.CountNonzero().Item());
        Assert.True(e.All().Item<bool>());
        Assert.False(e.Any().Item<bool>());
        Assert.Equal([2, 0], e2.TopK(0, 1).Values.Shape.ToArray());
        Assert.Equal([2, 0], Tensor.Ones([2, 5]).TopK(0, 1).Indices.Shape.ToArray());
        Assert.Equal([0], e.Unique(returnInverse: true, returnCounts: true).Values.Shape.ToArray());
        Assert.Equal([0], e.UniqueConsecutive().Values.Shape.ToArray());
        AssertClose([0, 0, 0], e.Histc(3, 0, 1), 1e-12, 1e-12);
        Assert.True(double.IsNaN(e.Median().Item()));
        Assert.Equal([2, 0], e2.Cummax(1).Indices.Shape.ToArray());
        Assert.Throws<ArgumentException>(() => e2.Median(1));
        Assert.Throws<ArgumentException>(() => e2.Amax(1));
        Assert.Throws<ArgumentException>(() => e2.Quantile(0.5, 1));
        Assert.Throws<ArgumentException>(() => e2.Mode(1));
    }

    [Fact]
    public void ZeroDimTensors_AreTheirOwnSortMedianAndScan()
    {
        var s = Tensor.Scalar(2.5, DType.Float64, requiresGrad: true);
        var (v, i) = s.Sort();
        Assert.Equal(0, v.Rank);
        Assert.Equal(2.5, v.Item());
        Assert.Equal(0, i.Item());
        Assert.Equal(2.5, s.Cumsum(0).Item());
        Assert.Equal(2.5, s.Cumprod(-1).Item());
        Assert.Equal(2.5, s.Logcumsumexp(0).Item(), 12);
        Assert.Equal(2.5, s.Median(0).Values.Item());
        Assert.Equal(2.5, s.KthValue(1).Values.Item());
        Assert.Equal(2.5, s.Cummax(0).Values.Item());
        Assert.Equal(2.5, s.Quantile(0.3).Item());
        Assert.Equal(2.5, s.Prod().Item());
        Assert.Equal(2.5, s.Norm().Item());
        s.Cummax(0).Values.Backward();
        Assert.Equal(1, s.Grad!.Item());
    }

    // ---------- Norm: rescaled 2-norm where PyTorch 1.13 overflows/underflows ----------

    [Theory]
    [InlineData(1e200)]
    [InlineData(1e-200)]
    public void Norm2_IsStableForHugeAndTinyValues(double scale)
    {
        var x = Tensor.FromArray(new[] { 1.0 * scale, -2.0 * scale, 2.0 * scale }, requiresGrad: true);
        Tensor n = x.Norm();
        Assert.Equal(3 * scale, n.Item(), 3 * scale * 1e-14);
        n.Backward();
        AssertClose([1.0 / 3, -2.0 / 3, 2.0 / 3], x.Grad!, 1e-15, 1e-12);
        var f = Tensor.FromArray(new[] { 3e30f, 4e30f });
        Assert.Equal(5e30, f.Norm().Item(), 5e30 * 1e-6);
        var tiny = Tensor.FromArray(new[] { 3e-30f, 4e-30f });
        Assert.Equal(5e-30, tiny.Norm().Item(), 5e-30 * 1e-6);
    }

    [Fact]
    public void Float32_AgreesWithFloat64()
    {
        Tensor x64 = Input([4, 6], 17, requiresGrad: false);
        Tensor x32 = x64.To(DType.Float32);
        AssertFloat32Agrees(x64.Prod(1), x32.Prod(1));
        AssertFloat32Agrees(x64.Cumsum(0), x32.Cumsum(0));
        AssertFloat32Agrees(x64.Cumprod(1), x32.Cumprod(1));
        AssertFloat32Agrees(x64.Logcumsumexp(1), x32.Logcumsumexp(1));
        AssertFloat32Agrees(x64.Norm(3, 0), x32.Norm(3, 0));
        AssertFloat32Agrees(x64.Sort(0).Values, x32.Sort(0).Values);
        AssertFloat32Agrees(x64.Quantile(0.3, 1), x32.Quantile(0.3, 1));
    }

    // ---------- errors ----------

    [Fact]
    public void BadArguments_ThrowNamingTheOpAndTheValue()
    {
        var x = Tensor.Ones([2, 3]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.TopK(4, 1));
        Assert.Contains("TopK: k must be in [0, 3]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.KthValue(0));
        Assert.Contains("KthValue: k must be in [1, 3]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Quantile(1.5));
        Assert.Contains("Quantile: q values must be in the range [0, 1], got 1.5", e.Message);
        var a = Assert.Throws<ArgumentException>(() => x.To(DType.Int32).Quantile(0.5));
        Assert.Contains("Quantile expects a floating-point tensor", a.Message);
        a = Assert.Throws<ArgumentException>(() => x.Quantile(Tensor.Ones([2, 2])));
        Assert.Contains("q must be a scalar or 1-D tensor", a.Message);
        a = Assert.Throws<ArgumentException>(() => x.To(DType.Int32).Norm());
        Assert.Contains("Norm expects a floating-point tensor", a.Message);
        a = Assert.Throws<ArgumentException>(() => x.To(DType.Int32).Logcumsumexp(0));
        Assert.Contains("Logcumsumexp", a.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Sort(2));
        Assert.Contains("Sort", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Cumsum(-3));
        Assert.Contains("Cumsum", e.Message);
        a = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1, -1 }).Bincount());
        Assert.Contains("Bincount: the input must be non-negative, found -1", a.Message);
        a = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1, 2 }).Bincount(Tensor.Ones([3])));
        Assert.Contains("weights must have the input's shape [2], got [3]", a.Message);
        a = Assert.Throws<ArgumentException>(() => x.Bincount());
        Assert.Contains("Bincount expects an Int32 tensor", a.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Histc(0));
        Assert.Contains("Histc: bins must be > 0", e.Message);
        a = Assert.Throws<ArgumentException>(() => x.Histc(3, 2, 1));
        Assert.Contains("Histc: max must be larger than min", a.Message);
        a = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { true }).Sort());
        Assert.Contains("Sort expects a numeric tensor", a.Message);
        a = Assert.Throws<ArgumentException>(() => x.Norm(double.NaN));
        Assert.Contains("Norm: p must be", a.Message);
    }

    // ---------- logic and counts over Int32/Bool ----------

    [Fact]
    public void AllAnyCountNonzero_WorkOnEveryDType()
    {
        var i = Tensor.FromArray(new[,] { { 1, 0, 3 }, { 2, 5, 7 } });
        Assert.Equal([false, true], i.All(1).ToArray<bool>());
        Assert.Equal([true, true, true], i.Any(0).ToArray<bool>());
        Assert.Equal([2, 3], i.CountNonzero(1).ToArray<int>());
        Assert.Equal(DType.Int32, i.CountNonzero().DType);
        var b = Tensor.FromArray(new[] { true, false, true });
        Assert.False(b.All().Item<bool>());
        Assert.True(b.Any().Item<bool>());
        Assert.Equal(2, b.CountNonzero().Item<int>());
        var f = Tensor.FromArray(new[,] { { 0.0, double.NaN }, { 1, 0 } });
        Assert.Equal([1, 1], f.CountNonzero(0).ToArray<int>());
        Assert.Equal([false, false], f.All(1, keepDim: true).ToArray<bool>());
        Assert.Equal([2, 1], f.All(1, keepDim: true).Shape.ToArray());
        Assert.Equal(6, Tensor.FromArray(new[] { 1, 2, 3 }).Nansum().Item<int>());
        Assert.Equal([1, 1, 2, 2, 3], Tensor.FromArray(new[] { true, false, true, false, true }).Cumsum(0).ToArray<int>());
    }
}

internal static class RoundingExtensions
{
    /// <summary>Values rounded to 0.25 (through a Float64 round trip), keeping NaN: many ties.</summary>
    public static Tensor Round2(this Tensor x) =>
        Tensor.FromArray(x.ToArray<double>().Select(v => double.IsNaN(v) ? v : Math.Round(v * 4) / 4).ToArray(), x.Shape).To(x.DType);
}
