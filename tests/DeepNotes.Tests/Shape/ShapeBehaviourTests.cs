using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.ShapeOps;

/// <summary>Dtypes, views, empty tensors and edge cases of the shape ops, with the expected values from PyTorch 1.13.</summary>
public class ShapeBehaviourTests
{
    private static Tensor I(int[] v, params int[] shape) => Tensor.FromArray(v, new Shape(shape.Length == 0 ? [v.Length] : shape));

    [Fact]
    public void CopyOps_RunOnInt32AndBool()
    {
        var x = I([0, 1, 2, 3, 4, 5], 2, 3);
        Assert.Equal([2, 1, 0, 5, 4, 3], x.Flip(1).ToArray<int>());
        Assert.Equal([4, 5, 0, 1, 2, 3], x.Roll(2).ToArray<int>());
        Assert.Equal([0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5], x.Repeat(1, 2).ToArray<int>());
        Assert.Equal([0, 0, 0, 3, 0, 0], x.Tril(-1).ToArray<int>());
        Assert.Equal([0, 0, 1, 2, 3, 3, 4, 5], Functional.Pad(x, [1, 0], PaddingMode.Replicate).ToArray<int>());
        Assert.Equal(DType.Int32, Functional.Pad(x, [1, 1], value: 7).DType);
        Assert.Equal([7, 0, 1, 2, 7], Functional.Pad(x, [1, 1], value: 7.9).ToArray<int>()[..5]);
        var b = Tensor.Ones([3, 3], DType.Bool);
        Assert.Equal([false, true, true, false, false, true, false, false, false], b.Triu(1).ToArray<bool>());
        Assert.Equal([true, false, false], Tensor.FromArray(new[] { false, false, true }).Flip(0).ToArray<bool>());
        Assert.Equal(4, x.Trace().Item<int>());
        Assert.Equal([0, 4], x.Diagonal().ToArray<int>());
    }

    [Fact]
    public void Roll_WrapsAndFlattens()
    {
        var x = I([0, 1, 2, 3, 4, 5], 2, 3);
        Assert.Equal([4, 5, 0, 1, 2, 3], x.Roll(2).ToArray<int>());
        Assert.Equal([2, 0, 1, 5, 3, 4], x.Roll(1, 1).ToArray<int>());
        Assert.Equal([2, 0, 1, 5, 3, 4], x.Roll(-2, -1).ToArray<int>());
        Assert.Equal([3, 4, 5, 0, 1, 2], x.Roll(7, 0).ToArray<int>());
        Assert.Equal(new Shape(2, 3), x.Roll(2).Shape);
    }

    [Fact]
    public void Views_ShareStorage()
    {
        var x = Tensor.Arange(12, DType.Float64).Reshape(3, 4);
        Tensor d = x.Diagonal(1);
        Tensor v = x.View(4, 3);
        Tensor[] parts = x.Split(2, 1);
        x.Narrow(0, 0, 1).Fill(-1);
        Assert.Equal([-1, 6, 11], d.ToArray<double>());
        Assert.Equal(-1, v[0, 0].Item());
        Assert.Equal(-1, parts[1][0, 0].Item());
        Assert.Equal(new Shape(4, 3), x.Movedim(0, 1).Shape);
        Assert.Same(x.Storage, x.Swapaxes(0, 1).Storage);
    }

    [Fact]
    public void View_SplitsAndMergesCompatibleStrides_ElseThrows()
    {
        var x = Tensor.Arange(6, DType.Float64).Reshape(2, 3);
        Tensor t = x.T; // [3, 2] strides [1, 3]
        Tensor v = t.View(3, 1, 2);
        Assert.Equal([1, 6, 3], v.Strides);
        Assert.Equal([0, 3, 1, 4, 2, 5], v.ToArray<double>());
        var e = Assert.Throws<InvalidOperationException>(() => t.View(6));
        Assert.Contains("view size", e.Message);
        Assert.Contains("Use Reshape", e.Message);
        Assert.Throws<ArgumentException>(() => x.View(4));
        Assert.Equal([0, 3, 1, 4, 2, 5], t.Reshape(6).ToArray<double>());
        Assert.Equal(new Shape(2, 3), Tensor.Zeros([6]).View(2, -1).Shape);
        Assert.Equal(new Shape(1, 1), Tensor.Scalar(3).View(1, 1).Shape);
    }

