"""Prints Pooling3DTorchReference.cs: PyTorch 1.13 values for the 3-D poolings, the max unpoolings and the padding layers.

Run with Debian's PyTorch:
    /usr/bin/python3 tests/DeepNotes.Tests/Pooling/reference/pooling3d_reference.py > tests/DeepNotes.Tests/Pooling/Pooling3DTorchReference.cs
Inputs are deterministic: x[i] = 3 sin(1.3 i + 0.2) in float64 over the flattened shape (PoolingTestHelpers.SineInput),
the output gradient is w[j] = cos(0.7 j) (PoolingTestHelpers.CosineWeights). Each case holds (output shape, output
values, dL/dx for L = sum(y * w), and for the max poolings the int64 indices as ints, else null). An unpooling case
first max-pools the sine input (indices listed), then unpools the pooled values as a new leaf.
"""
import math

import torch
import torch.nn.functional as F


def inp(shape):
    n = math.prod(shape)
    return torch.tensor([3 * math.sin(1.3 * i + 0.2) for i in range(n)], dtype=torch.float64).reshape(shape)


def fmt(t):
    return ", ".join(repr(float(v)) for v in t.flatten().tolist())


def ints(t):
    return ", ".join(str(int(v)) for v in t.flatten().tolist())


def weights(y):
    return torch.tensor([math.cos(0.7 * j) for j in range(y.numel())], dtype=torch.float64).reshape(y.shape)


def emit(name, shape, y, grad, indices=None):
    print(f"        // {name}: input {list(shape)} -> {list(y.shape)}")
    idx = "null" if indices is None else f"[{ints(indices)}]"
    print(f'        ["{name}"] = ([{", ".join(map(str, y.shape))}], [{fmt(y.detach())}],')
    print(f"            [{fmt(grad)}],")
    print(f"            {idx}),")


def case(name, shape, fn):
    """fn returns y or (y, indices)."""
    x = inp(shape).requires_grad_(True)
    r = fn(x)
    y, idx = (r if isinstance(r, tuple) else (r, None))
    (y * weights(y)).sum().backward()
    emit(name, shape, y, x.grad, idx)


def unpool_case(name, shape, pool, unpool):
    """pool(x) -> (pooled, indices); unpool(pooled_leaf, indices) -> y. Indices are those of the pooling."""
    pooled, idx = pool(inp(shape))
    leaf = pooled.detach().clone().requires_grad_(True)
    y = unpool(leaf, idx)
    (y * weights(y)).sum().backward()
    emit(name, shape, y, leaf.grad, idx)


