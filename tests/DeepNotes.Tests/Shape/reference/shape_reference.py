"""Prints PyTorch 1.13 reference values for tests/DeepNotes.Tests/Shape (pasted into ShapeTorchReference.cs).

Run with Debian's PyTorch: /usr/bin/python3 tests/DeepNotes.Tests/Shape/reference/shape_reference.py > ShapeTorchReference.cs
Inputs are deterministic, so the C# tests rebuild them without random numbers: operand k (k = 0, 1, 2) of shape s holds
v[i] = 3 sin(1.3 i + 0.2 + 0.7 k) in float64 over the flattened shape. The output gradient is w[j] = cos(0.7 j). For each
case the script prints the output shape and values and dL/d(operand) for L = sum(y * w). Ops that return several tensors
are checked through the concatenation of their flattened pieces, piece p scaled by (p + 1).
"""
import math

import torch
import torch.nn.functional as F


def inp(shape, k):
    n = math.prod(shape)
    return torch.tensor([3 * math.sin(1.3 * i + 0.2 + 0.7 * k) for i in range(n)], dtype=torch.float64).reshape(shape)


def fmt(t):
    return ", ".join(repr(float(v)) for v in t.flatten().tolist())


def pieces(ts):
    return torch.cat([t.flatten() * (p + 1) for p, t in enumerate(ts)])


def case(name, shapes, fn):
    xs = [inp(s, k).requires_grad_(True) for k, s in enumerate(shapes)]
    y = fn(*xs)
    w = torch.tensor([math.cos(0.7 * j) for j in range(y.numel())], dtype=torch.float64).reshape(y.shape)
    (y * w).sum().backward()
    grads = ", ".join("[" + (fmt(x.grad) if x.grad is not None else fmt(torch.zeros_like(x))) + "]" for x in xs)
    print(f'        ["{name}"] = new([{", ".join(map(str, y.shape))}], [{fmt(y.detach())}],')
    print(f"            [{grads}]),")


