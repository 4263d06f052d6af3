using DeepNotes.Layers;

namespace DeepNotes.Tests.Layers;

/// <summary>A ResNet basic block with batch norm, composed from the library's layers, trains and differentiates correctly.</summary>
public class ResidualBlockTests
{
    /// <summary>torchvision's BasicBlock: conv-bn-relu-conv-bn plus an identity or strided 1x1 projection shortcut, then ReLU.</summary>
    private sealed class BasicBlock : Module<Tensor, Tensor>
    {
        private readonly Conv2D _conv1, _conv2;
        private readonly BatchNorm2D _bn1, _bn2;
        private readonly Sequential? _downsample;

        public BasicBlock(int inChannels, int outChannels, int stride, DType dtype, ulong seed)
        {
            _conv1 = RegisterModule("conv1", new Conv2D(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false, dtype: dtype, generator: new Generator(seed)));
            _bn1 = RegisterModule("bn1", new BatchNorm2D(outChannels, dtype: dtype));
            _conv2 = RegisterModule("conv2", new Conv2D(outChannels, outChannels, 3, padding: 1, bias: false, dtype: dtype, generator: new Generator(seed + 1)));
            _bn2 = RegisterModule("bn2", new BatchNorm2D(outChannels, dtype: dtype));
            if (stride != 1 || inChannels != outChannels)
                _downsample = RegisterModule("downsample", new Sequential(
                    new Conv2D(inChannels, outChannels, 1, stride: stride, bias: false, dtype: dtype, generator: new Generator(seed + 2)),
                    new BatchNorm2D(outChannels, dtype: dtype)));
        }

        public override Tensor Forward(Tensor input)
        {
            Tensor y = _bn1.Call(_conv1.Call(input)).Relu();
            y = _bn2.Call(_conv2.Call(y));
            return (y + (_downsample is null ? input : _downsample.Call(input))).Relu();
        }
    }

    [Fact]
    public void State_dict_names_and_parameter_count_follow_torchvision()
    {
        var block = new BasicBlock(4, 8, stride: 2, DType.Float32, 1);
        Assert.Equal(
            ["conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
             "conv2.weight", "bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var", "bn2.num_batches_tracked",
             "downsample.0.weight", "downsample.1.weight", "downsample.1.bias", "downsample.1.running_mean",
             "downsample.1.running_var", "downsample.1.num_batches_tracked"],
            block.StateDict().Keys);
        Assert.Equal(3 * 3 * 4 * 8 + 2 * 8 + 3 * 3 * 8 * 8 + 2 * 8 + 4 * 8 + 2 * 8, block.ParameterCount());
    }

    [Theory]
    [InlineData(1, 4, 4)]
    [InlineData(2, 3, 4)]
    public void GradCheck_in_training_and_eval_mode(int stride, int inChannels, int outChannels)
    {
        var block = new BasicBlock(inChannels, outChannels, stride, DType.Float64, 3);
        var x = Tensor.Randn([2, inChannels, 5, 5], DType.Float64, new Generator(4));
        x.RequiresGrad = true;
        var parameters = block.Parameters().ToArray();
        Tensor Run(Tensor[] inputs) => block.Forward(inputs[0]);
        Assert.True(GradCheck.Check(Run, [x, .. parameters]));

        block.Eval();
        Assert.True(GradCheck.Check(Run, [x, .. parameters]));
    }

    [Fact]
    public void A_small_residual_network_fits_a_few_images()
    {
        var model = new Sequential(new BasicBlock(1, 4, 2, DType.Float32, 5), new GlobalAvgPool2D(), new Flatten(), new Dense(4, 2, generator: new Generator(6)));
        var x = Tensor.Randn([8, 1, 6, 6], DType.Float32, new Generator(7));
        var y = Tensor.FromArray(new[] { 0, 1, 0, 1, 1, 0, 1, 0 }, [8]);
        var optimizer = new DeepNotes.Optimizers.Adam(model.Parameters(), 0.05);
        double first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            optimizer.ZeroGrad();
            var loss = Functional.CrossEntropy(model.Call(x), y);
            loss.Backward();
            optimizer.Step();
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(last < 0.2 * first, $"loss went from {first} to {last}");
    }
}
