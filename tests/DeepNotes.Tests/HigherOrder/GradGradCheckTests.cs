using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives of every op whose backward is differentiable, checked by GradCheck.GradGradCheck (finite
/// differences of the createGraph gradient) over contiguous, transposed and sliced float64 inputs.
/// </summary>
public class GradGradCheckTests
{
    public static TheoryData<string, Layout> UnaryCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (string op in UnaryOps.Keys)
            foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(op, layout);
        return data;
    }

    /// <summary>Unary ops with the input values they are smooth on.</summary>
    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, Values Kind)> UnaryOps = new()
    {
        ["Exp"] = (x => x.Exp(), Values.Normal),
        ["Log"] = (x => x.Log(), Values.Positive),
        ["Sqrt"] = (x => x.Sqrt(), Values.Positive),
        ["Neg"] = (x => -x, Values.Normal),
        ["Abs"] = (x => x.Abs() * x, Values.AwayFromZero),
        ["Sin"] = (x => x.Sin(), Values.Normal),
        ["Cos"] = (x => x.Cos(), Values.Normal),
        ["Tan"] = (x => (x * 0.5).Tan(), Values.Normal),
        ["Asin"] = (x => (x * 0.3).Clamp(-0.9, 0.9).Asin(), Values.Normal),
        ["Acos"] = (x => (x * 0.3).Clamp(-0.9, 0.9).Acos(), Values.Normal),
        ["Atan"] = (x => x.Atan(), Values.Normal),
        ["Sinh"] = (x => x.Sinh(), Values.Normal),
        ["Cosh"] = (x => x.Cosh(), Values.Normal),
        ["Asinh"] = (x => x.Asinh(), Values.Normal),
        ["Acosh"] = (x => (x + 1.5).Acosh(), Values.Positive),
        ["Atanh"] = (x => (x * 0.3).Clamp(-0.9, 0.9).Atanh(), Values.Normal),
        ["Erf"] = (x => x.Erf(), Values.Normal),
        ["Erfc"] = (x => x.Erfc(), Values.Normal),
        ["Erfinv"] = (x => (x * 0.3).Clamp(-0.9, 0.9).Erfinv(), Values.Normal),
        ["Log1p"] = (x => x.Log1p(), Values.Positive),
        ["Expm1"] = (x => x.Expm1(), Values.Normal),
        ["Log2"] = (x => x.Log2(), Values.Positive),
        ["Log10"] = (x => x.Log10(), Values.Positive),
        ["Exp2"] = (x => x.Exp2(), Values.Normal),
        ["Reciprocal"] = (x => x.Reciprocal(), Values.Positive),
        ["Rsqrt"] = (x => x.Rsqrt(), Values.Positive),
        ["Square"] = (x => x.Square() * x, Values.Normal),
        ["Deg2Rad"] = (x => x.Deg2Rad() * x, Values.Normal),
        ["Logit"] = (x => (x * 0.2 + 0.5).Clamp(0.1, 0.9).Logit(), Values.Normal),
        ["Sinc"] = (x => x.Sinc(), Values.AwayFromZero),
        ["PowScalar"] = (x => x.Pow(3.0), Values.Normal),
        ["PowTensorBase"] = (x => Tensor.Pow(2.0, x) , Values.Normal),
        ["Frac"] = (x => x.Frac() * x, Values.AwayFromZero),
        ["Tanh"] = (x => x.Tanh(), Values.Normal),
        ["Sigmoid"] = (x => x.Sigmoid(), Values.Normal),
        ["Relu"] = (x => x.Relu() * x, Values.AwayFromZero),
        ["LeakyRelu"] = (x => Functional.LeakyRelu(x, 0.2) * x, Values.AwayFromZero),
        ["Softmax"] = (x => x.Softmax(-1), Values.Normal),
        ["LogSoftmax"] = (x => x.LogSoftmax(-1) * x, Values.Normal),
        ["SoftmaxDim0"] = (x => x.Softmax(0), Values.Normal),
        ["Sum"] = (x => x.Sum(1) * x.Sum(), Values.Normal),
        ["Mean"] = (x => x.Mean(0, keepDim: true) * x, Values.Normal),
        ["ReshapePermute"] = (x => x.Reshape(-1).Square().Reshape(x.Shape.ToArray()).Transpose(0, 1) * x.Transpose(0, 1), Values.Normal),
        ["SqueezeExpand"] = (x => x.Unsqueeze(0).Expand(2, -1, -1).Squeeze(1).Square(), Values.Normal),
        ["Repeat"] = (x => x.Repeat(2, 1).Square(), Values.Normal),
        ["MatMulSelf"] = (x => x.MatMul(x.Transpose(0, 1)), Values.Normal),
        ["Clone"] = (x => x.Clone() * x, Values.Normal),
    };

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Unary(string op, Layout layout)
    {
        var (f, kind) = UnaryOps[op];
        Tensor x = Input([3, 4], (ulong)op.GetHashCode() & 0xffff, kind, layout);
        GradCheck.GradGradCheck(t => f(t[0]), x);
    }

    public static TheoryData<string> BinaryOps() => new() { "Add", "Sub", "Mul", "Div", "Pow", "Where", "Lerp", "MatMul", "Linear", "LinearNoBias" };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Binary_WithBroadcasting(string op)
    {
        foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
        {
            Tensor a = Input([3, 4], 11, op == "Pow" ? Values.Positive : Values.Normal, layout);
            Tensor b = Input([1, 4], 12, op == "Div" ? Values.AwayFromZero : Values.Normal, layout == Layout.Transposed ? Layout.Contiguous : layout);
            Func<Tensor[], Tensor> f = op switch
            {
                "Add" => t => (t[0] + t[1]) * (t[0] + t[1]),
                "Sub" => t => (t[0] - t[1]) * t[1],
                "Mul" => t => t[0] * t[1] * t[0],
                "Div" => t => t[0] / t[1],
                "Pow" => t => t[0].Pow(t[1]),
                "Where" => t => Tensor.Where(t[0].Greater(0.0), t[0] * t[1], t[1] * t[1]),
                "Lerp" => t => t[0].Lerp(t[1], t[0].Sigmoid()),
                "MatMul" => t => t[0].MatMul(t[1].Transpose(0, 1)).Square(),
                "Linear" => t => Functional.Linear(t[0].Tanh(), t[1].Expand(2, 4), t[1].Sum(1).Expand(2)).Square(),
                _ => t => Functional.Linear(t[0], t[1]).Square(),
            };
            GradCheck.GradGradCheck(f, a, b);
        }
    }

    [Fact]
    public void GradGradCheck_CatchesAWrongSecondDerivative()
    {
        // A custom function whose backward is right to first order but not differentiable: its second derivative
        // is refused, not silently zero.
        Tensor Cube(Tensor x) => Autograd.Function("CubeBackward", xs => xs[0] * xs[0] * xs[0], (xs, y, g) => [g * 3 * xs[0] * xs[0]], x);
        Tensor x = Input([4], 3);
        GradCheck.Check(t => Cube(t[0]), x);
        var ex = Assert.Throws<NotSupportedException>(() => GradCheck.GradGradCheck(t => Cube(t[0]), x));
        Assert.Contains("CubeBackward", ex.Message);
    }

    [Fact]
    public void GradGradCheck_RejectsFloat32()
    {
        Tensor x = Tensor.Ones([2]);
        x.RequiresGrad = true;
        Assert.Throws<ArgumentException>(() => GradCheck.GradGradCheck(t => t[0] * t[0], x));
    }
}
