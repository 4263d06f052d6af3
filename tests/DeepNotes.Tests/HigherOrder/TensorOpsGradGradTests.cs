using DeepNotes;
using DeepNotes.Distributions;
using DeepNotes.Kernels;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives of the ops converted from first-order-only backward functions: Cumprod (with and without zeros),
/// Logcumsumexp, ScatterReduce (every reduction, with and without include_self), IndexFill with a tensor value, and
/// digamma/polygamma (the gradient chain of lgamma), over contiguous, transposed and sliced float64 inputs.
/// </summary>
public class TensorOpsGradGradTests
{
    private static readonly Tensor ScatterIndex = Tensor.FromArray(new[] { 1, 3, 0, 2, 2, 0 }, [3, 2]);

    private static readonly Dictionary<string, Func<Tensor, Tensor>> Ops = new()
    {
        ["Cumprod1"] = x => (x * 0.5).Cumprod(1) * x,
        ["Cumprod0"] = x => (x * 0.5).Cumprod(0),
        ["Cummax"] = x => x.Cummax(1).Values * x,
        ["Cummin"] = x => x.Cummin(0).Values.Square(),
        ["Logcumsumexp1"] = x => x.Logcumsumexp(1) * x,
        ["Logcumsumexp0"] = x => x.Logcumsumexp(0).Square(),
        ["ScatterReduceSum"] = x => x.ScatterReduce(1, ScatterIndex, x.Narrow(1, 0, 2) * 2, ScatterReduction.Sum) * x,
        ["ScatterReduceProd"] = x => x.ScatterReduce(1, ScatterIndex, x.Narrow(1, 1, 2) * 0.5, ScatterReduction.Prod, includeSelf: false) * x,
        ["ScatterReduceMean"] = x => x.ScatterReduce(1, ScatterIndex, x.Narrow(1, 1, 3).Square(), ScatterReduction.Mean) * x,
        ["ScatterReduceAmax"] = x => x.ScatterReduce(1, ScatterIndex, x.Narrow(1, 2, 2) * 1.5, ScatterReduction.Amax, includeSelf: false) * x,
        ["ScatterReduceAmin"] = x => x.ScatterReduce(1, ScatterIndex, x.Narrow(1, 0, 2) * 1.5, ScatterReduction.Amin) * x,
        ["IndexFillTensor"] = x => x.IndexFill(1, Tensor.FromArray(new[] { 2, 0, 2 }), x.Select(1, 1).Sum()) * x,
        ["Digamma"] = x => Beta.Digamma(x.Abs() + 0.5) * x,
        ["Lgamma"] = x => Beta.Lgamma(x.Abs() + 0.5) * x,
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
        Tensor x = Input([3, 4], 60 + (ulong)op.Length, Values.Distinct, layout);
        GradCheck.GradGradCheck(t => Ops[op](t[0] * 50), x); // Distinct values are 0.01 apart: scale them up
    }

    [Fact]
    public void Cumprod_WithZeros_DifferentiatesTwiceExactly()
    {
        Tensor x = Tensor.FromArray(new double[] { 0, 2, 0, 3, 0, 0, -1.5, 0.5, 2 }, [3, 3]);
        x.RequiresGrad = true;
        GradCheck.GradGradCheck(t => t[0].Cumprod(1) * t[0], x);
        GradCheck.GradGradCheck(t => t[0].T.Cumprod(1).Square(), x);
        Tensor v = Tensor.FromArray(new double[] { 0, 2, 5 });
        v.RequiresGrad = true;
        Tensor g = Autograd.Grad(v.Cumprod(0).Sum(), [v], createGraph: true)[0];
        Assert.Equal(new double[] { 1 + 2 + 10, 0, 0 }, g.ToArray<double>());              // [1 + b + bc, a + ac, ab] at a = 0
        Assert.Equal(new double[] { 1 + 5 + 2, 1 + 5 + 0, 2 + 0 }, Autograd.Grad(g.Sum(), [v])[0].ToArray<double>()); // Hessian [[0,1+c,b],[1+c,0,a],[b,a,0]] row sums
    }

    [Fact]
    public void Cumprod_WithZeros_AlongALeadingDimension_And_ScatterReduce_WithASourceLargerThanTheIndex()
    {
        Tensor x = Tensor.FromArray(new double[] { 0, 2, 0.5, 3, 0, -1, -1.5, 0.5, 0, 1.2, 0.8, 2 }, [3, 2, 2]);
        x.RequiresGrad = true;
        GradGradCheckAll(t => t[0].Cumprod(0) * t[0], x);
        GradGradCheckAll(t => t[0].Cumprod(1).Square(), x);
        Tensor self = Tensor.FromArray(new double[] { 0.3, -1.2, 0.7, 1.9, -0.4, 1.1 }, [2, 3]);
        Tensor src = Tensor.FromArray(new double[] { 1.4, -0.6, 0.9, 0.2, -1.7, 0.5, 2.1, -0.8 }, [2, 4]);
        self.RequiresGrad = src.RequiresGrad = true;
        Tensor index = Tensor.FromArray(new[] { 2, 0, 1, 1 }, [2, 2]);
        foreach (ScatterReduction reduce in Enum.GetValues<ScatterReduction>())
            GradGradCheckAll(t => t[0].ScatterReduce(1, index, t[1], reduce, includeSelf: reduce != ScatterReduction.Mean) * t[0], self, src);
    }

