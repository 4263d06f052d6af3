using DeepNotes.Layers;

namespace DeepNotes.Tests.Convolution;

/// <summary>The constructors shared through <see cref="ConvolutionLayer"/> reject bad hyper-parameters by name and value.</summary>
public class ConvConstructorTests
{
    [Fact]
    public void Channel_kernel_group_and_dtype_errors_name_the_layer_and_the_value()
    {
        Assert.Equal("Conv2D(0 -> 4): channel counts must be positive. (Parameter 'inChannels')",
            Assert.Throws<ArgumentException>(() => new Conv2D(0, 4, 3)).Message);
        Assert.Equal("Conv1D(3 -> 4): kernel size must be positive, got 0. (Parameter 'kernelSize')",
            Assert.Throws<ArgumentException>(() => new Conv1D(3, 4, 0)).Message);
        Assert.Equal("Conv2D(3 -> 4): kernel size must be positive, got 3x0. (Parameter 'kernelSize')",
            Assert.Throws<ArgumentException>(() => new Conv2D(3, 4, (3, 0))).Message);
        Assert.Equal("ConvTranspose2D(6 -> 4): in and out channels must be divisible by groups, got groups 4. (Parameter 'groups')",
            Assert.Throws<ArgumentException>(() => new ConvTranspose2D(6, 4, 3, groups: 4)).Message);
        Assert.Equal("Conv2D(3 -> 4): dtype must be Float32 or Float64, got Int32. (Parameter 'dtype')",
            Assert.Throws<ArgumentException>(() => new Conv2D(3, 4, 3, dtype: DType.Int32)).Message);
        Assert.Equal("ConvTranspose2D(3 -> 4): padding must be non-negative, got (1, -1). (Parameter 'padding')",
            Assert.Throws<ArgumentException>(() => new ConvTranspose2D(3, 4, 3, padding: (1, -1))).Message);
    }

    [Fact]
    public void Bias_bound_is_one_over_root_fan_in_of_the_weights_second_dimension()
    {
        // Conv: fan_in = in/groups · k·k; transposed: fan_in = out/groups · k·k (PyTorch computes it from weight.shape[1]).
        var conv = new Conv2D(8, 64, 3, groups: 2, generator: new Generator(3));
        var up = new ConvTranspose2D(8, 64, 3, groups: 2, generator: new Generator(4));
        double convBound = 1 / Math.Sqrt(4 * 9), upBound = 1 / Math.Sqrt(32 * 9);
        Assert.All(conv.Bias!.ToArray<float>(), v => Assert.InRange(v, -convBound, convBound));
        Assert.True(conv.Bias!.ToArray<float>().Max(Math.Abs) > upBound); // would fail with the transposed fan-in
        Assert.All(up.Bias!.ToArray<float>(), v => Assert.InRange(v, -upBound, upBound));
        Assert.Equal(new Shape(8, 32, 3, 3), up.Weight.Shape);
        Assert.Equal(2, up.Groups);
    }
}
