using DeepNotes;
using static DeepNotes.Tests.HigherOrder.HigherOrderReference;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>Autograd.Jacobian/Hessian/Vjp/Jvp/Hvp/Vhp against closed forms and torch.autograd.functional.</summary>
public class AutogradFunctionalTests
{
    private const double Tol = 1e-10;

    private static Tensor R(double[] values, int[] shape) => Tensor.FromArray((double[])values.Clone(), new Shape(shape));

    private static void Close(double[] expected, int[] shape, Tensor actual, double tol = Tol)
    {
        Assert.Equal(shape, actual.Shape.ToArray());
        double[] a = actual.ToArray<double>();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(a[i] - expected[i]) <= tol * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {a[i]}");
    }

    private static Tensor Mlp(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2)
    {
        Tensor h = Functional.Linear(x, w1, b1).Tanh();
        Tensor y = Functional.Linear(h, w2, b2).Sigmoid().Softmax(1);
        Tensor d = y - R(T, TShape);
        return (d * d).Mean();
    }

    [Fact]
    public void Hessian_OfAnMlp_MatchesTorch()
    {
        Tensor x = R(X, XShape), w1 = R(W1, W1Shape), b1 = R(B1, B1Shape), w2 = R(W2, W2Shape), b2 = R(B2, B2Shape);
        Close(MlpLoss, MlpLossShape, Mlp(x, w1, b1, w2, b2));
        Close(HessW1, HessW1Shape, Autograd.Hessian(w => Mlp(x, w, b1, w2, b2), w1));
        Close(HessX, HessXShape, Autograd.Hessian(v => Mlp(v, w1, b1, w2, b2), x));
        Tensor[][] blocks = Autograd.Hessian(p => Mlp(x, w1, b1, p[0], p[1]), [w2, b2]);
        Close(HessW2B2, HessW2B2Shape, blocks[0][1]);
        Close(HvpW1, HvpW1Shape, Autograd.Hvp(w => Mlp(x, w, b1, w2, b2), w1, R(V1, V1Shape)).Hvp);
        Assert.False(w1.RequiresGrad); // the inputs are left as they were
    }

    [Fact]
    public void Hessian_ThroughReluAndLogSoftmax_MatchesTorch()
    {
        Tensor x = R(X, XShape), b1 = R(B1, B1Shape), w2 = R(W2, W2Shape), b2 = R(B2, B2Shape), t = R(T, TShape);
        Tensor ReluNet(Tensor w1) => (Functional.Linear(Functional.Linear(x, w1, b1).Relu(), w2, b2).LogSoftmax(1) * t).Sum();
        Close(ReluNetHessW1, ReluNetHessW1Shape, Autograd.Hessian(ReluNet, R(W1, W1Shape)));
    }

    [Fact]
    public void Jacobian_AndJvp_MatchTorch()
    {
        // each component picked by a dot product with a basis vector (a[0], a[1], a[2] in the torch script)
        Tensor a = R(A, AShape);
        Tensor F(Tensor v) => Tensor.Stack([
            (v * Tensor.FromArray(new double[] { 1, 0, 0 })).Sum().Exp() * (v * Tensor.FromArray(new double[] { 0, 1, 0 })).Sum().Sin(),
            (v * Tensor.FromArray(new double[] { 0, 0, 1 })).Sum().Pow(3.0) / ((v * Tensor.FromArray(new double[] { 1, 0, 0 })).Sum().Square() + 1),
            ((v * Tensor.FromArray(new double[] { 0, 1, 0 })).Sum().Square() + 1).Sqrt() * (v * Tensor.FromArray(new double[] { 0, 0, 1 })).Sum().Square().Log1p()]);
        Close(ChainJacobian, ChainJacobianShape, Autograd.Jacobian(F, a));
        var (output, jv) = Autograd.Jvp(F, a, R(VA, VAShape));
        Assert.False(output.RequiresGrad);
        Close(ChainJvp, ChainJvpShape, jv);
    }

    [Fact]
    public void Jacobian_OfALinearMap_IsTheMatrix_AndVjpIsItsTransposeProduct()
    {
        Tensor m = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Tensor x = Tensor.FromArray(new double[] { 0.5, -1, 2 }, [3]);
        Tensor j = Autograd.Jacobian(v => m.MatMul(v), x);
        Assert.Equal(m.ToArray<double>(), j.ToArray<double>());
        var (y, vjp) = Autograd.Vjp(v => m.MatMul(v), x, Tensor.FromArray(new double[] { 1, -1 }));
        Assert.Equal(new[] { 4.5, 9 }, y.ToArray<double>());
        Assert.Equal(new[] { -3.0, -3, -3 }, vjp.ToArray<double>());
        // several inputs and outputs: blocks in order, zeros where an output ignores an input
        Tensor[][] blocks = Autograd.Jacobian(t => [t[0] * 2, t[0].Sum() * t[1]], [x, Tensor.FromArray(new double[] { 3 })]);
        Assert.Equal([3, 3], blocks[0][0].Shape.ToArray());
        Assert.Equal(new double[] { 0, 0, 0 }, blocks[0][1].ToArray<double>());
        Assert.Equal(new double[] { 3, 3, 3 }, blocks[1][0].ToArray<double>());
        Assert.Equal(new double[] { 1.5 }, blocks[1][1].ToArray<double>());
    }