    private static void GradGradCheckAll(Func<Tensor[], Tensor> f, params Tensor[] inputs) => GradCheck.GradGradCheck(f, inputs);

    [Fact]
    public void Logcumsumexp_CreateGraph_IsStableForWidelySpreadValues()
    {
        Tensor x = Tensor.FromArray(new double[] { -1000, 0, 1000, -500 });
        x.RequiresGrad = true;
        Tensor g = Autograd.Grad(x.Logcumsumexp(0).Sum(), [x], createGraph: true)[0];
        Assert.Equal(Autograd.Grad(x.Logcumsumexp(0).Sum(), [x])[0].ToArray<double>(), g.ToArray<double>());
        Assert.All(Autograd.Grad(g.Sum(), [x])[0].ToArray<double>(), h => Assert.True(double.IsFinite(h)));
    }

    [Fact]
    public void ScatterReduceProd_WithZeros_SecondDerivativeMatchesFiniteDifferences()
    {
        Tensor x = Tensor.FromArray(new double[] { 0, 1.5, -0.5, 2, 0.7, 0, 1.1, -1.3 }, [2, 4]);
        Tensor src = Tensor.FromArray(new double[] { 0, 0.8, 1.4, -0.9, 0, 0.6 }, [2, 3]);
        x.RequiresGrad = src.RequiresGrad = true;
        Tensor index = Tensor.FromArray(new[] { 1, 3, 0, 1, 0, 0 }, [2, 3]);
        GradCheck.GradGradCheck(t => t[0].ScatterReduce(1, index, t[1], ScatterReduction.Prod) * t[0], x, src);
        GradCheck.GradGradCheck(t => t[0].ScatterReduce(1, index, t[1], ScatterReduction.Prod, includeSelf: false).Square(), x, src);
    }

    [Fact]
    public void InPlaceOps_OnANonLeafThatRequiresGrad_RefuseRatherThanRecord()
    {
        Tensor x = Tensor.FromArray(new[] { 1.0, 2, 3 });
        x.RequiresGrad = true;
        Tensor y = x.Clone();
        Tensor index = Tensor.FromArray(new[] { 0 });
        Assert.Contains("AddInPlace", Assert.Throws<InvalidOperationException>(() => y.AddInPlace(x.Detach())).Message);
        Assert.Contains("IndexAddInPlace", Assert.Throws<InvalidOperationException>(() => y.IndexAddInPlace(0, index, Tensor.FromArray(new[] { 1.0 }))).Message);
        Assert.Contains("ScatterInPlace", Assert.Throws<InvalidOperationException>(() => y.ScatterInPlace(0, index, 5.0)).Message);
        Assert.Equal(new[] { 1.0, 2, 3 }, y.ToArray<double>());
    }

    [Fact]
    public void Polygamma_MatchesKnownValues()
    {
        const double zeta3 = 1.2020569031595942, zeta5 = 1.0369277551433699;
        Assert.Equal(-2 * zeta3, SpecialMath.Polygamma(2, 1), 1e-13);
        Assert.Equal(Math.Pow(Math.PI, 4) / 15, SpecialMath.Polygamma(3, 1), 1e-12);
        Assert.Equal(-24 * zeta5, SpecialMath.Polygamma(4, 1), 1e-12);
        Assert.Equal(-14 * zeta3, SpecialMath.Polygamma(2, 0.5), 1e-12);
        Assert.Equal(-14 * zeta3 + 16, SpecialMath.Polygamma(2, -0.5), 1e-11);          // ψ″(x+1) = ψ″(x) + 2/x³
        Assert.Equal(-2 * zeta3 + 2 + 2.0 / 8, SpecialMath.Polygamma(2, 3.0), 1e-12);          // ψ″(3) = ψ″(1) + 2/1³ + 2/2³
        Assert.Equal(SpecialMath.Trigamma(2.5), SpecialMath.Polygamma(1, 2.5));
    }

    [Fact]
    public void Digamma_ThirdDerivative_IsPolygammaOfOrderThree()
    {
        Tensor x = Tensor.FromArray(new[] { 0.7, 2.5, 12.0 });
        x.RequiresGrad = true;
        Tensor g1 = Autograd.Grad(Beta.Digamma(x).Sum(), [x], createGraph: true)[0];
        Tensor g2 = Autograd.Grad(g1.Sum(), [x], createGraph: true)[0];
        Tensor g3 = Autograd.Grad(g2.Sum(), [x])[0];
        double[] xs = [0.7, 2.5, 12.0];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(SpecialMath.Trigamma(xs[i]), g1.ToArray<double>()[i], 1e-14);
            Assert.Equal(SpecialMath.Polygamma(2, xs[i]), g2.ToArray<double>()[i], 1e-14);
            Assert.Equal(SpecialMath.Polygamma(3, xs[i]), g3.ToArray<double>()[i], 1e-13);
        }
    }
}
