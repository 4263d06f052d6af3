"""Writes tests/DeepNotes.Tests/Resampling/ResamplingTorchReference.cs: PyTorch 1.13 values for the resampling tests.

Run with Debian's PyTorch from the repository root:
    /usr/bin/python3 tests/DeepNotes.Tests/Resampling/reference/resampling_reference.py \
        > tests/DeepNotes.Tests/Resampling/ResamplingTorchReference.cs
Inputs are deterministic: input k of a case is a[k] * sin(1.3 i + 0.2 + k) over its flattened shape (amplitude 3 for
images, 1.2 for sampling grids and 0.8 for affine matrices, so that grids reach outside [-1, 1]), and the output gradient
is w[j] = cos(0.7 j). Each case is run in float64 and in float32 (inputs rounded) and records the output shape, the
output and dL/dinput_k for L = sum(y * w), so the C# tests rebuild everything without random numbers or Python.
"""
import math

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def inp(shape, k, amplitude, dtype):
    n = math.prod(shape)
    v = torch.tensor([amplitude * math.sin(1.3 * i + 0.2 + k) for i in range(n)], dtype=torch.float64)
    return v.reshape(shape).to(dtype)


def fmt(t):
    return ", ".join(repr(float(v)) for v in t.detach().flatten().tolist())


def run(inputs, fn, dtype):
    xs = [inp(s, k, a, dtype).requires_grad_(True) for k, (s, a) in enumerate(inputs)]
    y = fn(*xs)
    w = torch.tensor([math.cos(0.7 * j) for j in range(y.numel())], dtype=torch.float64).reshape(y.shape).to(dtype)
    (y * w).sum().backward()
    return y, [x.grad if x.grad is not None else torch.zeros_like(x) for x in xs]


def case(name, inputs, fn):
    inputs = [s if isinstance(s[0], tuple) else (s, 3.0) for s in inputs]
    y64, g64 = run(inputs, fn, torch.float64)
    y32, g32 = run(inputs, fn, torch.float32)
    shapes = ", ".join("[" + ", ".join(map(str, s)) + "]" for s, _ in inputs)
    print(f"        // {name}: inputs {shapes} -> {list(y64.shape)}")
    print(f'        ["{name}"] = new([{", ".join(map(str, y64.shape))}],')
    print(f"            [{fmt(y64)}],")
    print("            [" + ", ".join(f"[{fmt(g)}]" for g in g64) + "],")
    print(f"            [{fmt(y32)}],")
    print("            [" + ", ".join(f"[{fmt(g)}]" for g in g32) + "]),")