pool_cases = [
    ("max3d_k2", (1, 2, 4, 4, 6), lambda x: F.max_pool3d(x, 2, return_indices=True)),
    ("max3d_k3_s2_p1", (1, 2, 5, 6, 5), lambda x: F.max_pool3d(x, 3, 2, 1, return_indices=True)),
    ("max3d_k2x2x3_s1x2x2_p0x1x1_d2x1x2", (1, 1, 4, 7, 8),
     lambda x: F.max_pool3d(x, (2, 2, 3), (1, 2, 2), (0, 1, 1), (2, 1, 2), return_indices=True)),
    ("max3d_k3_s2_ceil", (2, 1, 5, 6, 5), lambda x: F.max_pool3d(x, 3, 2, 0, 1, ceil_mode=True, return_indices=True)),
    ("max3d_k2_s2_p1_ceil", (1, 2, 3, 4, 5), lambda x: F.max_pool3d(x, 2, 2, 1, ceil_mode=True, return_indices=True)),
    ("max3d_unbatched_k2_s1", (2, 3, 4, 5), lambda x: F.max_pool3d(x, 2, 1, return_indices=True)),
    ("max3d_k1x2x2", (1, 3, 3, 4, 4), lambda x: F.max_pool3d(x, (1, 2, 2), return_indices=True)),
    ("avg3d_k2", (1, 2, 4, 4, 6), lambda x: F.avg_pool3d(x, 2)),
    ("avg3d_k3_s2_p1", (1, 2, 5, 6, 5), lambda x: F.avg_pool3d(x, 3, 2, 1)),
    ("avg3d_k3_s2_p1_exclude", (1, 2, 5, 6, 5), lambda x: F.avg_pool3d(x, 3, 2, 1, count_include_pad=False)),
    ("avg3d_k3_s2_p1_ceil", (1, 1, 6, 6, 6), lambda x: F.avg_pool3d(x, 3, 2, 1, ceil_mode=True)),
    ("avg3d_k3_s2_p1_ceil_exclude", (1, 1, 6, 6, 6), lambda x: F.avg_pool3d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)),
    ("avg3d_k2_ceil", (1, 1, 5, 5, 5), lambda x: F.avg_pool3d(x, 2, ceil_mode=True)),
    ("avg3d_k2x3x3_s1_p1_divisor7", (1, 1, 3, 4, 5), lambda x: F.avg_pool3d(x, (2, 3, 3), 1, 1, divisor_override=7)),
    ("avg3d_unbatched_k2_s1", (2, 3, 4, 5), lambda x: F.avg_pool3d(x, 2, 1)),
    ("avg3d_k1x3x2_s1x2x2_p0x1x1", (2, 2, 3, 5, 6), lambda x: F.avg_pool3d(x, (1, 3, 2), (1, 2, 2), (0, 1, 1))),
    ("adaptive_avg3d_5x6x7_to_2x3x4", (1, 2, 5, 6, 7), lambda x: F.adaptive_avg_pool3d(x, (2, 3, 4))),
    ("adaptive_avg3d_global", (2, 3, 2, 3, 4), lambda x: F.adaptive_avg_pool3d(x, 1)),
    ("adaptive_avg3d_Nonex2x3", (1, 2, 3, 5, 7), lambda x: F.adaptive_avg_pool3d(x, (None, 2, 3))),
    ("adaptive_avg3d_upsample_2x3x2_to_3x4x5", (1, 1, 2, 3, 2), lambda x: F.adaptive_avg_pool3d(x, (3, 4, 5))),
    ("adaptive_max3d_5x6x7_to_2x3x4", (1, 2, 5, 6, 7), lambda x: F.adaptive_max_pool3d(x, (2, 3, 4), return_indices=True)),
    ("adaptive_max3d_unbatched_3x4xNone", (2, 5, 6, 3), lambda x: F.adaptive_max_pool3d(x, (3, 4, None), return_indices=True)),
    ("max1d_indices_k3_s2_p1", (2, 2, 9), lambda x: F.max_pool1d(x, 3, 2, 1, return_indices=True)),
    ("max2d_indices_k3_s2_p1_ceil", (1, 2, 6, 7), lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True, return_indices=True)),
]

unpool_cases = [
    ("unpool2d_k2", (1, 2, 4, 6), lambda x: F.max_pool2d(x, 2, return_indices=True),
     lambda y, i: F.max_unpool2d(y, i, 2)),
    ("unpool2d_k3_s2_p1_size", (1, 2, 5, 6), lambda x: F.max_pool2d(x, 3, 2, 1, return_indices=True),
     lambda y, i: F.max_unpool2d(y, i, 3, 2, 1, output_size=[5, 6])),
    ("unpool2d_k2_odd_size4d", (2, 1, 5, 7), lambda x: F.max_pool2d(x, 2, return_indices=True),
     lambda y, i: F.max_unpool2d(y, i, 2, output_size=[2, 1, 5, 7])),
    ("unpool2d_k3_s1_overlap", (1, 1, 4, 5), lambda x: F.max_pool2d(x, 3, 1, return_indices=True),
     lambda y, i: F.max_unpool2d(y, i, 3, 1)),
    ("unpool2d_unbatched_k2x3", (2, 4, 6), lambda x: F.max_pool2d(x, (2, 3), return_indices=True),
     lambda y, i: F.max_unpool2d(y, i, (2, 3))),
    ("unpool1d_k2", (2, 2, 8), lambda x: F.max_pool1d(x, 2, return_indices=True),
     lambda y, i: F.max_unpool1d(y, i, 2)),
    ("unpool1d_k3_s2_p1_size", (1, 2, 9), lambda x: F.max_pool1d(x, 3, 2, 1, return_indices=True),
     lambda y, i: F.max_unpool1d(y, i, 3, 2, 1, output_size=[9])),
    ("unpool3d_k2", (1, 2, 4, 4, 6), lambda x: F.max_pool3d(x, 2, return_indices=True),
     lambda y, i: F.max_unpool3d(y, i, 2)),
    ("unpool3d_k3_s2_p1_size", (1, 1, 5, 6, 5), lambda x: F.max_pool3d(x, 3, 2, 1, return_indices=True),
     lambda y, i: F.max_unpool3d(y, i, 3, 2, 1, output_size=[5, 6, 5])),
    ("unpool3d_unbatched_k1x2x2", (2, 3, 4, 4), lambda x: F.max_pool3d(x, (1, 2, 2), return_indices=True),
     lambda y, i: F.max_unpool3d(y, i, (1, 2, 2))),
]