    [Fact]
    public void Cat_PromotesLikeTorch()
    {
        Tensor c = Tensor.Cat([Tensor.FromArray(new[] { true, false }), I([1, 2])]);
        Assert.Equal(DType.Int32, c.DType);
        Assert.Equal([1, 0, 1, 2], c.ToArray<int>());
        Tensor f = Tensor.Cat([I([1, 2]), Tensor.FromArray(new[] { 0.5f })]);
        Assert.Equal(DType.Float32, f.DType);
        Tensor d = Tensor.Concat([Tensor.FromArray(new[] { 0.5f }), Tensor.FromArray(new[] { 0.25 })]);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal([0.5, 0.25], d.ToArray<double>());
        // legacy: 1-D empty tensors are skipped next to tensors of another rank
        Assert.Equal(new Shape(2, 2), Tensor.Cat([Tensor.Zeros([0]), Tensor.Ones([2, 2])]).Shape);
        // gradients flow back through the promotion to the float32 input
        var a = Tensor.FromArray(new[] { 1f, 2f }, requiresGrad: true);
        Tensor.Cat([a, Tensor.FromArray(new[] { 3.0 })]).Sum().Backward();
        Assert.Equal(DType.Float32, a.Grad!.DType);
        Assert.Equal([1f, 1f], a.Grad.ToArray<float>());
    }

