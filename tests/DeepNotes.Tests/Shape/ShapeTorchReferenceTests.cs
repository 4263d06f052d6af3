using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.ShapeOps;

/// <summary>A torch reference case: output shape, output values, and dL/d(operand) for L = sum(y · w).</summary>
internal sealed record ShapeCase(int[] Shape, double[] Values, double[][] Grads);

/// <summary>
/// Forward values and gradients of the shape ops against PyTorch 1.13 (values from reference/shape_reference.py),
/// with the operands in row-major, transposed and strided-slice layouts holding the same values.
/// </summary>
public class ShapeTorchReferenceTests
{
    private static Tensor Pieces(Tensor[] parts) =>
        Tensor.Concat(parts.Select((t, p) => t.Reshape(-1) * (p + 1.0)).ToArray());

    private static readonly Dictionary<string, Func<Tensor[], Tensor>> Ops = new()
    {
        ["flip_0_2"] = x => x[0].Flip(0, 2),
        ["flip_last"] = x => x[0].Flip(-1),
        ["flip_all"] = x => x[0].Flip(0, 1, 2),
        ["fliplr"] = x => x[0].Fliplr(),
        ["flipud"] = x => x[0].Flipud(),
        ["roll_1_d1"] = x => x[0].Roll(1, 1),
        ["roll_flat_neg5"] = x => x[0].Roll(-5),
        ["roll_multi"] = x => x[0].Roll([1, -2], [0, 2]),
        ["roll_same_dim"] = x => x[0].Roll([1, 2], [1, 1]),
        ["roll_big"] = x => x[0].Roll(13, -1),
        ["rot90_k1"] = x => x[0].Rot90(),
        ["rot90_k2"] = x => x[0].Rot90(2),
        ["rot90_k3"] = x => x[0].Rot90(3),
        ["rot90_km1_dims12"] = x => x[0].Rot90(-1, [1, 2]),
        ["rot90_dims10"] = x => x[0].Rot90(1, [1, 0]),
        ["repeat_2_1_3"] = x => x[0].Repeat(2, 1, 3),
        ["repeat_3_2"] = x => x[0].Repeat(3, 2),
        ["tile_2"] = x => x[0].Tile(2),
        ["repeat_interleave_2_dim1"] = x => x[0].RepeatInterleave(2, 1),
        ["repeat_interleave_flat"] = x => x[0].RepeatInterleave(3),
        ["repeat_interleave_tensor"] = x => x[0].RepeatInterleave(Tensor.FromArray(new[] { 1, 0, 2 }), 0),
        ["split_2"] = x => Pieces(x[0].Split(2)),
        ["split_sizes"] = x => Pieces(x[0].Split([1, 3, 2], 1)),
        ["chunk_3"] = x => Pieces(x[0].Chunk(3)),
        ["chunk_4_of_6"] = x => Pieces(x[0].Chunk(4, -1)),
        ["tensor_split_3"] = x => Pieces(x[0].TensorSplit(3, 1)),
        ["tensor_split_idx"] = x => Pieces(x[0].TensorSplit([1, -2, 9])),
        ["unbind_1"] = x => Pieces(x[0].Unbind(1)),
        ["unflatten"] = x => x[0].Unflatten(1, [2, -1]),
        ["movedim"] = x => x[0].Movedim([0, 1], [2, 0]),
        ["movedim_single"] = x => x[0].Movedim(-1, 0),
        ["swapaxes"] = x => x[0].Swapaxes(0, 2),
        ["diagonal"] = x => x[0].Diagonal(),
        ["diagonal_off1"] = x => x[0].Diagonal(1),
        ["diagonal_off_big"] = x => x[0].Diagonal(5),
        ["diagonal_neg_d12"] = x => x[0].Diagonal(-1, 1, 2),
        ["diagonal_d20"] = x => x[0].Diagonal(1, 2, 0),
        ["diag_1d_off1"] = x => x[0].Diag(1),
        ["diag_1d_offm2"] = x => x[0].Diag(-2),
        ["diag_2d_offm1"] = x => x[0].Diag(-1),
        ["diag_embed"] = x => x[0].DiagEmbed(),
        ["diag_embed_off1_d02"] = x => x[0].DiagEmbed(1, 0, 2),
        ["diag_embed_offm1_d20"] = x => x[0].DiagEmbed(-1, 2, 0),
        ["tril"] = x => x[0].Tril(),
        ["tril_batched_m1"] = x => x[0].Tril(-1),
        ["tril_2"] = x => x[0].Tril(2),
        ["triu_1"] = x => x[0].Triu(1),
        ["triu_batched_m1"] = x => x[0].Triu(-1),
        ["triu_far"] = x => x[0].Triu(9),
        ["trace"] = x => x[0].Trace(),
        ["outer"] = x => x[0].Outer(x[1]),
        ["kron"] = x => x[0].Kron(x[1]),
        ["kron_ranks"] = x => x[0].Kron(x[1]),
        ["cross_last"] = x => x[0].Cross(x[1]),
        ["cross_dim0"] = x => x[0].Cross(x[1], 0),
        ["cross_broadcast"] = x => x[0].Cross(x[1]),
        ["broadcast_to"] = x => x[0].BroadcastTo(2, 3, 4),
        ["meshgrid_ij"] = x => Pieces(Tensor.Meshgrid(x, "ij")),
        ["meshgrid_xy"] = x => Pieces(Tensor.Meshgrid(x, "xy")),
        ["cartesian_prod"] = x => Tensor.CartesianProd(x),
        ["einsum_matmul"] = x => Tensor.Einsum("ij,jk->ik", x),
        ["einsum_bmm"] = x => Tensor.Einsum("bij,bjk->bik", x),
        ["einsum_diag"] = x => Tensor.Einsum("ii->i", x),
        ["einsum_trace_implicit"] = x => Tensor.Einsum("ii", x),
        ["einsum_sum_all"] = x => Tensor.Einsum("ij->", x),
        ["einsum_transpose_implicit"] = x => Tensor.Einsum("ba", x),
        ["einsum_outer"] = x => Tensor.Einsum("i,j->ij", x),
        ["einsum_dot"] = x => Tensor.Einsum("i,i->", x),
        ["einsum_ellipsis"] = x => Tensor.Einsum("...ij,jk", x),
        ["einsum_ellipsis_broadcast"] = x => Tensor.Einsum("...i,...i->...", x),
        ["einsum_attention"] = x => Tensor.Einsum("bhqd,bhkd->bhqk", x),
        ["einsum_three"] = x => Tensor.Einsum("ij,jk,kl->il", x),
        ["einsum_chain_batch"] = x => Tensor.Einsum("bij,jk,ik->bk", x),
        ["einsum_repeat_mixed"] = x => Tensor.Einsum("iij,ji->j", x),
        ["einsum_upper"] = x => Tensor.Einsum("Ab,bA", x),
        ["einsum_keep_summed"] = x => Tensor.Einsum("ij,ik->k", x),
        ["pad_constant"] = x => Functional.Pad(x[0], [1, 2], value: 1.5),
        ["pad_constant_2d"] = x => Functional.Pad(x[0], [1, 0, 2, 1]),
        ["pad_constant_negative"] = x => Functional.Pad(x[0], [-1, 2, 1, -1]),
        ["pad_constant_3dims"] = x => Functional.Pad(x[0], [0, 1, 1, 0, 1, 1]),
        ["pad_reflect_1d"] = x => Functional.Pad(x[0], [2, 3], PaddingMode.Reflect),
        ["pad_reflect_2d"] = x => Functional.Pad(x[0], [1, 2, 3, 1], PaddingMode.Reflect),
        ["pad_reflect_negative"] = x => Functional.Pad(x[0], [-2, 3], PaddingMode.Reflect),
        ["pad_reflect_3d"] = x => Functional.Pad(x[0], [1, 2, 2, 1, 1, 2], PaddingMode.Reflect),
        ["pad_replicate_2d"] = x => Functional.Pad(x[0], [2, 1, 0, 3], PaddingMode.Replicate),
        ["pad_replicate_negative"] = x => Functional.Pad(x[0], [-2, 3], PaddingMode.Replicate),
        ["pad_replicate_3d"] = x => Functional.Pad(x[0], [1, 1, 1, 1, 1, 1], PaddingMode.Replicate),
        ["pad_circular_2d"] = x => Functional.Pad(x[0], [1, 2, 3, 0], PaddingMode.Circular),
        ["pad_circular_negative"] = x => Functional.Pad(x[0], [2, -1], PaddingMode.Circular),
        ["pad_circular_full"] = x => Functional.Pad(x[0], [3, 3], PaddingMode.Circular),
        ["hstack_1d"] = x => Tensor.Hstack(x),
        ["hstack_2d"] = x => Tensor.Hstack(x),
        ["vstack"] = x => Tensor.Vstack(x),
        ["dstack"] = x => Tensor.Dstack(x),
        ["column_stack"] = x => Tensor.ColumnStack(x),
        ["cat_dim1"] = x => Tensor.Cat(x, 1),
    };

