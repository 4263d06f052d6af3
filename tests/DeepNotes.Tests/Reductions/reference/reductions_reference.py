"""Prints PyTorch 1.13 reference values for tests/DeepNotes.Tests/Reductions as a C# file.

Run with Debian's PyTorch:
    /usr/bin/python3 tests/DeepNotes.Tests/Reductions/reference/reductions_reference.py \
        > tests/DeepNotes.Tests/Reductions/ReductionsTorchReference.cs
Inputs are x[i] = 3 sin(1.3 i + 0.2) over the flattened shape (Float64) unless a case lists its values (ties, NaN,
zeros, integers). Each case prints the input, the concatenation of its flattened floating outputs and of its integer
outputs (indices, counts), and dL/dx for L = sum(out * w), w[j] = cos(0.7 j), when the op is differentiable there.
"""
import math

import torch

nan, inf = float("nan"), float("inf")


def sine(shape):
    n = math.prod(shape)
    return [3 * math.sin(1.3 * i + 0.2) for i in range(n)]


def lit(v):
    v = float(v)
    if math.isnan(v):
        return "double.NaN"
    if math.isinf(v):
        return "double.PositiveInfinity" if v > 0 else "double.NegativeInfinity"
    return repr(v)


def arr(values):
    return "[" + ", ".join(lit(v) for v in values) + "]"


def iarr(values):
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


CASES = []


def case(name, shape, fn, data=None, dtype=torch.float64, grad=True, indices=True):
    CASES.append((name, shape, fn, data, dtype, grad, indices))


def run(name, shape, fn, data, dtype, grad, indices):
    values = data if data is not None else sine(shape)
    x = torch.tensor(values, dtype=dtype).reshape(shape)
    if dtype.is_floating_point and grad:
        x.requires_grad_(True)
    outs = fn(x)
    if isinstance(outs, torch.Tensor):
        outs = [outs]
    outs = list(outs)
    if dtype.is_floating_point:
        floats = [o for o in outs if o.dtype.is_floating_point]
        ints = [o for o in outs if not o.dtype.is_floating_point]
    else:
        floats, ints = outs[:1], outs[1:]
    ints = [o.to(torch.int64) for o in ints]
    out_shape = list(floats[0].shape)
    flat = torch.cat([o.detach().reshape(-1).to(torch.float64) for o in floats]) if floats else torch.zeros(0)
    g = None
    if dtype.is_floating_point and grad:
        w = torch.tensor([math.cos(0.7 * j) for j in range(flat.numel())], dtype=dtype)
        total = torch.cat([o.reshape(-1) for o in floats])
        (total * w).sum().backward()
        g = (x.grad if x.grad is not None else torch.zeros_like(x)).reshape(-1).tolist()
    idx = torch.cat([o.reshape(-1) for o in ints]).tolist() if (ints and indices) else None
    print(f'        ["{name}"] = new({iarr(shape)}, {arr(values)},')
    print(f'            {iarr(out_shape)}, {arr(flat.tolist())},')
    print(f'            {iarr(idx) if idx is not None else "null"}, {arr(g) if g is not None else "null"}),')


