"""Reference outputs for tests/DeepNotes.Tests/Convolution/ConvTorchReferenceTests.cs.
Run: /usr/bin/python3 conv_reference.py  (Debian python3-torch). Inputs are formula-defined (no RNG), float64:
  x[i] = ((i * 7) % 13 - 6) / 6,  w[j] = ((j * 5) % 11 - 5) / 5,  b[k] = (k % 3 - 1) / 4   (i, j, k flat indices)
Prints one C# array per case."""
import torch, torch.nn.functional as F
torch.set_default_dtype(torch.float64)

def x_(*s): n = 1; [n := n * d for d in s]; return torch.tensor([((i * 7) % 13 - 6) / 6 for i in range(n)]).reshape(s)
def w_(*s): n = 1; [n := n * d for d in s]; return torch.tensor([((j * 5) % 11 - 5) / 5 for j in range(n)]).reshape(s)
def b_(k): return torch.tensor([(i % 3 - 1) / 4 for i in range(k)])

cases = {
    "Conv2D_Pad1": F.conv2d(x_(2, 3, 5, 6), w_(4, 3, 3, 3), b_(4), stride=1, padding=1),
    "Conv2D_Stride2_Pad12_Dil2_Groups2": F.conv2d(x_(1, 4, 7, 8), w_(6, 2, 3, 2), b_(6), stride=2, padding=(1, 2), dilation=2, groups=2),
    "Conv2D_SameEvenKernel": F.conv2d(x_(1, 2, 5, 5), w_(3, 2, 4, 4), None, padding='same'),
    "Conv2D_Depthwise": F.conv2d(x_(2, 3, 4, 4), w_(3, 1, 3, 3), b_(3), padding=1, groups=3),
    "ConvTranspose2D_Stride2_Pad1_OutPad1": F.conv_transpose2d(x_(2, 4, 3, 3), w_(4, 3, 3, 3), b_(3), stride=2, padding=1, output_padding=1),
    "ConvTranspose2D_Groups2_Dil2": F.conv_transpose2d(x_(1, 4, 3, 4), w_(4, 2, 2, 3), b_(4), stride=(2, 1), padding=(0, 1), groups=2, dilation=2),
    "Conv1D_Stride2_Pad1_Dil2": F.conv1d(x_(2, 3, 9), w_(5, 3, 3), b_(5), stride=2, padding=1, dilation=2),
}
for name, y in cases.items():
    print(f"// {name}: shape {list(y.shape)}")
    print(f"private static readonly double[] {name} = [" + ", ".join(f"{v:.12g}" for v in y.flatten().tolist()) + "];")