    [Fact]
    public void OneHot_InfersOrChecksClasses()
    {
        Tensor h = Functional.OneHot(I([0, 2, 1, 0], 2, 2));
        Assert.Equal(new Shape(2, 2, 3), h.Shape);
        Assert.Equal(DType.Int32, h.DType);
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0], h.ToArray<int>());
        Assert.Equal(new Shape(2, 5), Functional.OneHot(I([4, 1]), 5).Shape);
        Assert.Contains("smaller than numClasses", Assert.Throws<ArgumentException>(() => Functional.OneHot(I([3]), 3)).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => Functional.OneHot(I([-1]))).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Functional.OneHot(I([]))).Message);
        Assert.Throws<ArgumentException>(() => Functional.OneHot(Tensor.Zeros([2])));
        Assert.Equal(new Shape(0, 4), Functional.OneHot(I([]), 4).Shape);
    }

    [Fact]
    public void Split_Shapes_AsTorch()
    {
        var x = Tensor.Zeros([7, 2]);
        Assert.Equal([3, 3, 1], x.Split(3).Select(t => t.Shape[0]));
        Assert.Equal([3, 3, 1], x.Chunk(3).Select(t => t.Shape[0]));
        Assert.Equal([2, 2, 2, 1], x.Chunk(4).Select(t => t.Shape[0]));
        Assert.Equal([2, 2, 2], Tensor.Zeros([6]).Chunk(4).Select(t => t.Shape[0])); // fewer chunks when they run out
        Assert.Equal([2, 2, 1], Tensor.Zeros([5]).Chunk(4).Select(t => t.Shape[0]));
        Assert.Equal([2, 2, 1, 1, 1], x.TensorSplit(5).Select(t => t.Shape[0]));
        Assert.Equal([1, 4, 0, 4], x.TensorSplit([1, 5, 3]).Select(t => t.Shape[0]));
        Assert.Equal(2, x.Unbind(1).Length);
        Assert.Equal(new Shape(7), x.Unbind(-1)[1].Shape);
        // empty dimensions
        Assert.Single(Tensor.Zeros([5, 0]).Split(2, 1));
        Assert.Equal(2, Tensor.Zeros([0, 3]).Chunk(2).Length);
        Assert.Contains("sum exactly to 7", Assert.Throws<ArgumentException>(() => x.Split([3, 3])).Message);
        Assert.Throws<ArgumentException>(() => x.Chunk(0));
        Assert.Throws<ArgumentException>(() => x.TensorSplit(0));
        Assert.Throws<ArgumentException>(() => x.Split(0));
    }

    [Fact]
    public void RepeatInterleave_IndicesAndErrors()
    {
        Assert.Equal([0, 0, 2], Tensor.RepeatInterleave(I([2, 0, 1])).ToArray<int>());
        Assert.Equal([1, 1, 2, 2], I([1, 2]).RepeatInterleave(2).ToArray<int>());
        Assert.Equal([1, 1, 1, 2, 2, 2], I([1, 2]).RepeatInterleave(I([3])).ToArray<int>()); // one repeat broadcasts
        Assert.Throws<ArgumentException>(() => I([1, 2]).RepeatInterleave(I([1, 2, 3])));
        Assert.Throws<ArgumentException>(() => I([1, 2]).RepeatInterleave(-1));
    }

    [Fact]
    public void EmptyTensors_KeepTheirShapes()
    {
        Assert.Equal(new Shape(0, 3), Tensor.Zeros([0, 3]).Flip(0).Shape);
        Assert.Equal(new Shape(0, 3), Tensor.Zeros([0, 3]).Roll(1, 1).Shape);
        Assert.Equal(new Shape(4, 0), Tensor.Zeros([2, 0]).Repeat(2, 3).Shape);
        Assert.Equal(new Shape(2, 0, 3), Tensor.Zeros([2, 0, 3]).Tril().Shape);
        Assert.Equal(new Shape(0), Tensor.Zeros([0, 3]).Diagonal().Shape);
        Assert.Equal(new Shape(2, 2), Functional.Pad(Tensor.Zeros([2, 0]), [1, 1]).Shape);
        Assert.Equal(0.0, Tensor.Einsum("i,i", Tensor.Zeros([0], DType.Float64), Tensor.Zeros([0], DType.Float64)).Item());
    }

    [Fact]
    public void Meshgrid_ShapesAndViews()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2, 3 });
        var b = Tensor.FromArray(new[] { 4.0, 5 });
        Tensor[] ij = Tensor.Meshgrid([a, b]);
        Assert.Equal(new Shape(3, 2), ij[0].Shape);
        Assert.Equal([1, 1, 2, 2, 3, 3], ij[0].ToArray<double>());
        Assert.Equal([4, 5, 4, 5, 4, 5], ij[1].ToArray<double>());
        Tensor[] xy = Tensor.Meshgrid([a, b], "xy");
        Assert.Equal(new Shape(2, 3), xy[0].Shape);
        Assert.Equal([1, 2, 3, 1, 2, 3], xy[0].ToArray<double>());
        Assert.Equal(new Shape(6, 2), Tensor.CartesianProd([a, b]).Shape);
        Assert.Throws<ArgumentException>(() => Tensor.Meshgrid([a], "ji"));
        Assert.Throws<ArgumentException>(() => Tensor.Meshgrid([Tensor.Zeros([2, 2])]));
    }

    [Fact]
    public void Einsum_ImplicitOrderAndErrors()
    {
        var a = Tensor.Arange(6, DType.Float64).Reshape(2, 3);
        // implicit output: alphabetical, so "ji" transposes and "ij" does not
        Assert.Equal(new Shape(3, 2), Tensor.Einsum("ji", a).Shape);
        Assert.Equal([0, 3, 1, 4, 2, 5], Tensor.Einsum("ji", a).ToArray<double>());
        Assert.Equal(15, Tensor.Einsum("ij->", a).Item());
        // torch 1.13: ellipsis dims missing from an explicit output are summed; size-1 dims broadcast, contracted ones too
        var b = Tensor.Arange(12, DType.Float64).Reshape(2, 2, 3);
        Assert.Equal([6, 8, 10, 12, 14, 16], Tensor.Einsum("...ij->ij", b).ToArray<double>());
        Assert.Equal([3, 3, 3, 3], Tensor.Einsum("ij,jk", Tensor.Ones([2, 1], DType.Float64), Tensor.Ones([3, 2], DType.Float64)).ToArray<double>());
        Assert.Equal([1, 1, 1], Tensor.Einsum("i,i->i", Tensor.Ones([3], DType.Float64), Tensor.Ones([1], DType.Float64)).ToArray<double>());
        Assert.Contains("operand", Assert.Throws<ArgumentException>(() => Tensor.Einsum("ij,jk", a)).Message);
        Assert.Contains("shape", Assert.Throws<ArgumentException>(() => Tensor.Einsum("ijk", a)).Message);
        Assert.Throws<ArgumentException>(() => Tensor.Einsum("ij->ii", a));
        Assert.Throws<ArgumentException>(() => Tensor.Einsum("ij->k", a));
        Assert.Throws<ArgumentException>(() => Tensor.Einsum("i1", a));
        Assert.Contains("sizes don't match", Assert.Throws<ArgumentException>(() => Tensor.Einsum("ii", a)).Message);
        Assert.Throws<ArgumentException>(() => Tensor.Einsum("ij,ij", a, Tensor.Zeros([2, 4], DType.Float64)));
        Assert.Throws<ArgumentException>(() => Tensor.Einsum("ij", I([1, 2], 1, 2)));
    }

    [Fact]
    public void Pad_ErrorsAsTorch()
    {
        var x = Tensor.Zeros([1, 3, 4]);
        Assert.Contains("divisible by 2", Assert.Throws<ArgumentException>(() => Functional.Pad(x, [1, 1, 1])).Message);
        Assert.Contains("too large", Assert.Throws<ArgumentException>(() => Functional.Pad(x, [1, 1, 1, 1, 1, 1, 1, 1])).Message);
        Assert.Contains("smaller than the input dimension", Assert.Throws<ArgumentException>(() => Functional.Pad(x, [4, 0], PaddingMode.Reflect)).Message);
        Assert.Contains("wrap around", Assert.Throws<ArgumentException>(() => Functional.Pad(x, [5, 0], PaddingMode.Circular)).Message);
        Assert.Contains("output size", Assert.Throws<ArgumentException>(() => Functional.Pad(x, [-3, -3])).Message);
        Assert.Throws<ArgumentException>(() => Functional.Pad(x, [1, 1], PaddingMode.Reflect, 2));
        Assert.Equal(new Shape(1, 3, 3), Functional.Pad(x, [3, -4]).Shape);
        Assert.Equal(new Shape(1, 3, 7), Functional.Pad(x, [3, 0], PaddingMode.Reflect).Shape);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var x = Tensor.Zeros([2, 3]);
        Assert.Throws<ArgumentException>(() => x.Flip(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Flip(2));
        Assert.Throws<ArgumentException>(() => x.Roll([1, 2], [0]));
        Assert.Throws<ArgumentException>(() => x.Rot90(1, [0, 0]));
        Assert.Throws<ArgumentException>(() => x.Repeat(2));
        Assert.Throws<ArgumentException>(() => x.Repeat(2, -1));
        Assert.Throws<ArgumentException>(() => x.Diagonal(0, 1, -1));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([3]).Tril());
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 2, 2]).Diag());
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([3]).Trace());
        Assert.Throws<ArgumentException>(() => x.Outer(Tensor.Zeros([3])));
        Assert.Contains("length 3", Assert.Throws<ArgumentException>(() => x.Cross(x, 0)).Message);
        Assert.Throws<ArgumentException>(() => x.BroadcastTo(3));
        Assert.Throws<ArgumentException>(() => x.BroadcastTo(2, 4));
        Assert.Contains("multiply up", Assert.Throws<ArgumentException>(() => x.Unflatten(1, [2, 2])).Message);
        Assert.Throws<ArgumentException>(() => x.Movedim([0, 0], [0, 1]));
        Assert.Throws<ArgumentException>(() => x.Narrow(0, Tensor.Scalar(0), 1));
        Assert.Equal(new Shape(1, 3), x.Narrow(0, Tensor.Scalar(1, DType.Int32), 1).Shape);
        Assert.Equal(new Shape(3, 2, 3), x.Kron(Tensor.Zeros([3, 1, 1])).Shape);
    }

    [Fact]
    public void NaN_And_Infinity_AreMovedUnchanged()
    {
        var x = Tensor.FromArray(new[] { double.NaN, 1, double.PositiveInfinity, -0.0 });
        double[] f = x.Flip(0).ToArray<double>();
        Assert.True(double.IsNegative(f[0]) && f[0] == 0);
        Assert.Equal(double.PositiveInfinity, f[1]);
        Assert.True(double.IsNaN(f[3]));
        double[] p = Functional.Pad(x, [2, 1], PaddingMode.Reflect).ToArray<double>();
        Assert.Equal(double.PositiveInfinity, p[0]);
        Assert.True(double.IsNaN(p[2]));
        Assert.True(double.IsNaN(Functional.Pad(x, [1, 0], value: double.NaN).ToArray<double>()[0]));
        Assert.True(double.IsNaN(x.Reshape(2, 2).Tril().ToArray<double>()[0]));
        Assert.Equal(0, x.Reshape(2, 2).Triu(1).ToArray<double>()[0]); // masked entries are zero, NaN or not
    }
}