# ---------- Prod ----------
case("prod_all", [3, 4], lambda x: x.prod())
case("prod_dim1", [3, 4], lambda x: x.prod(1))
case("prod_dim0_keep", [3, 4], lambda x: x.prod(0, keepdim=True))
case("prod_zeros_dim1", [2, 3], lambda x: x.prod(1), [2., 0., 3., 0., 0., 1.])
case("prod_zeros_all", [4], lambda x: x.prod(), [2., 0., 3., 4.])
case("prod_one_zero_all", [2, 2], lambda x: x.prod(), [2., 0., 3., 4.5])
case("prod_int", [2, 3], lambda x: x.prod(1), [2, -3, 4, 1, 5, 6], dtype=torch.int32)
# ---------- cumulative ----------
case("cumsum_dim0", [3, 4], lambda x: x.cumsum(0))
case("cumsum_dimneg1", [2, 3, 4], lambda x: x.cumsum(-1))
case("cumsum_int", [2, 3], lambda x: x.cumsum(1), [1, 2, 3, -4, 5, 6], dtype=torch.int32)
case("cumprod_dim1", [3, 4], lambda x: x.cumprod(1))
case("cumprod_dim0", [3, 4], lambda x: x.cumprod(0))
case("cumprod_zeros", [4], lambda x: x.cumprod(0), [2., 0., 3., 4.])
case("cumprod_two_zeros", [2, 4], lambda x: x.cumprod(1), [2., 0., 3., 0., 1., 2., 0., 5.])
case("cummax_dim1", [2, 6], lambda x: x.cummax(1))
case("cummax_ties", [6], lambda x: x.cummax(0), [1., 3., 3., 2., 5., 5.])
case("cummax_nan", [6], lambda x: x.cummax(0), [1., 3., 3., 2., nan, 1.], grad=False)
case("cummin_ties", [6], lambda x: x.cummin(0), [3., 1., 1., 2., 0., 0.])
case("cummin_nan", [5], lambda x: x.cummin(0), [3., nan, 1., nan, 0.], grad=False)
case("cummin_dim0", [4, 3], lambda x: x.cummin(0))
case("cummax_int", [5], lambda x: x.cummax(0), [1, 3, 3, 2, 7], dtype=torch.int32)
case("logcumsumexp_dim1", [3, 4], lambda x: x.logcumsumexp(1))
case("logcumsumexp_dim0", [3, 4], lambda x: x.logcumsumexp(0))
case("logcumsumexp_large", [4], lambda x: x.logcumsumexp(0), [1000., 1001., -5., 1002.])
case("logcumsumexp_neginf", [4], lambda x: x.logcumsumexp(0), [-inf, -inf, 0., 1000.], grad=False)
# ---------- Norm ----------
for p, tag in [(2, "2"), (1, "1"), (inf, "inf"), (-inf, "neginf"), (0, "0"), (3, "3"), (0.5, "0.5"), (-1, "neg1"), (1.5, "1.5")]:
    case(f"norm_p{tag}_dim1", [3, 4], lambda x, p=p: torch.norm(x, p, dim=1))
    case(f"norm_p{tag}_zeros", [4], lambda x, p=p: torch.norm(x, p), [0., 3., -4., 0.])
case("norm_p2_all", [3, 4], lambda x: torch.norm(x))
case("norm_p2_dims02_keep", [2, 3, 4], lambda x: torch.norm(x, 2, dim=(0, 2), keepdim=True))
case("norm_p2_allzero", [3], lambda x: torch.norm(x), [0., 0., 0.])
case("norm_p3_allzero", [3], lambda x: torch.norm(x, 3), [0., 0., 0.])
# PyTorch 1.13 overflows (inf) and underflows (0) on [1e200, -2e200, 2e200] and [1e-200, ...]; ours rescales (tested by hand)
case("norm_pinf_ties", [3], lambda x: torch.norm(x, inf), [3., -3., 1.])
# ---------- Amax / Amin / Max(dim) ----------
case("amax_dims02", [2, 3, 4], lambda x: torch.amax(x, (0, 2)))
case("amax_ties", [2, 3], lambda x: torch.amax(x, 1), [3., 1., 3., 2., 2., 0.])
case("amin_all", [3, 4], lambda x: torch.amin(x))
case("amin_ties_keep", [2, 3], lambda x: torch.amin(x, 1, keepdim=True), [3., 1., 1., 2., 2., 2.])
case("aminmax_dim0", [3, 4], lambda x: torch.aminmax(x, dim=0), grad=False)
case("aminmax_all", [3, 4], lambda x: torch.aminmax(x), grad=False)
case("max_dim1", [3, 4], lambda x: torch.max(x, 1))
case("max_dim0_keep", [3, 4], lambda x: torch.max(x, 0, keepdim=True))
case("max_nan", [4], lambda x: torch.max(x, 0), [1., nan, 3., nan], grad=False)
case("min_ties", [4], lambda x: torch.min(x, 0), [1., 0., 3., 0.])
# ---------- Median / Nanmedian / Mode ----------
case("median_all", [3, 4], lambda x: x.median())
case("median_all_ties", [3], lambda x: x.median(), [3., 1., 3.])
case("median_dim1", [3, 5], lambda x: x.median(1))
case("median_dim1_even_keep", [3, 4], lambda x: x.median(1, keepdim=True))
case("median_dim0", [4, 3], lambda x: x.median(0))
case("median_ties", [6], lambda x: x.median(0), [2., 1., 2., 1., 2., 1.])
case("median_ties2", [5], lambda x: x.median(0), [5., 1., 1., 1., 5.])
case("median_nan", [4], lambda x: x.median(0), [2., nan, 1., nan], grad=False)
case("median_all_nan", [4], lambda x: x.median(), [2., nan, 1., 3.], grad=False)
case("nanmedian_dim", [5], lambda x: x.nanmedian(0), [2., nan, 1., 3., nan])
case("nanmedian_allnan", [2], lambda x: x.nanmedian(0), [nan, nan], grad=False)
case("nanmedian_all", [2, 3], lambda x: x.nanmedian(), [2., nan, 1., 3., nan, 0.5])
case("median_int", [2, 4], lambda x: x.median(1), [4, 1, 3, 2, 9, 9, 1, 1], dtype=torch.int32)
case("mode_dim1", [2, 7], lambda x: x.mode(1), [1., 2., 2., 1., 3., 2., 1., 3., 2., 2., 3., 3., 2., 1.])
case("mode_dim0_keep", [4, 2], lambda x: x.mode(0, keepdim=True), [1., 5., 2., 5., 2., 4., 1., 4.])
case("mode_int", [6], lambda x: x.mode(0), [4, 4, 7, 7, 1, 9], dtype=torch.int32)
# ---------- Quantile ----------
case("quantile_q03_dim1", [3, 5], lambda x: torch.quantile(x, 0.3, dim=1))
case("quantile_qvec_all", [3, 4], lambda x: torch.quantile(x, torch.tensor([0., 0.25, 0.5, 1.], dtype=torch.float64)))
case("quantile_qvec_dim0_keep", [4, 3], lambda x: torch.quantile(x, torch.tensor([0.2, 0.9], dtype=torch.float64), dim=0, keepdim=True))
case("quantile_all_keep", [2, 3], lambda x: torch.quantile(x, 0.6, keepdim=True))
for mode in ["lower", "higher", "midpoint", "nearest"]:
    case(f"quantile_{mode}", [3, 5], lambda x, mode=mode: torch.quantile(x, torch.tensor([0.1, 0.4, 0.5, 0.75], dtype=torch.float64), dim=1, interpolation=mode))
