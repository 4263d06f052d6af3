"""Reference values for tests/DeepNotes.Tests/DTypes (run with Debian's /usr/bin/python3, torch 1.13).

Prints C# literals pasted into Int64ReferenceTests.cs / PromotionTableTests.cs, and writes
../../Serialization/fixtures/torch_int64.safetensors (picked up by the test project's fixture glob; the safetensors format written by hand, as Serialization/fixtures/make_fixture.py
does) holding int64 values beyond the Int32 range and beyond 2^53, an int32 tensor and a num_batches_tracked counter.
"""
import json
import os
import struct

import torch

NAMES = {torch.bool: "Bool", torch.int32: "Int32", torch.int64: "Int64", torch.float32: "Float32", torch.float64: "Float64"}


def cs_longs(t):
    return "new long[] { " + ", ".join(f"{v}L" for v in t.flatten().tolist()) + " }"


def cs_doubles(t):
    return "new double[] { " + ", ".join(repr(float(v)) for v in t.flatten().tolist()) + " }"


def cs_bools(t):
    return "new[] { " + ", ".join("true" if v else "false" for v in t.flatten().tolist()) + " }"


def promotion_table():
    print("// promotion: (a, b, add, comparison ok) as torch.result_type / torch.add")
    order = [torch.bool, torch.int32, torch.int64, torch.float32, torch.float64]
    for a in order:
        for b in order:
            x = torch.ones(2, dtype=a)
            y = torch.ones(2, dtype=b)
            r = (x + y).dtype if not (a == torch.bool and b == torch.bool) else torch.bool
            print(f'        {{ DType.{NAMES[a]}, DType.{NAMES[b]}, DType.{NAMES[r]} }},')
    print("// scalars")
    for a in [torch.int32, torch.int64, torch.float32]:
        x = torch.ones(2, dtype=a)
        print(f"// {NAMES[a]} + 2 -> {NAMES[(x + 2).dtype]}, {NAMES[a]} + 2.5 -> {NAMES[(x + 2.5).dtype]}, {NAMES[a]} / 2 -> {NAMES[(x / 2).dtype]}")


def arithmetic():
    a = torch.tensor([7, -7, 7, -7, 9007199254740993, -4611686018427387904, 0], dtype=torch.int64)
    b = torch.tensor([2, 2, -2, -2, 2, 3, 5], dtype=torch.int64)
    print("// a, b")
    print("A =", cs_longs(a))
    print("B =", cs_longs(b))
    print("Add =", cs_longs(a + b))
    print("Sub =", cs_longs(a - b))
    print("Mul =", cs_longs(a * b))
    print("Remainder =", cs_longs(torch.remainder(a, b)))
    print("Fmod =", cs_longs(torch.fmod(a, b)))
    print("Div (float32) =", cs_doubles(a / b), (a / b).dtype)
    print("Neg =", cs_longs(-a))
    print("Abs =", cs_longs(a.abs()))
    print("And =", cs_longs(a & b))
    print("Or =", cs_longs(a | b))
    print("Xor =", cs_longs(a ^ b))
    print("Not =", cs_longs(~a))
    print("Pow =", cs_longs(torch.tensor([3, -2, 2, 1, -1], dtype=torch.int64) ** torch.tensor([40, 3, 62, -1, -3], dtype=torch.int64)))
    print("Greater =", cs_bools(a > b))
    print("Sum =", a.sum().item(), a.sum().dtype)
    print("Prod =", torch.tensor([3, -5, 1 << 20, 1 << 20], dtype=torch.int64).prod().item())
    print("Max =", a.max().item(), "Min =", a.min().item(), "Argmax =", a.argmax().item(), "Argmin =", a.argmin().item())
    print("Cumsum =", cs_longs(a.cumsum(0)))
    s = a.sort()
    print("Sort =", cs_longs(s.values), "idx", s.indices.tolist(), s.indices.dtype)
    big = torch.tensor([9007199254740993, 9007199254740992, 9007199254740994], dtype=torch.int64)
    print("big + 1 =", cs_longs(big + 1), "big == 9007199254740992 ->", cs_bools(big == 9007199254740992))
    print("big.to(float64) =", cs_doubles(big.to(torch.float64)))
    print("big.to(int32) =", big.to(torch.int32).tolist())
    print("str(int64) =", repr(str(torch.tensor([[1, -20], [300, 9007199254740993]]))))
    f = torch.tensor([2.7, -2.7, 0.5, -0.5, 1e10])
    print("float32.to(int64) =", cs_longs(f.to(torch.int64)))


def fixture():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "Serialization", "fixtures", "torch_int64.safetensors")
    tensors = {
        "big": torch.tensor([[9007199254740993, -9223372036854775808], [9223372036854775807, 1 << 40]], dtype=torch.int64),
        "bn.num_batches_tracked": torch.tensor(3000000000, dtype=torch.int64),
        "labels": torch.tensor([2, 0, 1], dtype=torch.int64),
        "ids32": torch.tensor([-5, 6], dtype=torch.int32),
    }
    order = ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
    code = {torch.int64: "I64", torch.int32: "I32"}
    items = sorted(tensors.items(), key=lambda kv: (-order.index(code[kv[1].dtype]), kv[0]))
    header, blobs, offset = {}, [], 0
    for name, t in items:
        data = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": code[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    print("wrote", path)


if __name__ == "__main__":
    promotion_table()
    arithmetic()
    fixture()
