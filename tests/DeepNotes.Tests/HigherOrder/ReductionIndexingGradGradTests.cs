using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives of the reductions, selections, shape moves and indexing ops whose backward is differentiable,
/// over contiguous, transposed and sliced float64 inputs (distinct values, so ties and kinks are not straddled).
/// </summary>
public class ReductionIndexingGradGradTests
{
    private static Tensor Idx(params int[] v) => Tensor.FromArray(v, [v.Length]);

    /// <summary>One-input functions of a [3, 4] tensor; each multiplies by the input somewhere so the second derivative is not zero.</summary>
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Ops = new()
    {
        ["Nansum"] = x => x.Nansum(1) * x.Sum(1),
        ["Amax"] = x => x.Amax(1) * x.Sum(1),
        ["Amin"] = x => x.Amin([0, 1]) * x,
        ["MaxDim"] = x => x.Max(0) * x.Sum(0),
        ["MaxAll"] = x => x.Max() * x,
        ["MinDim"] = x => x.Min(1, keepDim: true) * x,
        ["MaxWithIndices"] = x => x.MaxWithIndices(1).Values * x.Sum(1),
        ["Maximum"] = x => Tensor.Maximum(x, x.Flip(1) * 0.5) * x,
        ["Fmin"] = x => Tensor.Fmin(x, x.Roll(1, 1) * 0.5) * x,
        ["ClampTensor"] = x => x.Clamp(x.Mean(1, keepDim: true) - 0.3, x.Mean(1, keepDim: true) + 0.3) * x,
        ["Atan2"] = x => x.Atan2(x.Flip(0) + 2),
        ["Hypot"] = x => x.Hypot(x.Flip(1) + 0.5),
        ["Remainder"] = x => (x * 3).Remainder(x.Abs() + 2) * x,
        ["Fmod"] = x => (x * 3).Fmod(x.Abs() + 2) * x,
        ["Xlogy"] = x => x.Xlogy(x.Square() + 1),
        ["Diagonal"] = x => x.Diagonal(1) * x.Diagonal(-1).Sum(),
        ["DiagEmbed"] = x => x.DiagEmbed().Square().Sum(-1),
        ["TrilTriu"] = x => x.Tril() * x.Triu(1).Sum(),
        ["FlipRoll"] = x => x.Flip(0, 1) * x.Roll(2, 1),
        ["View"] = x => x.Contiguous().View(4, 3).Square(),
        ["NanToNum"] = x => x.NanToNum() * x,
        ["Median"] = x => x.Median() * x,
        ["Sort"] = x => x.Sort(1).Values * x,
        ["TopK"] = x => x.TopK(2, 0).Values.Square(),
        ["Gather"] = x => x.Gather(1, Tensor.FromArray(new[] { 3, 0, 1, 1, 2, 2 }, [3, 2])).Square(),
        ["Scatter"] = x => x.Scatter(1, Tensor.FromArray(new[] { 1, 3, 0, 2 }, [2, 2]), x.Narrow(1, 0, 2).Narrow(0, 0, 2) * 2).Square(),
        ["ScatterValue"] = x => x.Scatter(1, Tensor.FromArray(new[] { 1, 0 }, [2, 1]), 5.0).Square(),
        ["ScatterAdd"] = x => x.ScatterAdd(0, Tensor.FromArray(new[] { 2, 0, 1, 2 }, [1, 4]), x.Narrow(0, 1, 1)).Square(),
        ["IndexAdd"] = x => x.IndexAdd(1, Idx(3, 0), x.Narrow(1, 1, 2), alpha: 2).Square(),
        ["IndexCopy"] = x => x.IndexCopy(0, Idx(2), x.Narrow(0, 0, 1)).Square(),
        ["IndexFill"] = x => x.IndexFill(1, Idx(0, 2), -1.0).Square(),
        ["MaskedFill"] = x => x.MaskedFill(x.Greater(0.0), 0.5).Square(),
        ["IndexSelect"] = x => x.IndexSelect(1, Idx(3, 1, 3)).Square(),
        ["TensorIndexer"] = x => x[Idx(2, 0, 2)].Square(),
        ["Norm2"] = x => x.Norm(2, 1) * x.Sum(1),
        ["Norm3"] = x => x.Norm(3, [0, 1]) * x,
        ["Prod"] = x => (x + 3).Prod(1),
    };

    public static TheoryData<string, Layout> Cases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (string op in Ops.Keys)
            foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(op, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SecondDerivative(string op, Layout layout)
    {
        Tensor x = Input([3, 4], 40 + (ulong)op.Length, Values.Distinct, layout);
        GradCheck.GradGradCheck(t => Ops[op](t[0] * 50), x); // Distinct values are 0.01 apart: scale them up
    }

    [Fact]
    public void Prod_WithZeros_DifferentiatesTwice()
    {
        Tensor x = Tensor.FromArray(new double[] { 2, 0, 3 });
        x.RequiresGrad = true;
        Tensor g = Autograd.Grad(x.Prod(), [x], createGraph: true)[0];
        Assert.Equal(new double[] { 0, 6, 0 }, g.ToArray<double>());
        Assert.Equal(new double[] { 0, 6, 0 }, Autograd.Grad(x.Prod(), [x])[0].ToArray<double>());
        // d²(x0·x1·x2)/dx_i dx_j = the third element when i ≠ j: row sums of the Hessian [[0,3,0],[3,0,2],[0,2,0]]
        Assert.Equal(new double[] { 3, 5, 2 }, Autograd.Grad(g.Sum(), [x])[0].ToArray<double>());
        Tensor y = Tensor.FromArray(new double[] { 2, 0, 3, 0, 0, 1.5 }, [2, 3]);
        y.RequiresGrad = true;
        GradCheck.GradGradCheck(t => t[0].Prod(1) * t[0].Sum(1), y);
        GradCheck.GradGradCheck(t => t[0].T.Prod(0).Square(), y);
    }
}
