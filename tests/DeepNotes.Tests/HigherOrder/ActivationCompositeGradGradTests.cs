using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives of the activations with a differentiable createGraph path, and of ops composed from
/// differentiable ops (variance, log-sum-exp, products, einsum, masked selection, ...), over three layouts.
/// </summary>
public class ActivationCompositeGradGradTests
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Ops = new()
    {
        ["Softplus"] = x => x.Softplus(),
        ["SoftplusBetaThreshold"] = x => x.Softplus(beta: 2, threshold: 1) * x,
        ["Relu6"] = x => (x * 4 + 3).Relu6() * x,
        ["GeluExact"] = x => x.Gelu(),
        ["GeluTanh"] = x => x.Gelu(GeluApproximation.Tanh),
        ["Elu"] = x => x.Elu(0.7) * x,
        ["Sign"] = x => x.Sign() * x * x,
        ["Cumsum"] = x => x.Cumsum(1).Square(),
        ["CumsumDim0"] = x => x.Contiguous().Cumsum(0).Square(),
        ["Var"] = x => x.Var(1),
        ["Std"] = x => x.Std([0, 1]) * x,
        ["LogSumExp"] = x => x.LogSumExp(1) * x.Sum(1),
        ["Pad"] = x => Functional.Pad(x, [1, 2, 0, 1], value: 0.5).Square(),
        ["Trace"] = x => x.Narrow(1, 0, 3).Trace() * x,
        ["Outer"] = x => x.Sum(0).Outer(x.Sum(1)),
        ["Kron"] = x => x.Narrow(0, 0, 2).Narrow(1, 0, 2).Kron(x.Narrow(0, 1, 2).Narrow(1, 2, 2)),
        ["Einsum"] = x => Tensor.Einsum("ij,kj->ik", x, x.Square()),
        ["MaskedSelect"] = x => x.MaskedSelect(x.Greater(0.0)).Square(),
        ["Take"] = x => x.Take(Tensor.FromArray(new[] { 5, 0, 11, 5 }, [2, 2])).Square(),
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
        Tensor x = Input([3, 4], 60 + (ulong)op.Length, Values.AwayFromZero, layout);
        GradCheck.GradGradCheck(t => Ops[op](t[0]), x);
    }
}