case("quantile_nearest_half", [4], lambda x: torch.quantile(x, torch.tensor([0.5, 1 / 6, 0.5 / 3], dtype=torch.float64), interpolation="nearest"), [0., 1., 2., 3.])
case("quantile_nan", [2, 3], lambda x: torch.quantile(x, 0.5, dim=1), [1., nan, 2., 3., 1., 2.], grad=False)
case("nanquantile", [2, 3], lambda x: torch.nanquantile(x, 0.25, dim=1), [1., nan, 2., 3., 1., 2.])
# ---------- Nansum / Nanmean / counts / logic / var_mean ----------
case("nansum_dim1", [2, 3], lambda x: x.nansum(1), [1., nan, 2., nan, nan, 3.])
case("nansum_all", [2, 3], lambda x: x.nansum(), [1., nan, 2., nan, nan, 3.])
case("nanmean_dim1", [2, 3], lambda x: x.nanmean(1), [1., nan, 2., nan, nan, 3.])
case("nanmean_dim0_allnan", [2, 2], lambda x: x.nanmean(0), [nan, 1., nan, 2.], grad=False)
case("var_mean_dim1", [3, 4], lambda x: torch.var_mean(x, 1))
case("var_mean_c0_keep", [3, 4], lambda x: torch.var_mean(x, 0, unbiased=False, keepdim=True))
case("std_mean_all", [3, 4], lambda x: torch.std_mean(x))
case("std_mean_dim0", [3, 4], lambda x: torch.std_mean(x, 0))
# ---------- Sort / ArgSort / TopK / KthValue ----------
case("sort_dimneg1", [3, 5], lambda x: torch.sort(x, stable=True, dim=-1))
case("sort_dim0_desc", [4, 3], lambda x: torch.sort(x, stable=True, dim=0, descending=True))
case("sort_ties", [6], lambda x: torch.sort(x, stable=True), [2., 1., 2., 1., 3., 1.])
case("sort_ties_desc", [6], lambda x: torch.sort(x, descending=True, stable=True), [2., 1., 2., 1., 3., 1.])
case("sort_nan", [5], lambda x: torch.sort(x, stable=True), [1., nan, 3., -nan, 1.], grad=False)
case("sort_nan_desc", [5], lambda x: torch.sort(x, descending=True, stable=True), [1., nan, 3., -nan, 1.], grad=False)
case("sort_signed_zero", [4], lambda x: torch.sort(x, stable=True), [0., -0., 0., -0.], grad=False)
case("sort_inf", [5], lambda x: torch.sort(x, stable=True), [inf, -1., -inf, 2., 0.], grad=False)
case("sort_int_desc", [2, 4], lambda x: torch.sort(x, stable=True, dim=1, descending=True), [3, -1, 3, 7, 0, 0, -5, 2], dtype=torch.int32)
case("msort", [4, 3], lambda x: torch.msort(x))
case("topk3_dim1", [3, 6], lambda x: torch.topk(x, 3, 1))
case("topk2_smallest_dim0", [5, 2], lambda x: torch.topk(x, 2, 0, largest=False))
case("topk_ties_values", [5], lambda x: torch.topk(x, 2), [1., 3., 3., 2., 3.], indices=False, grad=False)
case("topk_nan", [4], lambda x: torch.topk(x, 3), [1., nan, 3., nan], grad=False)
case("kthvalue2_dim1", [3, 5], lambda x: torch.kthvalue(x, 2, 1))
case("kthvalue4_dim0_keep", [5, 2], lambda x: torch.kthvalue(x, 4, 0, keepdim=True))
case("kthvalue_ties", [5], lambda x: torch.kthvalue(x, 2), [2., 1., 2., 1., 2.])
case("kthvalue_ties_values", [5], lambda x: torch.kthvalue(x, 4), [2., 1., 2., 1., 2.], indices=False, grad=False)
# ---------- Unique / histograms (not differentiable) ----------
case("unique", [6], lambda x: torch.unique(x, return_inverse=True, return_counts=True), [3., 1., 2., 3., 1., 1.], grad=False)
case("unique_2d_flat", [2, 3], lambda x: torch.unique(x, return_inverse=True, return_counts=True), [3., 1., 2., 3., 1., 1.], grad=False)
case("unique_dim0", [3, 2], lambda x: torch.unique(x, dim=0, return_inverse=True, return_counts=True), [1., 2., 0., 1., 1., 2.], grad=False)
case("unique_dim1", [2, 4], lambda x: torch.unique(x, dim=1, return_inverse=True, return_counts=True), [1., 0., 1., 2., 5., 4., 5., 0.], grad=False)
case("unique_nan_values", [5], lambda x: torch.unique(x), [nan, 1., nan, 1., 0.], grad=False)
case("unique_int", [5], lambda x: torch.unique(x, return_counts=True), [7, -2, 7, 0, -2], dtype=torch.int32)
case("unique_consecutive", [7], lambda x: torch.unique_consecutive(x, return_inverse=True, return_counts=True), [1., 1., 2., 2., 3., 1., 1.], grad=False)
case("unique_consecutive_nan", [5], lambda x: torch.unique_consecutive(x, return_inverse=True, return_counts=True), [nan, nan, 1., 1., 0.], grad=False)
case("unique_consecutive_dim1", [2, 4], lambda x: torch.unique_consecutive(x, dim=1, return_inverse=True, return_counts=True), [1., 1., 2., 1., 0., 0., 3., 0.], grad=False)
case("histc", [3, 4], lambda x: torch.histc(x, bins=5, min=-2, max=2), grad=False)
case("histc_auto", [4], lambda x: torch.histc(x, bins=4), [1., 2., 1., 4.], grad=False)
case("histc_same", [2], lambda x: torch.histc(x, bins=3), [2., 2.], grad=False)
case("histc_edges", [6], lambda x: torch.histc(x, bins=3, min=0, max=3), [0., 1., 2., 3., 3.5, -0.1], grad=False)

