using DeepNotes;
using DeepNotes.Initializers;

namespace DeepNotes.Tests.Initializers;

public class InitTests
{
    private static (double Mean, double Var) Moments(Tensor t)
    {
        double[] v = t.To(DType.Float64).ToArray<double>();
        double mean = v.Average();
        return (mean, v.Select(x => (x - mean) * (x - mean)).Average());
    }

    [Fact]
    public void Fans_FollowPyTorch_ForDenseAndConvWeights()
    {
        Assert.Equal((784, 256), Init.ComputeFans(new Shape(256, 784)));
        Assert.Equal((32 * 9, 64 * 9), Init.ComputeFans(new Shape(64, 32, 3, 3)));
        Assert.Throws<ArgumentException>(() => Init.ComputeFans(new Shape(5)));
    }

    [Fact]
    public void Gains_AreTheDocumentedValues()
    {
        Assert.Equal(1, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(1, Init.CalculateGain(Nonlinearity.Sigmoid));
        Assert.Equal(5.0 / 3, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(Math.Sqrt(2 / 1.04), Init.CalculateGain(Nonlinearity.LeakyRelu, 0.2), 12);
        Assert.Equal(0.75, Init.CalculateGain(Nonlinearity.Selu));
    }

    [Fact]
    public void XavierUniform_HasBoundAndVariance()
    {
        var w = Init.XavierUniform(Tensor.Zeros([300, 500]), gain: 2, new Generator(1));
        double a = 2 * Math.Sqrt(6.0 / 800);
        Assert.All(w.ToArray<float>(), v => Assert.InRange(v, -a, a));
        Assert.InRange(Moments(w).Var, 0.97 * a * a / 3, 1.03 * a * a / 3);
    }

    [Fact]
    public void XavierNormal_HasStd()
    {
        var (mean, var) = Moments(Init.XavierNormal(Tensor.Zeros([300, 500], DType.Float64), generator: new Generator(2)));
        Assert.InRange(mean, -0.002, 0.002);
        Assert.InRange(var, 0.97 * 2.0 / 800, 1.03 * 2.0 / 800);
    }

    [Theory]
    [InlineData(FanMode.FanIn, 256)]
    [InlineData(FanMode.FanOut, 128)]
    public void Kaiming_UsesTheChosenFanAndGain(FanMode mode, int fan)
    {
        var w = Tensor.Zeros([128, 256]);
        var (_, varN) = Moments(Init.KaimingNormal(w, mode: mode, nonlinearity: Nonlinearity.Relu, generator: new Generator(3)));
        Assert.InRange(varN, 0.96 * 2.0 / fan, 1.04 * 2.0 / fan);
        var (_, varU) = Moments(Init.KaimingUniform(w, mode: mode, nonlinearity: Nonlinearity.Relu, generator: new Generator(4)));
        Assert.InRange(varU, 0.96 * 2.0 / fan, 1.04 * 2.0 / fan);
        double bound = Math.Sqrt(6.0 / fan);
        Assert.All(w.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
    }

    [Theory]
    [InlineData(6, 4)]
    [InlineData(4, 6)]
    [InlineData(5, 5)]
    public void Orthogonal_GivesOrthonormalRowsOrColumns(int rows, int cols)
    {
        var w = Init.Orthogonal(Tensor.Zeros([rows, cols], DType.Float64), gain: 1.5, new Generator(5));
        var q = w.ToArray<double>();
        // the smaller Gram matrix must be 1.5²·I
        bool wide = rows < cols;
        int n = Math.Min(rows, cols), len = Math.Max(rows, cols);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < len; k++)
                    dot += wide ? q[i * cols + k] * q[j * cols + k] : q[k * cols + i] * q[k * cols + j];
                Assert.Equal(i == j ? 2.25 : 0, dot, 10);
            }
    }

    [Fact]
    public void Orthogonal_FlattensTrailingDimensions()
    {
        var w = Init.Orthogonal(Tensor.Zeros([4, 2, 3]), generator: new Generator(6));
        var m = w.Reshape(4, 6);
        var gram = m.MatMul(m.T).ToArray<float>();
        for (int i = 0; i < 4; i++) Assert.Equal(1f, gram[i * 4 + i], 4);
    }

    [Fact]
    public void Initialisers_WorkOnParametersThatRequireGrad_AndRejectIntegers()
    {
        var p = Tensor.Zeros([3, 3], requiresGrad: true);
        Init.Constant(p, 0.5);
        Assert.All(p.ToArray<float>(), v => Assert.Equal(0.5f, v));
        Assert.True(p.RequiresGrad);
        Assert.Null(p.GradFnName);
        Assert.Contains("Int32", Assert.Throws<ArgumentException>(() => Init.Normal(Tensor.Zeros([2], DType.Int32))).Message);
        Assert.Throws<ArgumentException>(() => Init.Uniform(p, 1, 0));
    }

    [Fact]
    public void SameGenerator_SameValues()
    {
        Assert.Equal(Init.Normal(Tensor.Zeros([10]), generator: new Generator(7)).ToArray<float>(),
            Init.Normal(Tensor.Zeros([10]), generator: new Generator(7)).ToArray<float>());
    }
}