pad_cases = [
    ("zero1d_2_1", (2, 3, 5), lambda x: F.pad(x, (2, 1))),
    ("constant1d_crop", (2, 3, 5), lambda x: F.pad(x, (-1, 2), value=1.5)),
    ("reflect1d_3_2", (2, 3, 5), lambda x: F.pad(x, (3, 2), mode="reflect")),
    ("replicate1d_2_4", (2, 3, 5), lambda x: F.pad(x, (2, 4), mode="replicate")),
    ("circular1d_2_3", (2, 3, 5), lambda x: F.pad(x, (2, 3), mode="circular")),
    ("zero2d_1_2_3_0", (1, 2, 4, 5), lambda x: F.pad(x, (1, 2, 3, 0))),
    ("constant2d_2_value", (1, 2, 3, 4), lambda x: F.pad(x, (2, 2, 2, 2), value=-0.5)),
    ("reflect2d_1_2_3_0", (1, 2, 4, 5), lambda x: F.pad(x, (1, 2, 3, 0), mode="reflect")),
    ("reflect2d_unbatched_2", (2, 4, 5), lambda x: F.pad(x, (2, 2, 2, 2), mode="reflect")),
    ("replicate2d_1_2_3_0", (1, 2, 4, 5), lambda x: F.pad(x, (1, 2, 3, 0), mode="replicate")),
    ("circular2d_1_2_3_0", (1, 2, 4, 5), lambda x: F.pad(x, (1, 2, 3, 0), mode="circular")),
    ("zero3d_1", (1, 2, 2, 3, 4), lambda x: F.pad(x, (1, 1, 1, 1, 1, 1))),
    ("constant3d_tuple", (1, 1, 2, 3, 4), lambda x: F.pad(x, (1, 0, 2, 1, 0, 2), value=2.0)),
    ("reflect3d_1_0_2_1_1_2", (1, 2, 3, 4, 5), lambda x: F.pad(x, (1, 0, 2, 1, 1, 2), mode="reflect")),
    ("replicate3d_1_0_2_1_1_2", (1, 2, 3, 4, 5), lambda x: F.pad(x, (1, 0, 2, 1, 1, 2), mode="replicate")),
    ("circular3d_1_0_2_1_1_2", (1, 2, 3, 4, 5), lambda x: F.pad(x, (1, 0, 2, 1, 1, 2), mode="circular")),
    ("replicate3d_unbatched_1", (2, 2, 3, 4), lambda x: F.pad(x, (1, 1, 1, 1, 1, 1), mode="replicate")),
]

print("// Generated by reference/pooling3d_reference.py (PyTorch %s); do not edit by hand." % torch.__version__)
print("namespace DeepNotes.Tests.Pooling;")
print()
print("/// <summary>")
print("/// Values printed by PyTorch 1.13 (reference/pooling3d_reference.py, run with /usr/bin/python3): for each case the")
print("/// output shape, output values, dL/dx for L = sum(y * w) and, for max poolings and unpoolings, the pooling's indices.")
print("/// Inputs x[i] = 3 sin(1.3 i + 0.2), weights w[j] = cos(0.7 j).")
print("/// </summary>")
print("internal static class Pooling3DTorchReference")
print("{")
for title, cases, fn in [("Pooling", pool_cases, case), ("Unpooling", unpool_cases, unpool_case), ("Padding", pad_cases, case)]:
    print(f"    public static readonly Dictionary<string, (int[] Shape, double[] Output, double[] InputGrad, int[]? Indices)> {title} = new()")
    print("    {")
    for c in cases:
        fn(*c)
    print("    };")
    print()
print("}")