    [Fact]
    public void NewtonsMethod_OnAQuadratic_LandsOnTheMinimumInOneStep()
    {
        // f(x, y) = a x² + b x y + c y² + d x + e y, H = [[2a, b], [b, 2c]]; the minimum solves H z = −(d, e).
        const double a = 1.5, b = 0.8, c = 2.0, d = -3, e = 1;
        Tensor F(Tensor z)
        {
            Tensor x = (z * Tensor.FromArray(new double[] { 1, 0 })).Sum(), y = (z * Tensor.FromArray(new double[] { 0, 1 })).Sum();
            return x * x * a + x * y * b + y * y * c + x * d + y * e;
        }
        Tensor z0 = Tensor.FromArray(new double[] { 4, -7 });
        Tensor h = Autograd.Hessian(F, z0);
        Assert.Equal(new[] { 2 * a, b, b, 2 * c }, h.ToArray<double>());
        var (_, grad) = Autograd.Vjp(F, z0);
        Tensor z1 = z0 - Linalg.Solve(h, grad);
        Tensor g1 = Autograd.Vjp(F, z1).Vjp;
        Assert.True(g1.Abs().Max().Item() < 1e-12, $"gradient after one Newton step: {g1}");
        double[] eig = Linalg.Eigvalsh(h).ToArray<double>();
        Assert.True(eig[0] > 0 && eig[1] > 0);
    }

    [Fact]
    public void NewtonsMethod_OnLogisticRegression_ConvergesInFewerThanTenSteps_WhereGradientDescentNeedsHundreds()
    {
        var gen = new Generator(7);
        Tensor xs = Tensor.Randn([64, 3], DType.Float64, gen);
        Tensor trueW = Tensor.FromArray(new double[] { 1.5, -2, 0.5 });
        Tensor labels = (xs.MatMul(trueW) + Tensor.Randn([64], DType.Float64, gen) * 0.8).Greater(0.0).To(DType.Float64);
        Tensor Loss(Tensor w)
        {
            Tensor p = xs.MatMul(w).Sigmoid();
            return -(labels * p.Log() + (1 - labels) * (1 - p).Log()).Mean() + (w * w).Sum() * 0.01;
        }
        double GradNorm(Tensor w) => Autograd.Vjp(Loss, w).Vjp.Square().Sum().Sqrt().Item();

        Tensor newton = Tensor.Zeros([3], DType.Float64);
        int newtonSteps = 0;
        while (GradNorm(newton) > 1e-10 && newtonSteps < 50)
        {
            newton = newton - Linalg.Solve(Autograd.Hessian(Loss, newton), Autograd.Vjp(Loss, newton).Vjp);
            newtonSteps++;
        }
        Assert.True(newtonSteps < 10, $"Newton took {newtonSteps} steps");

        Tensor gd = Tensor.Zeros([3], DType.Float64);
        int gdSteps = 0;
        while (GradNorm(gd) > 1e-6 && gdSteps < 2000)
        {
            gd = gd - Autograd.Vjp(Loss, gd).Vjp * 0.5;
            gdSteps++;
        }
        Assert.True(gdSteps > 100, $"gradient descent took only {gdSteps} steps");
        Assert.True((newton - gd).Abs().Max().Item() < 1e-4, $"Newton {newton} vs gradient descent {gd}"); // GD stops at |g| ≤ 1e-6, within |g|/λ_min of the optimum
    }

    [Fact]
    public void Vhp_EqualsHvp_ForASmoothFunction_AndBadArgumentsThrow()
    {
        Tensor x = Tensor.FromArray(new double[] { 0.3, -0.7, 1.1 }), v = Tensor.FromArray(new double[] { 1, 2, -1 });
        Tensor F(Tensor t) => (t.Exp() * t.Sin()).Sum() + (t * t).Sum().Sqrt();
        Tensor hv = Autograd.Hvp(F, x, v).Hvp, vh = Autograd.Vhp(F, x, v).Vhp;
        Tensor viaH = Autograd.Hessian(F, x).MatMul(v);
        Assert.True((hv - viaH).Abs().Max().Item() < 1e-12);
        Assert.True((vh - viaH).Abs().Max().Item() < 1e-12);
        Assert.Contains("one-element", Assert.Throws<ArgumentException>(() => Autograd.Hessian(t => t * 2, x)).Message);
        Assert.Contains("shaped like the input", Assert.Throws<ArgumentException>(() => Autograd.Hvp(F, x, Tensor.Ones([2], DType.Float64))).Message);
        Assert.Contains("floating point", Assert.Throws<ArgumentException>(() => Autograd.Jacobian(t => t, Tensor.Ones([2], DType.Int32))).Message);
    }

    [Fact]
    public void CreateGraph_OnTheFunctionalApi_GivesDifferentiableResults()
    {
        Tensor w = Tensor.FromArray(new double[] { 0.5, 2 });
        w.RequiresGrad = true;
        // H of f(x) = Σ w x³ at x = 1 is diag(6 w); with createGraph it can be differentiated with respect to w.
        Tensor h = Autograd.Hessian(x => (w * x * x * x).Sum(), Tensor.Ones([2], DType.Float64), createGraph: true);
        Assert.True(h.RequiresGrad);
        Tensor gw = Autograd.Grad(h.Sum(), [w])[0];
        Assert.Equal(new[] { 6.0, 6 }, gw.ToArray<double>());
    }
}
