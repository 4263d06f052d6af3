"""Reference values for tests/DeepNotes.Tests/Convolution/Conv3DTorchReferenceTests.cs (Conv3D, ConvTranspose3D,
ConvTranspose1D, padding modes of Conv1D/2D/3D).
Run: /usr/bin/python3 conv3d_reference.py > out.txt  (Debian python3-torch 1.13). Inputs are formula-defined (no RNG),
float64, as in conv_reference.py:
  x[i] = ((i * 7) % 13 - 6) / 6,  w[j] = ((j * 5) % 11 - 5) / 5,  b[k] = (k % 3 - 1) / 4,
and the output gradient is g[i] = ((i * 3) % 7 - 3) / 3 (i, j, k flat indices). For every case it prints the output,
then the gradients of the input, the weight and the bias of sum(y * g), each as a C# array."""
import torch, torch.nn as nn
torch.set_default_dtype(torch.float64)

def fill(shape, f):
    n = 1
    for d in shape: n *= d
    return torch.tensor([f(i) for i in range(n)]).reshape(shape)
def x_(*s): return fill(s, lambda i: ((i * 7) % 13 - 6) / 6)
def w_(*s): return fill(s, lambda j: ((j * 5) % 11 - 5) / 5)
def b_(k): return fill((k,), lambda i: (i % 3 - 1) / 4)

def case(name, module, xshape):
    x = x_(*xshape).requires_grad_(True)
    with torch.no_grad():
        module.weight.copy_(w_(*module.weight.shape))
        if module.bias is not None: module.bias.copy_(b_(module.bias.shape[0]))
    y = module(x)
    g = fill(tuple(y.shape), lambda i: ((i * 3) % 7 - 3) / 3)
    (y * g).sum().backward()
    out = [("Y", y), ("Dx", x.grad), ("Dw", module.weight.grad)]
    if module.bias is not None: out.append(("Db", module.bias.grad))
    print(f"    // {name}: input {list(xshape)}, weight {list(module.weight.shape)}, output {list(y.shape)}")
    for suffix, t in out:
        print(f"    private static readonly double[] {name}{suffix} = [" + ", ".join(f"{v:.12g}" for v in t.detach().flatten().tolist()) + "];")

case("C3Pad1", nn.Conv3d(3, 4, 3, padding=1), (2, 3, 4, 5, 5))
case("C3StrideDilGroups", nn.Conv3d(4, 6, (2, 3, 2), stride=(2, 1, 2), padding=(1, 2, 0), dilation=(1, 2, 1), groups=2), (1, 4, 5, 7, 6))
case("C3SameEven", nn.Conv3d(2, 3, (2, 4, 3), padding='same', dilation=(1, 1, 2), bias=False), (1, 2, 4, 5, 5))
case("C3DepthwiseValid", nn.Conv3d(3, 3, 3, stride=(1, 2, 2), padding='valid', groups=3), (2, 3, 4, 5, 5))
case("C3Reflect", nn.Conv3d(2, 3, 3, padding=1, padding_mode='reflect'), (1, 2, 4, 4, 5))
case("C3Replicate", nn.Conv3d(2, 3, (3, 3, 2), stride=2, padding=(1, 2, 1), padding_mode='replicate'), (1, 2, 4, 5, 5))
case("C3CircularSame", nn.Conv3d(2, 2, (2, 3, 4), padding='same', padding_mode='circular'), (1, 2, 3, 4, 5))
case("T3Stride2Pad1OutPad1", nn.ConvTranspose3d(4, 3, 3, stride=2, padding=1, output_padding=1), (2, 4, 3, 3, 2))
case("T3GroupsDil", nn.ConvTranspose3d(4, 4, (2, 3, 2), stride=(2, 1, 3), padding=(0, 1, 1), output_padding=(1, 0, 2), groups=2, dilation=(1, 2, 1)), (1, 4, 2, 3, 3))
case("T1Stride3Pad1OutPad2", nn.ConvTranspose1d(4, 3, 3, stride=3, padding=1, output_padding=2), (2, 4, 5))
case("T1GroupsDil", nn.ConvTranspose1d(4, 4, 3, stride=2, padding=2, output_padding=1, groups=2, dilation=2, bias=False), (1, 4, 6))
case("C2Reflect", nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode='reflect'), (2, 2, 4, 5))
case("C2ReplicateStride2", nn.Conv2d(2, 4, 3, stride=2, padding=1, groups=2, padding_mode='replicate'), (1, 2, 5, 6))
case("C2CircularSame", nn.Conv2d(2, 3, (2, 4), padding='same', dilation=(2, 1), padding_mode='circular'), (1, 2, 5, 6))
case("C1Reflect", nn.Conv1d(2, 3, 3, padding=2, padding_mode='reflect'), (2, 2, 6))
case("C1Circular", nn.Conv1d(2, 2, 4, stride=2, padding=3, padding_mode='circular'), (1, 2, 7))
case("C1ReplicateSame", nn.Conv1d(3, 2, 4, padding='same', dilation=2, padding_mode='replicate'), (1, 3, 8))
