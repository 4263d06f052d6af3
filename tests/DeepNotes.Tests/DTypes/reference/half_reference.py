"""Reference values for Float16/BFloat16 in tests/DeepNotes.Tests/DTypes (Debian /usr/bin/python3, torch 1.13).

Prints the bit patterns torch gives when rounding float32/float64 inputs (ties, subnormals, overflow, NaN) to
float16 and bfloat16, pasted into HalfStorageTests.cs, and writes
../../Serialization/fixtures/torch_half.safetensors (safetensors written by hand, as make_fixture.py does).
"""
import json
import os
import struct

import torch

# float32 inputs: exact halves of the F16/BF16 grids (ties), just above/below, subnormals, overflow, NaN, -0
F32 = [1.0, 1.0009765625 / 2 + 0.5, 1.00048828125, 1.00146484375, 1.0000001, 65504.0, 65520.0, 65519.996,
       5.960464477539063e-08, 2.980232238769531e-08, 2.9802326e-08, 1e-10, -0.0, float("inf"), float("-inf"),
       1.00390625, 1.01171875, 1.0039063, 3.3895314e38, 3.4028235e38, 1.0 / 3.0, -2.5, 1e-40]
# float64 inputs rounded to float16 directly (one rounding; via float32 two roundings could differ)
F64 = [1.0 + 2.0 ** -11 + 2.0 ** -40, 1.0 + 2.0 ** -11, 0.1, 65519.99999999]


def bits16(t):
    return t.view(torch.int16).to(torch.int32).bitwise_and(0xFFFF).tolist()


def main():
    x = torch.tensor(F32, dtype=torch.float32)
    print("F32 = new float[] { " + ", ".join(repr(v) + "f" if v == v and abs(v) != float("inf") else ("float.PositiveInfinity" if v > 0 else "float.NegativeInfinity") for v in x.tolist()) + " };")
    print("HalfBits = new ushort[] { " + ", ".join(f"0x{b:04X}" for b in bits16(x.to(torch.float16))) + " };")
    print("BFloat16Bits = new ushort[] { " + ", ".join(f"0x{b:04X}" for b in bits16(x.to(torch.bfloat16))) + " };")
    print("NaN: half", f"0x{bits16(torch.tensor([float('nan')]).to(torch.float16))[0]:04X}",
          "bf16", f"0x{bits16(torch.tensor([float('nan')]).to(torch.bfloat16))[0]:04X}")
    d = torch.tensor(F64, dtype=torch.float64)
    print("F64 = new double[] { " + ", ".join(repr(v) for v in d.tolist()) + " };")
    print("HalfFromDoubleBits = new ushort[] { " + ", ".join(f"0x{b:04X}" for b in bits16(d.to(torch.float16))) + " };")
    print("BFloat16FromDoubleBits = new ushort[] { " + ", ".join(f"0x{b:04X}" for b in bits16(d.to(torch.bfloat16))) + " };")
    print("str half:", repr(str(torch.tensor([1.5, -0.25, 65504.0], dtype=torch.float16))))

    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "Serialization", "fixtures", "torch_half.safetensors")
    tensors = {"h": x.to(torch.float16).reshape(23), "b": x.to(torch.bfloat16)}
    header, blobs, offset = {}, [], 0
    for name, t in [("b", tensors["b"]), ("h", tensors["h"])]:  # BF16 ranks above F16 in the reference order
        data = t.contiguous().view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": "BF16" if t.dtype == torch.bfloat16 else "F16", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
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
    main()
