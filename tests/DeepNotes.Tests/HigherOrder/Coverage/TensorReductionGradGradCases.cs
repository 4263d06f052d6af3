using DeepNotes;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of the <see cref="Tensor"/> reductions, scans, selections and products (inputs with distinct
/// values, so ties are not straddled by the finite differences), and the reasons the index- and count-valued ones
/// have no derivative.
/// </summary>
public sealed class TensorReductionGradGradCases : IGradGradCaseSource
{
    /// <summary>A [3, 4] input of distinct values (spaced 0.37 apart, shuffled), requiring grad.</summary>
    internal static Tensor Distinct(ulong seed, int rows = 3, int cols = 4)
    {
        int n = rows * cols;
        var rng = new Random((int)seed);
        double[] v = Enumerable.Range(0, n).Select(i => (i - n / 2.0) * 0.37 + 0.05).OrderBy(_ => rng.Next()).ToArray();
        return Of(v, rows, cols);
    }

    private static GradGradCase D(string api, string label, Func<Tensor, Tensor> f, ulong seed = 1) =>
        new(api, label, t => f(t[0]), () => [Distinct(seed + (ulong)api.Length + (ulong)label.Length)]);

    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        yield return D("Tensor.Sum", "dim", x => x.Sum(1) * x.Sum(0, keepDim: true).Sum());
        yield return D("Tensor.Sum", "all", x => x.Sum() * x);
        yield return D("Tensor.Mean", "dims", x => x.Mean([0, 1]) * x);
        yield return D("Tensor.Mean", "dim", x => x.Mean(1, keepDim: true) * x);
        yield return D("Tensor.Nansum", "", x => x.Nansum(1) * x.Sum(1));
        yield return D("Tensor.Nanmean", "", x => x.Nanmean(0) * x.Sum(0));
        yield return D("Tensor.Amax", "", x => x.Amax(1) * x.Sum(1));
        yield return D("Tensor.Amin", "", x => x.Amin([0, 1]) * x);
        yield return D("Tensor.Aminmax", "all", x => { var (mn, mx) = x.Aminmax(); return mn * mx * x; });
        yield return D("Tensor.Aminmax", "dim", x => { var (mn, mx) = x.Aminmax(1, keepDim: true); return mn * mx * x; });
        yield return D("Tensor.Max", "dim", x => x.Max(0) * x.Sum(0));
        yield return D("Tensor.Max", "all", x => x.Max() * x);
        yield return D("Tensor.Min", "dim", x => x.Min(1, keepDim: true) * x);
        yield return D("Tensor.Median", "all", x => x.Median() * x);
        yield return D("Tensor.Median", "dim", x => x.Median(1).Values * x.Sum(1));
        yield return D("Tensor.Nanmedian", "all", x => x.Nanmedian() * x);
        yield return D("Tensor.Nanmedian", "dim", x => x.Nanmedian(0, keepDim: true).Values * x);
        yield return D("Tensor.Quantile", "linear", x => x.Quantile(0.3, 1) * x.Sum(1));
        yield return D("Tensor.Quantile", "tensor q", x => x.Quantile(Tensor.FromArray(new[] { 0.2, 0.75 }), 0).Square());
        yield return D("Tensor.Quantile", "midpoint", x => x.Quantile(0.4, null, false, QuantileInterpolation.Midpoint) * x);
        yield return D("Tensor.Nanquantile", "", x => x.Nanquantile(0.6, 1, keepDim: true) * x);
        yield return D("Tensor.Msort", "", x => x.Msort() * x);
        yield return D("Tensor.Norm", "p=2 dim", x => x.Norm(2, 1) * x.Sum(1));
        yield return D("Tensor.Norm", "p=3", x => x.Norm(3, [0, 1]) * x);
        yield return D("Tensor.Prod", "dim", x => (x + 3).Prod(1) * x.Sum(1));
        yield return D("Tensor.Prod", "all", x => (x * 0.5).Prod() * x);
        yield return new("Tensor.Prod", "with a zero", t => t[0].Prod(1),
            () => [Of([2.0, 0.0, 3.0, -1.5, 1.2, 0.7, 0.0, 0.0, 0.4], 3, 3)]);
        yield return new("Tensor.Prod", "with a zero, all", t => t[0].Prod() * t[0].Sum(),
            () => [Of([2.0, 0.0, 3.0, -1.5, 1.2, 0.7], 2, 3)]);
        yield return D("Tensor.Var", "", x => x.Var(1) * x.Sum(1));
        yield return D("Tensor.Var", "correction 0", x => x.Var([0, 1], correction: 0) * x);
        yield return D("Tensor.Std", "", x => x.Std(0) * x.Sum(0));
        yield return D("Tensor.VarMean", "", x => { var (v, m) = x.VarMean(1); return v * m; });
        yield return D("Tensor.StdMean", "", x => { var (s, m) = x.StdMean(0, keepDim: true); return s * m * x; });
        yield return D("Tensor.LogSumExp", "", x => x.LogSumExp(1) * x.Sum(1));
        yield return D("Tensor.Cumsum", "", x => x.Cumsum(1) * x);
        yield return D("Tensor.Cumprod", "", x => (x * 0.5).Cumprod(1) * x);
        yield return D("Tensor.Cumprod", "dim 0", x => x.Cumprod(0));
        yield return new("Tensor.Cumprod", "with zeros", t => t[0].Cumprod(1),
            () => [Of([2.0, 0.0, 3.0, -1.5, 1.2, 0.7, 0.0, 0.0, 0.4], 3, 3)]);
        yield return D("Tensor.Logcumsumexp", "", x => x.Logcumsumexp(1) * x);
        yield return D("Tensor.Logcumsumexp", "dim 0", x => x.Logcumsumexp(0).Square());
        yield return D("Tensor.Trace", "", x => x.Trace() * x);

        Func<Tensor[]> mats = () => [Randn(31, 2, 3), Randn(32, 3, 2)];
        yield return new("Tensor.MatMul", "", t => t[0].MatMul(t[1]).Square(), mats);
        yield return new("Tensor.Mv", "", t => t[0].Mv(t[1]).Square(), () => [Randn(33, 2, 3), Randn(34, 3)]);
        yield return new("Tensor.Dot", "", t => t[0].Dot(t[1]) * t[0], () => [Randn(35, 4), Randn(36, 4)]);
        yield return new("Tensor.Vdot", "", t => t[0].Vdot(t[1]) * t[1], () => [Randn(37, 4), Randn(38, 4)]);
        yield return new("Tensor.Outer", "", t => t[0].Outer(t[1]).Square(), () => [Randn(39, 3), Randn(40, 2)]);
        yield return new("Tensor.Kron", "", t => t[0].Kron(t[1]).Square(), () => [Randn(41, 2, 2), Randn(42, 2, 1)]);
        yield return new("Tensor.Cross", "", t => t[0].Cross(t[1]).Square(), () => [Randn(43, 2, 3), Randn(44, 2, 3)]);
        yield return new("Tensor.Bmm", "", t => t[0].Bmm(t[1]).Square(), () => [Randn(45, 2, 2, 3), Randn(46, 2, 3, 2)]);
        yield return new("Tensor.Addmm", "", t => t[0].Addmm(t[1], t[2], 0.5, 2).Square(),
            () => [Randn(47, 2, 2), Randn(48, 2, 3), Randn(49, 3, 2)]);
        yield return new("Tensor.Baddbmm", "", t => t[0].Baddbmm(t[1], t[2], 0.5, 2).Square(),
            () => [Randn(50, 2, 2, 2), Randn(51, 2, 2, 3), Randn(52, 2, 3, 2)]);
        yield return new("Tensor.Einsum", "", t => Tensor.Einsum("ij,jk->ik", t[0], t[1]).Square(), mats);
    }

    /// <inheritdoc/>
    public IEnumerable<(string Api, string Reason)> NotDifferentiable()
    {
        const string index = "integer result (positions or indices): no derivative";
        foreach (string m in new[] { "ArgMax", "ArgMin", "ArgSort", "Argwhere", "Nonzero", "NonzeroAsTuple", "Bucketize", "Searchsorted" })
            yield return ($"Tensor.{m}", index);
        yield return ("Tensor.All", "boolean result: no derivative");
        yield return ("Tensor.Any", "boolean result: no derivative");
        yield return ("Tensor.CountNonzero", "integer count: no derivative");
        yield return ("Tensor.Bincount", "counts (weighted by a tensor that gets no gradient, as PyTorch's bincount): no derivative");
        yield return ("Tensor.Histc", "bin counts: piecewise constant, not differentiable (as PyTorch's histc)");
    }
}