print("// Generated by reference/reductions_reference.py with PyTorch " + torch.__version__ + "; do not edit by hand.")
print("namespace DeepNotes.Tests.Reductions;")
print()
print("/// <summary>PyTorch 1.13 values for the reduction and sorting tests (see reference/reductions_reference.py).</summary>")
print("internal static class ReductionsTorchReference")
print("{")
print("    public static readonly Dictionary<string, TorchCase> Cases = new()")
print("    {")
for c in CASES:
    run(*c)
print("    };")
print()
print("    /// <summary>Bincount cases: (input, weights or null, minlength, expected).</summary>")
print("    public static readonly (int[] Input, double[]? Weights, int MinLength, double[] Expected)[] Bincount =")
print("    [")
for inp, wts, ml in [([0, 2, 2, 5, 1], None, 0), ([1, 1, 3], None, 6), ([0, 2, 2], [1.0, 2.0, 3.5], 0), ([], None, 3), ([4, 0], [0.5, -1.0], 2)]:
    t = torch.tensor(inp, dtype=torch.int64)
    r = torch.bincount(t, weights=torch.tensor(wts, dtype=torch.float64) if wts else None, minlength=ml)
    print(f"        ({iarr(inp)}, {arr(wts) if wts else 'null'}, {ml}, {arr(r.tolist())}),")
print("    ];")
print("}")
print()
print("/// <summary>One reference case: input, concatenated floating outputs, concatenated integer outputs, dL/dx.</summary>")
print("internal sealed record TorchCase(int[] InputShape, double[] Input, int[] OutputShape, double[] Output, int[]? Indices, double[]? Grad);")
