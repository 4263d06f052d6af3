using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Activations;

/// <summary>Bad input throws at once, naming the op and what was expected and what came.</summary>
public class BadInputTests
{
    public static TheoryData<string, DType> NonFloat()
    {
        var data = new TheoryData<string, DType>();
        foreach (var op in new[] { "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Gelu", "Softplus", "Relu6", "Sign", "Softmax", "LogSoftmax", "PRelu" })
        {
            data.Add(op, DType.Int32);
            data.Add(op, DType.Bool);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NonFloat))]
    public void NonFloatingDTypes_Throw_NamingOpAndDType(string op, DType dtype)
    {
        var x = Tensor.Zeros([2, 3], dtype);
        Func<Tensor> call = op switch
        {
            "Relu" => () => x.Relu(),
            "Sigmoid" => () => Functional.Sigmoid(x),
            "Tanh" => () => x.Tanh(),
            "LeakyRelu" => () => x.LeakyRelu(),
            "Elu" => () => x.Elu(),
            "Gelu" => () => Functional.Gelu(x),
            "Softplus" => () => x.Softplus(),
            "Relu6" => () => x.Relu6(),
            "Sign" => () => x.Sign(),
            "Softmax" => () => x.Softmax(1),
            "LogSoftmax" => () => Functional.LogSoftmax(x, 0),
            _ => () => Functional.PRelu(x, Tensor.Zeros([1], dtype)),
        };
        var e = Assert.Throws<ArgumentException>(call);
        Assert.Contains(op, e.Message);
        Assert.Contains(dtype.ToString(), e.Message);
        Assert.Contains("Float32 or Float64", e.Message);
    }

    [Fact]
    public void Modules_RejectNonFloatInputs_Too()
    {
        var e = Assert.Throws<ArgumentException>(() => new Relu().Forward(Tensor.Zeros([3], DType.Int32)));
        Assert.Contains("Int32", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Softmax(0).Forward(Tensor.Zeros([3], DType.Bool)));
        Assert.Contains("Bool", e.Message);
    }

    [Fact]
    public void PRelu_WrongWeightCount_NamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.PRelu(Tensor.Zeros([2, 4]), Tensor.Zeros([3])));
        Assert.Contains("3 elements", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        Assert.Contains("4 channels", e.Message);
        // rank-1 inputs have one channel, as in PyTorch
        e = Assert.Throws<ArgumentException>(() => Functional.PRelu(Tensor.Zeros([3]), Tensor.Zeros([3])));
        Assert.Contains("1 channels", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PRelu(3).Forward(Tensor.Zeros([2, 5, 4, 4])));
        Assert.Contains("5 channels", e.Message);
    }

    [Fact]
    public void PRelu_WeightOfRankTwo_OrOtherDType_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.PRelu(Tensor.Zeros([2, 3]), Tensor.Zeros([3, 1])));
        Assert.Contains("[3, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.PRelu(Tensor.Zeros([2, 3]), Tensor.Zeros([3], DType.Float64)));
        Assert.Contains("Float32", e.Message);
        Assert.Contains("Float64", e.Message);
        Assert.Throws<ArgumentNullException>(() => Functional.PRelu(Tensor.Zeros([2]), null!));
    }

    [Fact]
    public void Softmax_AxisOutOfRange_NamesTheValidRange()
    {
        var x = Tensor.Zeros([2, 3]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(2));
        Assert.Contains("Softmax", e.Message);
        Assert.Contains("[-2, 1]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => x.LogSoftmax(-3));
        Assert.Contains("LogSoftmax", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softmax(5).Forward(x));
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var x = Tensor.Zeros([3]);
        Assert.Contains("beta", Assert.Throws<ArgumentOutOfRangeException>(() => x.Softplus(beta: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Softplus(threshold: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.LeakyRelu(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Elu(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Gelu((GeluApproximation)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PRelu(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PRelu(2, init: double.NaN));
        Assert.Throws<ArgumentException>(() => new PRelu(2, dtype: DType.Int32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(beta: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeakyRelu(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Elu(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gelu((GeluApproximation)(-1)));
        Assert.Throws<ArgumentNullException>(() => Functional.Relu(null!));
        Assert.Throws<ArgumentNullException>(() => new Tanh().Forward(null!));
    }
}
