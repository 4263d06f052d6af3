using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Distributions;

/// <summary>Linspace, Logspace, the *Like creators and the triangle indices, against torch 1.13.</summary>
public class CreationTests
{
    [Fact]
    public void Linspace_MatchesTorch_IncludingBothEnds()
    {
        AssertClose(Ref.Linspace_m1_2_7, Tensor.Linspace(-1, 2, 7, DType.Float64), 0, 0, shape: [7]);
        AssertClose(Ref.Linspace_3_m4_6, Tensor.Linspace(3, -4, 6, DType.Float64), 0, 0, shape: [6]);
        var f = Tensor.Linspace(0, 1, 5);
        Assert.Equal(DType.Float32, f.DType);
        AssertClose(Ref.Linspace_0_1_5_f32, f, 0, 0, shape: [5]);
    }

    [Fact]
    public void Linspace_EdgeCounts_AndInt32()
    {
        Assert.Equal(new Shape(0), Tensor.Linspace(0, 1, 0).Shape);
        Assert.Equal([4.0], Tensor.Linspace(4, 9, 1, DType.Float64).ToArray<double>());
        Assert.Equal([0, 2, 5, 7, 10], Tensor.Linspace(0, 10, 5, DType.Int32).ToArray<int>()); // 2.5 and 7.5 truncate
        Assert.True(Tensor.Linspace(0, 1, 3, requiresGrad: true).RequiresGrad);
    }

    [Fact]
    public void Logspace_MatchesTorch()
    {
        AssertClose(Ref.Logspace_m2_2_5, Tensor.Logspace(-2, 2, 5, dtype: DType.Float64), 1e-15, 1e-15, shape: [5]);
        AssertClose(Ref.Logspace_0_3_4_b2, Tensor.Logspace(0, 3, 4, logBase: 2, dtype: DType.Float64), 0, 1e-15, shape: [4]);
    }

    [Fact]
    public void Linspace_BadArguments_Throw()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Linspace(0, 1, -1));
        Assert.Contains("Linspace", e.Message);
        Assert.Contains("-1", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Logspace(0, double.NaN, 3));
        Assert.Throws<ArgumentException>(() => Tensor.Linspace(0, 1, 3, DType.Bool));
    }

    [Theory]
    [InlineData(4, 3, -1, true)]
    [InlineData(3, 4, 1, true)]
    [InlineData(3, 5, 1, false)]
    [InlineData(4, 3, -2, false)]
    public void TriangleIndices_MatchTorch(int row, int col, int offset, bool lower)
    {
        var t = lower ? Tensor.TrilIndices(row, col, offset) : Tensor.TriuIndices(row, col, offset);
        double[] expected = (lower, row, col) switch
        {
            (true, 4, 3) => Ref.TrilIndices_4_3_m1,
            (true, _, _) => Ref.TrilIndices_3_4_1,
            (false, 3, 5) => Ref.TriuIndices_3_5_1,
            _ => Ref.TriuIndices_4_3_m2,
        };
        Assert.Equal(DType.Int32, t.DType);
        AssertClose(expected, t, 0, 0, shape: [2, expected.Length / 2]);
    }

    [Fact]
    public void TriangleIndices_EmptyAndErrors()
    {
        Assert.Equal(new Shape(2, 0), Tensor.TrilIndices(0, 5).Shape);
        Assert.Equal(new Shape(2, 0), Tensor.TriuIndices(3, 3, 5).Shape);
        Assert.Equal(new Shape(2, 6), Tensor.TrilIndices(3, 3).Shape);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.TriuIndices(-1, 3));
        Assert.Contains("TriuIndices", e.Message);
    }

    [Fact]
    public void LikeCreators_FollowShapeAndDType()
    {
        var x = Tensor.Zeros([2, 3], DType.Float64).Transpose(0, 1);
        var full = Tensor.FullLike(x, 2.5);
        Assert.Equal(new Shape(3, 2), full.Shape);
        Assert.Equal(DType.Float64, full.DType);
        Assert.All(full.ToArray<double>(), v => Assert.Equal(2.5, v));
        Assert.Equal(DType.Int32, Tensor.FullLike(x, 7, DType.Int32).DType);
        var empty = Tensor.EmptyLike(x, requiresGrad: true);
        Assert.Equal(new Shape(3, 2), empty.Shape);
        Assert.True(empty.RequiresGrad);

        var r1 = Tensor.RandLike(x, generator: new Generator(5));
        Assert.Equal(Tensor.Rand([3, 2], DType.Float64, new Generator(5)).ToArray<double>(), r1.ToArray<double>());
        var n1 = Tensor.RandnLike(x, DType.Float32, new Generator(6));
        Assert.Equal(DType.Float32, n1.DType);
        Assert.Equal(Tensor.Randn([3, 2], DType.Float32, new Generator(6)).ToArray<float>(), n1.ToArray<float>());
        var i1 = Tensor.RandIntLike(x, 3, 9, generator: new Generator(7));
        Assert.Equal(DType.Float64, i1.DType);
        Assert.All(i1.ToArray<double>(), v => Assert.True(v >= 3 && v < 9 && v == Math.Floor(v)));
        Assert.Equal(Tensor.RandInt(3, 9, [3, 2], new Generator(7)).ToArray<double>(), i1.ToArray<double>());
        Assert.Equal(DType.Int32, Tensor.RandIntLike(x, 4, DType.Int32, new Generator(8)).DType);
        Assert.Throws<ArgumentException>(() => Tensor.RandLike(Tensor.Zeros([2], DType.Int32)));
        Assert.Throws<ArgumentException>(() => Tensor.RandIntLike(x, 5, 5));
    }
}
