using DeepNotes;
using DeepNotes.Layers;

/// <summary>
/// The ResNet basic block (He et al., 2016), torchvision's names: conv1 (3x3, stride) → bn1 → ReLU → conv2 (3x3) → bn2,
/// plus the shortcut — the identity, or a strided 1x1 convolution with batch norm (<c>downsample.0</c>,
/// <c>downsample.1</c>) when the shape changes — then ReLU. Composed from DeepNotes layers only.
/// </summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    private readonly Conv2D _conv1, _conv2;
    private readonly BatchNorm2D _bn1, _bn2;
    private readonly Sequential? _downsample;

    public BasicBlock(int inChannels, int outChannels, int stride = 1)
    {
        _conv1 = RegisterModule("conv1", new Conv2D(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false));
        _bn1 = RegisterModule("bn1", new BatchNorm2D(outChannels));
        _conv2 = RegisterModule("conv2", new Conv2D(outChannels, outChannels, 3, padding: 1, bias: false));
        _bn2 = RegisterModule("bn2", new BatchNorm2D(outChannels));
        if (stride != 1 || inChannels != outChannels)
            _downsample = RegisterModule("downsample", new Sequential(
                new Conv2D(inChannels, outChannels, 1, stride: stride, bias: false), new BatchNorm2D(outChannels)));
    }

    public override Tensor Forward(Tensor input)
    {
        Tensor y = _bn1.Call(_conv1.Call(input)).Relu();
        y = _bn2.Call(_conv2.Call(y));
        Tensor shortcut = _downsample is null ? input : _downsample.Call(input);
        return (y + shortcut).Relu();
    }
}
