using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Indexing.IndexingTestHelpers;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Indexing;

/// <summary>Float64 GradCheck of every differentiable indexing op over contiguous, transposed and sliced inputs (index inputs fixed).</summary>
public class IndexingGradCheckTests
{
    public static TheoryData<Layout> Layouts => new() { Layout.Contiguous, Layout.Transposed, Layout.Sliced };

    private static readonly Tensor Dim0Index = I([0, 2, 1, 0, 2, 2, 0, 1], 2, 4);          // repeats within columns
    private static readonly Tensor DistinctIndex = I([0, 1, 2, 0, 1, 2, 0, 2], 2, 4);      // one write per target

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Gather(Layout layout)
    {
        var x = Input([3, 4], 1, layout: layout);
        Check(t => t[0].Gather(0, Dim0Index), x);
        Check(t => t[0].Gather(1, I([3, 0, 3, 1, 1, 2], 3, 2)), x);
        Check(t => t[0].TakeAlongDim(I([2, 0, 1, 1], 1, 4), 0), x);
        Check(t => t[0].TakeAlongDim(I([11, 0, 4], 3)), x);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ScatterAndScatterAdd(Layout layout)
    {
        var x = Input([3, 4], 2, layout: layout);
        var src = Input([3, 4], 3, layout: layout);          // larger than the [2, 4] index: rows beyond get zero gradient
        Check(t => t[0].Scatter(0, DistinctIndex, t[1]), x, src);
        Check(t => t[0].Scatter(1, I([3, 0, 1], 3, 1), -1.5), x);
        Check(t => t[0].ScatterAdd(0, Dim0Index, t[1]), x, src);
    }

    public static TheoryData<Layout, ScatterReduction, bool> ReduceCases()
    {
        var d = new TheoryData<Layout, ScatterReduction, bool>();
        foreach (var l in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
            foreach (var r in Enum.GetValues<ScatterReduction>())
            {
                d.Add(l, r, true);
                d.Add(l, r, false);
            }
        return d;
    }

    [Theory]
    [MemberData(nameof(ReduceCases))]
    public void ScatterReduce(Layout layout, ScatterReduction reduce, bool includeSelf)
    {
        // distinct values (no ties within the finite-difference step) away from zero (prod divides)
        var all = Draw(Values.Distinct, 12 + 16, new Generator(4));
        for (int i = 0; i < all.Length; i++) all[i] += Math.Sign(all[i] == 0 ? 1 : all[i]) * 0.5;
        Tensor x = Arrange(all[..12], [3, 4], layout), src = Arrange(all[12..], [4, 4], layout);
        var index = I([0, 1, 2, 0, 0, 1, 2, 2, 1, 1, 0, 0, 0, 2, 2, 0], 4, 4);
        Check(t => t[0].ScatterReduce(0, index, t[1], reduce, includeSelf), x, src);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void IndexAddCopyFill(Layout layout)
    {
        var x = Input([3, 4], 5, layout: layout);
        var source = Input([3, 3], 6, layout: layout);
        var rows = Input([2, 4], 7, layout: layout);
        var value = Tensor.Scalar(0.75, DType.Float64, requiresGrad: true);
        Check(t => t[0].IndexAdd(1, I([3, 0, 3], 3), t[1], alpha: 2.0), x, source);
        Check(t => t[0].IndexCopy(0, I([2, 0], 2), t[1]), x, rows);
        Check(t => t[0].IndexFill(1, I([-1, 1, 1], 3), 2.5), x);
        Check(t => t[0].IndexFill(1, I([3, 1, 1], 3), t[1]), x, value);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void MaskedOps(Layout layout)
    {
        var x = Input([3, 4], 8, layout: layout);
        var source = Input([2, 7], 9, layout: layout);
        var value = Tensor.Scalar(-0.25, DType.Float64, requiresGrad: true);
        var mask = B([1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0], 3, 4);
        var row = B([1, 0, 1, 0], 4);
        Check(t => t[0].MaskedFill(row, 3.0), x);
        Check(t => t[0].MaskedFill(mask, t[1]), x, value);
        Check(t => t[0].MaskedScatter(mask, t[1]), x, source);
        Check(t => t[0].MaskedSelect(mask), x);
        Check(t => t[0].MaskedSelect(B([1, 0, 1], 3, 1)), x);                    // mask broadcast over columns
        Check(t => t[0].MaskedSelect(B([1, 0, 1, 1, 0, 0, 1, 1], 2, 1, 4)), x);  // x broadcast over a new leading dim
        Check(t => t[0].MaskedScatter(B([0, 1, 1], 3, 1), t[1]), x, source);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void TakeAndPut(Layout layout)
    {
        var x = Input([3, 4], 10, layout: layout);
        var source = Input([2, 2], 11, layout: layout);
        Check(t => t[0].Take(I([-1, 0, 5, 5, 11, 2], 2, 3)), x);
        Check(t => t[0].Put(I([1, -1, 1, 6], 2, 2), t[1], accumulate: true), x, source);
        Check(t => t[0].Put(I([1, -1, 2, 6], 2, 2), t[1]), x, source);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Indexer(Layout layout)
    {
        var y = Input([3, 4], 12, layout: layout);
        Check(t => t[0][B([1, 0, 1], 3)], y);
        Check(t => t[0][B([1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0], 3, 4)], y);
        Check(t => t[0][I([2, -3, 2, 1], 2, 2)], y);
    }

    private static Tensor Arrange(double[] values, int[] shape, Layout layout)
    {
        Tensor t;
        switch (layout)
        {
            case Layout.Transposed:
                t = Tensor.FromArray(values, new Shape(shape[1], shape[0])).Transpose(0, 1);
                break;
            case Layout.Sliced:
            {
                var wide = new double[shape[0] * (2 * shape[1] + 1)];
                for (int i = 0; i < shape[0]; i++)
                    for (int j = 0; j < shape[1]; j++) wide[i * (2 * shape[1] + 1) + 2 * j + 1] = values[i * shape[1] + j];
                t = Tensor.FromArray(wide, new Shape(shape[0], 2 * shape[1] + 1)).Slice(1, 1, 2 * shape[1] + 1, 2);
                break;
            }
            default:
                t = Tensor.FromArray(values, new Shape(shape));
                break;
        }
        Assert.Equal(new Shape(shape), t.Shape);
        t.RequiresGrad = true;
        return t;
    }
}