def channel_shuffle(x, groups):
    """nn.ChannelShuffle has no derivative in 1.13: the same permutation by view/transpose (checked against it)."""
    y = x.reshape(x.shape[0], groups, x.shape[1] // groups, *x.shape[2:]).transpose(1, 2).reshape(x.shape)
    assert torch.equal(y.detach(), torch.nn.ChannelShuffle(groups)(x.detach()))
    return y


I = F.interpolate
cases = [
    # interpolate: every mode, align corners both ways, non-integer scales, downsampling, sizes, recompute
    ("nearest_1d_size8", [(2, 2, 5)], lambda x: I(x, size=8)),
    ("nearest_1d_scale1.7", [(1, 2, 6)], lambda x: I(x, scale_factor=1.7)),
    ("nearest_2d_x2", [(1, 2, 3, 4)], lambda x: I(x, scale_factor=2)),
    ("nearest_2d_down_3x4", [(1, 2, 7, 9)], lambda x: I(x, size=(3, 4))),
    ("nearest_2d_scale0.6x1.3_recompute", [(1, 1, 7, 8)], lambda x: I(x, scale_factor=(0.6, 1.3), recompute_scale_factor=True)),
    ("nearest_2d_scale0.6x1.3", [(1, 1, 7, 8)], lambda x: I(x, scale_factor=(0.6, 1.3))),
    ("nearest_3d_size", [(1, 2, 3, 4, 2)], lambda x: I(x, size=(5, 3, 4))),
    ("nearest_exact_1d_size7", [(1, 2, 5)], lambda x: I(x, size=7, mode="nearest-exact")),
    ("nearest_exact_2d_scale1.5x0.7", [(1, 2, 4, 5)], lambda x: I(x, scale_factor=(1.5, 0.7), mode="nearest-exact")),
    ("nearest_exact_3d_x2", [(1, 1, 3, 4, 5)], lambda x: I(x, scale_factor=2, mode="nearest-exact")),
    ("linear_size9", [(2, 2, 5)], lambda x: I(x, size=9, mode="linear")),
    ("linear_scale1.7_align", [(2, 2, 5)], lambda x: I(x, scale_factor=1.7, mode="linear", align_corners=True)),
    ("linear_down4", [(1, 2, 9)], lambda x: I(x, size=4, mode="linear")),
    ("bilinear_x2", [(1, 2, 3, 4)], lambda x: I(x, scale_factor=2, mode="bilinear")),
    ("bilinear_7x3_align", [(1, 2, 4, 5)], lambda x: I(x, size=(7, 3), mode="bilinear", align_corners=True)),
    ("bilinear_scale1.3x0.7", [(1, 2, 5, 6)], lambda x: I(x, scale_factor=(1.3, 0.7), mode="bilinear")),
    ("bilinear_scale1.3x0.7_recompute", [(1, 1, 5, 6)], lambda x: I(x, scale_factor=(1.3, 0.7), mode="bilinear", recompute_scale_factor=True)),
    ("bilinear_down_3x4", [(2, 1, 8, 9)], lambda x: I(x, size=(3, 4), mode="bilinear")),
    ("bilinear_identity", [(1, 1, 3, 4)], lambda x: I(x, size=(3, 4), mode="bilinear")),
    ("bilinear_to_1x1_align", [(1, 1, 4, 5)], lambda x: I(x, size=(1, 1), mode="bilinear", align_corners=True)),
    ("bicubic_x2", [(1, 2, 4, 5)], lambda x: I(x, scale_factor=2, mode="bicubic")),
    ("bicubic_7x9_align", [(1, 1, 5, 4)], lambda x: I(x, size=(7, 9), mode="bicubic", align_corners=True)),
    ("bicubic_down_4x3", [(1, 2, 9, 8)], lambda x: I(x, size=(4, 3), mode="bicubic")),
    ("bicubic_scale1.7x0.6", [(1, 1, 5, 6)], lambda x: I(x, scale_factor=(1.7, 0.6), mode="bicubic")),
    ("trilinear_4x6x3", [(1, 2, 3, 4, 5)], lambda x: I(x, size=(4, 6, 3), mode="trilinear")),
    ("trilinear_scale1.5_align", [(1, 1, 3, 3, 4)], lambda x: I(x, scale_factor=1.5, mode="trilinear", align_corners=True)),
    ("area_1d_7to3", [(1, 2, 7)], lambda x: I(x, size=3, mode="area")),
    ("area_2d_7x9to3x5", [(1, 2, 7, 9)], lambda x: I(x, size=(3, 5), mode="area")),
    ("area_2d_scale1.5", [(1, 1, 3, 4)], lambda x: I(x, scale_factor=1.5, mode="area")),
    ("area_3d_4x5x6to2x3x4", [(1, 1, 4, 5, 6)], lambda x: I(x, size=(2, 3, 4), mode="area")),
    # shuffles, fold and unfold
    ("pixel_shuffle_r2", [(2, 8, 2, 3)], lambda x: F.pixel_shuffle(x, 2)),
    ("pixel_shuffle_r3_unbatched", [(9, 2, 2)], lambda x: F.pixel_shuffle(x, 3)),
    ("pixel_unshuffle_r2", [(1, 2, 4, 6)], lambda x: F.pixel_unshuffle(x, 2)),
    ("channel_shuffle_g3", [(2, 6, 2, 2)], lambda x: channel_shuffle(x, 3)),
    ("unfold_k2", [(1, 2, 3, 4)], lambda x: F.unfold(x, 2)),
    ("unfold_k3_p1_s2_d1", [(2, 1, 5, 6)], lambda x: F.unfold(x, 3, padding=1, stride=2)),
    ("unfold_k2x3_d2_p1", [(1, 2, 5, 6)], lambda x: F.unfold(x, (2, 3), dilation=2, padding=1)),
    ("fold_5x6_k3_p1_s2", [(2, 9, 9)], lambda x: F.fold(x, (5, 6), 3, padding=1, stride=2)),
    ("fold_4x5_k2x3", [(1, 12, 9)], lambda x: F.fold(x, (4, 5), (2, 3))),
    # grid sample: modes, paddings, align corners, 4-D and 5-D
]
for mode in ["bilinear", "nearest", "bicubic"]:
    for pad in ["zeros", "border", "reflection"]:
        for align in [False, True]:
            name = f"grid_sample_2d_{mode}_{pad}_{'align' if align else 'noalign'}"
            cases.append((name, [(1, 2, 4, 5), ((1, 3, 4, 2), 1.2)],
                          lambda x, g, m=mode, p=pad, a=align: F.grid_sample(x, g, mode=m, padding_mode=p, align_corners=a)))
for mode in ["bilinear", "nearest"]:
    for pad in ["zeros", "border", "reflection"]:
        for align in [False, True]:
            name = f"grid_sample_3d_{mode}_{pad}_{'align' if align else 'noalign'}"
            cases.append((name, [(1, 2, 3, 4, 3), ((1, 2, 3, 2, 3), 1.2)],
                          lambda x, g, m=mode, p=pad, a=align: F.grid_sample(x, g, mode=m, padding_mode=p, align_corners=a)))
cases += [
    ("grid_sample_2d_batch2", [(2, 3, 3, 4), ((2, 2, 5, 2), 1.2)], lambda x, g: F.grid_sample(x, g, align_corners=False)),
    ("affine_grid_2d_noalign", [((2, 2, 3), 0.8)], lambda t: F.affine_grid(t, (2, 3, 4, 5), align_corners=False)),
    ("affine_grid_2d_align", [((1, 2, 3), 0.8)], lambda t: F.affine_grid(t, (1, 1, 3, 1), align_corners=True)),
    ("affine_grid_3d_noalign", [((1, 3, 4), 0.8)], lambda t: F.affine_grid(t, (1, 2, 2, 3, 4), align_corners=False)),
    ("affine_grid_3d_align", [((2, 3, 4), 0.8)], lambda t: F.affine_grid(t, (2, 1, 3, 2, 2), align_corners=True)),
]

print("// <auto-generated> by reference/resampling_reference.py with PyTorch " + torch.__version__ + "; do not edit. </auto-generated>")
print("namespace DeepNotes.Tests.Resampling;")
print()
print("/// <summary>PyTorch 1.13 outputs and input gradients of the resampling ops (see reference/resampling_reference.py).</summary>")
print("internal static class ResamplingTorchReference")
print("{")
print("    public static readonly Dictionary<string, ResamplingReferenceCase> Cases = new()")
print("    {")
for c in cases:
    case(*c)
print("    };")
print("}")