cases = [
    ("flip_0_2", [(2, 3, 4)], lambda x: x.flip(0, 2)),
    ("flip_last", [(2, 3, 4)], lambda x: x.flip(-1)),
    ("flip_all", [(2, 3, 4)], lambda x: x.flip(0, 1, 2)),
    ("fliplr", [(3, 4)], lambda x: x.fliplr()),
    ("flipud", [(3, 4, 2)], lambda x: x.flipud()),
    ("roll_1_d1", [(2, 3, 4)], lambda x: x.roll(1, 1)),
    ("roll_flat_neg5", [(2, 3, 4)], lambda x: x.roll(-5)),
    ("roll_multi", [(2, 3, 4)], lambda x: x.roll((1, -2), (0, 2))),
    ("roll_same_dim", [(3, 4)], lambda x: x.roll((1, 2), (1, 1))),
    ("roll_big", [(3, 4)], lambda x: x.roll(13, -1)),
    ("rot90_k1", [(3, 4)], lambda x: x.rot90()),
    ("rot90_k2", [(3, 4)], lambda x: x.rot90(2)),
    ("rot90_k3", [(3, 4)], lambda x: x.rot90(3)),
    ("rot90_km1_dims12", [(2, 3, 4)], lambda x: x.rot90(-1, (1, 2))),
    ("rot90_dims10", [(3, 4)], lambda x: x.rot90(1, (1, 0))),
    ("repeat_2_1_3", [(2, 3)], lambda x: x.repeat(2, 1, 3)),
    ("repeat_3_2", [(2, 3)], lambda x: x.repeat(3, 2)),
    ("tile_2", [(2, 3, 4)], lambda x: x.tile((2,))),
    ("repeat_interleave_2_dim1", [(2, 3)], lambda x: x.repeat_interleave(2, dim=1)),
    ("repeat_interleave_flat", [(2, 3)], lambda x: x.repeat_interleave(3)),
    ("repeat_interleave_tensor", [(3, 2)], lambda x: x.repeat_interleave(torch.tensor([1, 0, 2]), dim=0)),
    ("split_2", [(5, 3)], lambda x: pieces(x.split(2))),
    ("split_sizes", [(3, 6)], lambda x: pieces(x.split([1, 3, 2], 1))),
    ("chunk_3", [(7, 2)], lambda x: pieces(x.chunk(3))),
    ("chunk_4_of_6", [(2, 6)], lambda x: pieces(x.chunk(4, -1))),
    ("tensor_split_3", [(2, 7)], lambda x: pieces(x.tensor_split(3, 1))),
    ("tensor_split_idx", [(6, 2)], lambda x: pieces(x.tensor_split([1, -2, 9]))),
    ("unbind_1", [(2, 3, 2)], lambda x: pieces(x.unbind(1))),
    ("unflatten", [(2, 6, 2)], lambda x: x.unflatten(1, (2, -1))),
    ("movedim", [(2, 3, 4)], lambda x: x.movedim((0, 1), (2, 0))),
    ("movedim_single", [(2, 3, 4)], lambda x: x.movedim(-1, 0)),
    ("swapaxes", [(2, 3, 4)], lambda x: x.swapaxes(0, 2)),
    ("diagonal", [(3, 4)], lambda x: x.diagonal()),
    ("diagonal_off1", [(3, 4)], lambda x: x.diagonal(1)),
    ("diagonal_off_big", [(3, 4)], lambda x: x.diagonal(5)),
    ("diagonal_neg_d12", [(2, 4, 3)], lambda x: x.diagonal(-1, 1, 2)),
    ("diagonal_d20", [(2, 3, 4)], lambda x: x.diagonal(1, 2, 0)),
    ("diag_1d_off1", [(3,)], lambda x: torch.diag(x, 1)),
    ("diag_1d_offm2", [(3,)], lambda x: torch.diag(x, -2)),
    ("diag_2d_offm1", [(3, 4)], lambda x: torch.diag(x, -1)),
    ("diag_embed", [(2, 3)], lambda x: torch.diag_embed(x)),
    ("diag_embed_off1_d02", [(2, 3)], lambda x: torch.diag_embed(x, 1, 0, 2)),
    ("diag_embed_offm1_d20", [(2, 3)], lambda x: torch.diag_embed(x, -1, 2, 0)),
    ("tril", [(3, 4)], lambda x: x.tril()),
    ("tril_batched_m1", [(2, 3, 4)], lambda x: x.tril(-1)),
    ("tril_2", [(4, 3)], lambda x: x.tril(2)),
    ("triu_1", [(3, 4)], lambda x: x.triu(1)),
    ("triu_batched_m1", [(2, 4, 3)], lambda x: x.triu(-1)),
    ("triu_far", [(3, 4)], lambda x: x.triu(9)),
    ("trace", [(3, 4)], lambda x: x.trace()),
    ("outer", [(3,), (4,)], lambda a, b: torch.outer(a, b)),
    ("kron", [(2, 3), (3, 2)], lambda a, b: torch.kron(a, b)),
    ("kron_ranks", [(2,), (2, 3)], lambda a, b: torch.kron(a, b)),
    ("cross_last", [(2, 3), (2, 3)], lambda a, b: torch.linalg.cross(a, b)),
    ("cross_dim0", [(3, 2), (3, 2)], lambda a, b: torch.linalg.cross(a, b, dim=0)),
    ("cross_broadcast", [(1, 3), (4, 3)], lambda a, b: torch.linalg.cross(a, b)),
    ("broadcast_to", [(3, 1)], lambda x: x.broadcast_to(2, 3, 4)),
    ("meshgrid_ij", [(3,), (4,)], lambda a, b: pieces(torch.meshgrid(a, b, indexing="ij"))),
    ("meshgrid_xy", [(3,), (4,), (2,)], lambda a, b, c: pieces(torch.meshgrid(a, b, c, indexing="xy"))),
    ("cartesian_prod", [(2,), (3,), (2,)], lambda a, b, c: torch.cartesian_prod(a, b, c)),
    ("einsum_matmul", [(2, 3), (3, 4)], lambda a, b: torch.einsum("ij,jk->ik", a, b)),
    ("einsum_bmm", [(2, 2, 3), (2, 3, 4)], lambda a, b: torch.einsum("bij,bjk->bik", a, b)),
    ("einsum_diag", [(3, 3)], lambda a: torch.einsum("ii->i", a)),
    ("einsum_trace_implicit", [(3, 3)], lambda a: torch.einsum("ii", a)),
    ("einsum_sum_all", [(2, 3)], lambda a: torch.einsum("ij->", a)),
    ("einsum_transpose_implicit", [(2, 3)], lambda a: torch.einsum("ba", a)),
    ("einsum_outer", [(3,), (2,)], lambda a, b: torch.einsum("i,j->ij", a, b)),
    ("einsum_dot", [(4,), (4,)], lambda a, b: torch.einsum("i,i->", a, b)),
    ("einsum_ellipsis", [(2, 2, 3, 4), (4, 2)], lambda a, b: torch.einsum("...ij,jk", a, b)),
    ("einsum_ellipsis_broadcast", [(2, 1, 3), (4, 3)], lambda a, b: torch.einsum("...i,...i->...", a, b)),
    ("einsum_attention", [(1, 2, 3, 4), (1, 2, 5, 4)], lambda a, b: torch.einsum("bhqd,bhkd->bhqk", a, b)),
    ("einsum_three", [(2, 3), (3, 4), (4, 2)], lambda a, b, c: torch.einsum("ij,jk,kl->il", a, b, c)),
    ("einsum_chain_batch", [(2, 3, 2), (2, 2), (3, 2)], lambda a, b, c: torch.einsum("bij,jk,ik->bk", a, b, c)),
    ("einsum_repeat_mixed", [(3, 3, 2), (2, 3)], lambda a, b: torch.einsum("iij,ji->j", a, b)),
    ("einsum_upper", [(2, 3), (3, 2)], lambda a, b: torch.einsum("Ab,bA", a, b)),
    ("einsum_keep_summed", [(2, 3), (2, 4)], lambda a, b: torch.einsum("ij,ik->k", a, b)),
    ("pad_constant", [(2, 3, 4)], lambda x: F.pad(x, (1, 2), value=1.5)),
    ("pad_constant_2d", [(2, 3, 4)], lambda x: F.pad(x, (1, 0, 2, 1))),
    ("pad_constant_negative", [(2, 3, 4)], lambda x: F.pad(x, (-1, 2, 1, -1))),
    ("pad_constant_3dims", [(2, 3, 4)], lambda x: F.pad(x, (0, 1, 1, 0, 1, 1))),
    ("pad_reflect_1d", [(1, 2, 5)], lambda x: F.pad(x, (2, 3), mode="reflect")),
    ("pad_reflect_2d", [(1, 2, 4, 5)], lambda x: F.pad(x, (1, 2, 3, 1), mode="reflect")),
    ("pad_reflect_negative", [(1, 1, 5)], lambda x: F.pad(x, (-2, 3), mode="reflect")),
    ("pad_reflect_3d", [(1, 1, 3, 3, 4)], lambda x: F.pad(x, (1, 2, 2, 1, 1, 2), mode="reflect")),
    ("pad_replicate_2d", [(1, 2, 3, 4)], lambda x: F.pad(x, (2, 1, 0, 3), mode="replicate")),
    ("pad_replicate_negative", [(1, 1, 5)], lambda x: F.pad(x, (-2, 3), mode="replicate")),
    ("pad_replicate_3d", [(1, 1, 2, 3, 4)], lambda x: F.pad(x, (1, 1, 1, 1, 1, 1), mode="replicate")),
    ("pad_circular_2d", [(1, 2, 3, 4)], lambda x: F.pad(x, (1, 2, 3, 0), mode="circular")),
    ("pad_circular_negative", [(1, 1, 5)], lambda x: F.pad(x, (2, -1), mode="circular")),
    ("pad_circular_full", [(1, 2, 3)], lambda x: F.pad(x, (3, 3), mode="circular")),
    ("hstack_1d", [(3,), (2,)], lambda a, b: torch.hstack((a, b))),
    ("hstack_2d", [(2, 3), (2, 1)], lambda a, b: torch.hstack((a, b))),
    ("vstack", [(3,), (2, 3)], lambda a, b: torch.vstack((a, b))),
    ("dstack", [(2, 3), (2, 3, 2)], lambda a, b: torch.dstack((a, b))),
    ("column_stack", [(3,), (3, 2)], lambda a, b: torch.column_stack((a, b))),
    ("cat_dim1", [(2, 3), (2, 1)], lambda a, b: torch.cat((a, b), 1)),
]

print("// <auto-generated> by tests/DeepNotes.Tests/Shape/reference/shape_reference.py (PyTorch " + torch.__version__ + ") </auto-generated>")
print("namespace DeepNotes.Tests.ShapeOps;")
print()
print("/// <summary>PyTorch values of the shape-op cases: output shape, output, and gradient per operand for L = sum(y * w).</summary>")
print("internal static class ShapeTorchReference")
print("{")
print("    public static readonly Dictionary<string, ShapeCase> Cases = new()")
print("    {")
for name, shapes, fn in cases:
    case(name, shapes, fn)
print("    };")
print()
print("    /// <summary>Operand shapes per case.</summary>")
print("    public static readonly Dictionary<string, int[][]> Shapes = new()")
print("    {")
for name, shapes, fn in cases:
    print(f'        ["{name}"] = [' + ", ".join("[" + ", ".join(map(str, s)) + "]" for s in shapes) + "],")
print("    };")
print("}")
