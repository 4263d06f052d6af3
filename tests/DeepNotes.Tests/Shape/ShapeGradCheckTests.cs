using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.ShapeOps;

/// <summary>Float64 GradCheck of every differentiable shape op over row-major, transposed and strided-slice inputs.</summary>
public class ShapeGradCheckTests
{
    private static Tensor Pieces(Tensor[] parts) =>
        Tensor.Concat(parts.Select((t, p) => t.Reshape(-1) * (p + 1.0)).ToArray());

    /// <summary>Ops of one [3, 4, 5] input.</summary>
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Unary = new()
    {
        ["Flip(0,2)"] = x => x.Flip(0, 2),
        ["Flip(-1)"] = x => x.Flip(-1),
        ["Fliplr"] = x => x.Fliplr(),
        ["Flipud"] = x => x.Flipud(),
        ["Roll(2,1)"] = x => x.Roll(2, 1),
        ["Roll(-7)"] = x => x.Roll(-7),
        ["Roll([1,-2],[0,2])"] = x => x.Roll([1, -2], [0, 2]),
        ["Rot90(1,[1,2])"] = x => x.Rot90(1, [1, 2]),
        ["Rot90(2)"] = x => x.Rot90(2),
        ["Rot90(3,[2,0])"] = x => x.Rot90(3, [2, 0]),
        ["Repeat(2,1,1,2)"] = x => x.Repeat(2, 1, 1, 2),
        ["Repeat(1,3,1)"] = x => x.Repeat(1, 3, 1),
        ["Tile(2)"] = x => x.Tile(2),
        ["RepeatInterleave(2,1)"] = x => x.RepeatInterleave(2, 1),
        ["RepeatInterleave(2)"] = x => x.RepeatInterleave(2),
        ["RepeatInterleave([2,0,1,3],1)"] = x => x.RepeatInterleave(Tensor.FromArray(new[] { 2, 0, 1, 3 }), 1),
        ["Split(2,1)"] = x => Pieces(x.Split(2, 1)),
        ["Split([2,3],-1)"] = x => Pieces(x.Split([2, 3], -1)),
        ["Chunk(2)"] = x => Pieces(x.Chunk(2)),
        ["TensorSplit(3,2)"] = x => Pieces(x.TensorSplit(3, 2)),
        ["TensorSplit([1,3],1)"] = x => Pieces(x.TensorSplit([1, 3], 1)),
        ["Unbind(1)"] = x => Pieces(x.Unbind(1)),
        ["Unflatten(2,[5,1])"] = x => x.Unflatten(2, [5, 1]),
        ["Movedim([0,2],[1,0])"] = x => x.Movedim([0, 2], [1, 0]),
        ["Swapaxes(0,2)"] = x => x.Swapaxes(0, 2),
        ["Diagonal()"] = x => x.Diagonal(),
        ["Diagonal(1,1,2)"] = x => x.Diagonal(1, 1, 2),
        ["Diagonal(-1,2,0)"] = x => x.Diagonal(-1, 2, 0),
        ["Diag(1) of 2-D"] = x => x[1].Diag(1),
        ["Diag(-1) of 1-D"] = x => x[0, 1].Diag(-1),
        ["DiagEmbed()"] = x => x.DiagEmbed(),
        ["DiagEmbed(1,0,2)"] = x => x.DiagEmbed(1, 0, 2),
        ["Tril()"] = x => x.Tril(),
        ["Tril(-1)"] = x => x.Tril(-1),
        ["Triu(1)"] = x => x.Triu(1),
        ["Triu(-2)"] = x => x.Triu(-2),
        ["Trace"] = x => x[2].Trace(),
        ["BroadcastTo"] = x => x.Narrow(1, 0, 1).BroadcastTo(2, 3, 4, 5),
        ["View(12,5)"] = x => x.Contiguous().View(12, 5),
        ["View(3,2,2,-1)"] = x => x.Contiguous().View(3, 2, 2, -1),
        ["View split last"] = x => x.Narrow(2, 0, 4).View(3, 4, 2, 2),
        ["Narrow(tensor start)"] = x => x.Narrow(1, Tensor.Scalar(1, DType.Int32), 2),
        ["Pad constant"] = x => Functional.Pad(x, [1, 2, -1, 1], value: 0.5),
        ["Pad reflect"] = x => Functional.Pad(x, [2, 4, 1, 3], PaddingMode.Reflect),
        ["Pad replicate"] = x => Functional.Pad(x, [3, 1, 0, 2, 1, 1], PaddingMode.Replicate),
        ["Pad circular"] = x => Functional.Pad(x, [5, 2, 1, 4], PaddingMode.Circular),
        ["Pad circular negative"] = x => Functional.Pad(x, [-1, 3], PaddingMode.Circular),
        ["Pad reflect negative"] = x => Functional.Pad(x, [2, -2], PaddingMode.Reflect),
        ["Einsum ijk->kji"] = x => Tensor.Einsum("ijk->kji", x),
        ["Einsum ijk,ilk->jl"] = x => Tensor.Einsum("ijk,ilk->jl", x, x.Exp()),
        ["Einsum ...k,k"] = x => Tensor.Einsum("...k,k", x, x[0, 0]),
        ["Einsum iij"] = x => Tensor.Einsum("iij->ij", x.Narrow(1, 0, 3)),
        ["Hstack"] = x => Tensor.Hstack([x, x.Narrow(1, 1, 2)]),
        ["Vstack"] = x => Tensor.Vstack([x[0], x[1, 2]]),
        ["Dstack"] = x => Tensor.Dstack([x[0], x[1]]),
        ["ColumnStack"] = x => Tensor.ColumnStack([x[0, 1], x[0].T]),
        ["Cat promoted"] = x => Tensor.Cat([x[0].To(DType.Float32).To(DType.Float64) * 0 + x[0], Tensor.Ones([2, 5], DType.Int32), x[1]]),
    };

