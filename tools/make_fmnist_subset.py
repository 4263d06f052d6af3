#!/usr/bin/python3
"""Builds the Fashion-MNIST subset embedded in the DeepNotes assembly (src/DeepNotes/Data/Resources/).

From the real Fashion-MNIST IDX files (Debian package dataset-fashion-mnist) it keeps, for every class 0..9, the
first 200 training examples and the first 50 test examples in file order; the kept examples stay in file order.
The output is gzip-compressed IDX (level 9, mtime 0 and no file name in the header, so the bytes are reproducible).

Run:   /usr/bin/python3 tools/make_fmnist_subset.py [source_folder]
       (default source /usr/share/datasets/fashion-mnist; writes into src/DeepNotes/Data/Resources/)
It prints SHA-256 digests of the kept raw pixel and label bytes, which
tests/DeepNotes.Tests/Data/FashionMnistSubsetTests.cs checks against the decoded embedded resources.

Fashion-MNIST is Copyright (c) 2017 Zalando SE, MIT licence (see THIRD-PARTY-NOTICES.md).
"""
import gzip
import hashlib
import io
import os
import struct
import sys

import numpy as np

TRAIN_PER_CLASS = 200
TEST_PER_CLASS = 50
CLASSES = 10


def read_idx(path):
    """Reads an IDX file of unsigned bytes (gzip or raw, detected by the 1F 8B magic)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    zero, type_code, rank = struct.unpack(">HBB", raw[:4])
    assert zero == 0 and type_code == 0x08, f"{path}: expected a ubyte IDX file"
    dims = struct.unpack(">" + "i" * rank, raw[4:4 + 4 * rank])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank)
    assert data.size == int(np.prod(dims)), f"{path}: size mismatch"
    return data.reshape(dims)


def find(folder, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(os.path.join(folder, stem + "[.gz]"))


def first_per_class(labels, per_class):
    """Indices (ascending) of the first `per_class` examples of each class, in file order."""
    keep = []
    seen = [0] * CLASSES
    for i, y in enumerate(labels):
        if seen[y] < per_class:
            seen[y] += 1
            keep.append(i)
    assert seen == [per_class] * CLASSES, f"not enough examples per class: {seen}"
    return np.array(keep, dtype=np.int64)


def write_idx_gz(path, array):
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(">" + "i" * array.ndim, *array.shape)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())
    with open(path, "wb") as f:
        f.write(buffer.getvalue())
    return len(buffer.getvalue())


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(repo, "src", "DeepNotes", "Data", "Resources")
    os.makedirs(out, exist_ok=True)
    total = 0
    for split, prefix, per_class in (("train", "train", TRAIN_PER_CLASS), ("test", "t10k", TEST_PER_CLASS)):
        images = read_idx(find(source, f"{prefix}-images-idx3-ubyte"))
        labels = read_idx(find(source, f"{prefix}-labels-idx1-ubyte"))
        keep = first_per_class(labels, per_class)
        sub_images, sub_labels = images[keep], labels[keep]
        total += write_idx_gz(os.path.join(out, f"fashion-mnist-subset-{split}-images-idx3-ubyte.gz"), sub_images)
        total += write_idx_gz(os.path.join(out, f"fashion-mnist-subset-{split}-labels-idx1-ubyte.gz"), sub_labels)
        print(f"{split}: {len(keep)} examples, last source index {keep[-1]}, "
              f"per class {np.bincount(sub_labels, minlength=CLASSES).tolist()}")
        print(f"{split} images sha256 {hashlib.sha256(sub_images.tobytes()).hexdigest()}")
        print(f"{split} labels sha256 {hashlib.sha256(sub_labels.tobytes()).hexdigest()}")
        print(f"{split} first 10 source indices {keep[:10].tolist()}")
    print(f"embedded payload: {total} bytes")


if __name__ == "__main__":
    main()