    public static TheoryData<string, Layout> CaseNames()
    {
        var data = new TheoryData<string, Layout>();
        foreach (var name in ShapeTorchReference.Cases.Keys)
            foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(name, layout);
        return data;
    }

    /// <summary>
    /// Operand k of <paramref name="shape"/> with v[i] = 3 sin(1.3 i + 0.2 + 0.7 k), laid out as asked (transposed
    /// only for rank ≥ 2; otherwise row-major), as a Float64 leaf that requires grad.
    /// </summary>
    internal static Tensor Operand(int[] shape, int k, Layout layout, DType dtype = DType.Float64)
    {
        int n = new Shape(shape).ElementCount;
        var v = Enumerable.Range(0, n).Select(i => 3 * Math.Sin(1.3 * i + 0.2 + 0.7 * k)).ToArray();
        Tensor values = Tensor.FromArray(v, new Shape(shape)).To(dtype);
        Tensor t;
        if (layout == Layout.Transposed && shape.Length >= 2)
            t = values.Transpose(-1, -2).Contiguous().Transpose(-1, -2).Detach();
        else if (layout == Layout.Sliced && shape.Length >= 1)
        {
            var wide = (int[])shape.Clone();
            wide[^1] = 2 * shape[^1] + 1;
            Tensor slice = Tensor.Full(new Shape(wide), 99, dtype).Slice(-1, 1, wide[^1], 2);
            slice.CopyFrom(values);
            t = slice.Detach();
        }
        else t = values;
        t.RequiresGrad = true;
        return t;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesTorch(string name, Layout layout)
    {
        ShapeCase expected = ShapeTorchReference.Cases[name];
        int[][] shapes = ShapeTorchReference.Shapes[name];
        var xs = shapes.Select((s, k) => Operand(s, k, layout)).ToArray();
        Tensor y = Ops[name](xs);
        AssertClose(expected.Values, y, 1e-12, 1e-12, shape: expected.Shape);
        var w = Tensor.FromArray(Enumerable.Range(0, y.ElementCount).Select(j => Math.Cos(0.7 * j)).ToArray(), y.Shape);
        (y * w).Sum().Backward();
        for (int k = 0; k < xs.Length; k++)
        {
            Assert.NotNull(xs[k].Grad);
            AssertClose(expected.Grads[k], xs[k].Grad!, 1e-12, 1e-12, shape: shapes[k]);
        }
    }

    [Fact]
    public void EveryTorchCaseHasAnOp() => Assert.Equal(ShapeTorchReference.Cases.Keys.Order(), Ops.Keys.Order());

    [Theory]
    [InlineData("flip_0_2")]
    [InlineData("roll_multi")]
    [InlineData("repeat_2_1_3")]
    [InlineData("tril_batched_m1")]
    [InlineData("diag_embed_off1_d02")]
    [InlineData("pad_reflect_2d")]
    [InlineData("pad_circular_2d")]
    [InlineData("pad_replicate_3d")]
    [InlineData("pad_constant_negative")]
    [InlineData("einsum_chain_batch")]
    [InlineData("kron")]
    [InlineData("cross_broadcast")]
    public void Float32MatchesFloat64(string name)
    {
        int[][] shapes = ShapeTorchReference.Shapes[name];
        Tensor y64 = Ops[name](shapes.Select((s, k) => Operand(s, k, Layout.Sliced)).ToArray());
        Tensor y32 = Ops[name](shapes.Select((s, k) => Operand(s, k, Layout.Sliced, DType.Float32)).ToArray());
        AssertFloat32Agrees(y64, y32);
    }
}