    public static TheoryData<string, Layout> UnaryCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (var name in Unary.Keys)
            foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(name, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryShapeOp_PassesGradCheck(string op, Layout layout)
    {
        var x = Input([3, 4, 5], 131, Values.Normal, layout);
        var f = Unary[op];
        Check(t => f(t[0]), x);
    }

    /// <summary>Ops of two or three inputs, each in the given layout.</summary>
    private static readonly Dictionary<string, (int[][] Shapes, Func<Tensor[], Tensor> F)> Multi = new()
    {
        ["Outer"] = ([[3, 4], [5, 2]], t => t[0].Narrow(1, 1, 1).Squeeze().Outer(t[1].Select(1, 0))),
        ["Kron"] = ([[2, 3], [3, 2]], t => t[0].Kron(t[1])),
        ["Kron ranks"] = ([[2, 3], [2, 2, 2]], t => t[0].Kron(t[1])),
        ["Cross"] = ([[4, 3], [4, 3]], t => t[0].Cross(t[1])),
        ["Cross dim0 broadcast"] = ([[3, 1], [3, 4]], t => t[0].Cross(t[1], 0)),
        ["Meshgrid ij"] = ([[2, 3], [2, 4]], t => Pieces(Tensor.Meshgrid([t[0][1], t[1][0]]))),
        ["Meshgrid xy"] = ([[2, 3], [2, 4]], t => Pieces(Tensor.Meshgrid([t[0][1], t[1][0], t[0][0]], "xy"))),
        ["CartesianProd"] = ([[2, 3], [2, 4]], t => Tensor.CartesianProd([t[0][1], t[1][0]])),
        ["Einsum bij,bjk->bik"] = ([[2, 3, 4], [2, 4, 3]], t => Tensor.Einsum("bij,bjk->bik", t)),
        ["Einsum bhqd,bhkd->bhqk"] = ([[2, 3, 4], [2, 5, 4]], t => Tensor.Einsum("hqd,hkd->hqk", t)),
        ["Einsum three"] = ([[2, 3], [3, 4], [4, 2]], t => Tensor.Einsum("ij,jk,kl", t)),
        ["Einsum broadcast"] = ([[2, 1, 3], [4, 3]], t => Tensor.Einsum("...i,...i->...", t)),
        ["Einsum outer sum"] = ([[2, 3], [4, 3]], t => Tensor.Einsum("ij,kl->jl", t)),
    };

    public static TheoryData<string, Layout> MultiCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (var name in Multi.Keys)
            foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(name, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(MultiCases))]
    public void MultiInputShapeOp_PassesGradCheck(string op, Layout layout)
    {
        var (shapes, f) = Multi[op];
        var xs = shapes.Select((s, k) => Input(s, 140 + (ulong)k, Values.Normal, layout)).ToArray();
        Check(f, xs);
    }
}
