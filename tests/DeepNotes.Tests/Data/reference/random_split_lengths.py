#!/usr/bin/python3
"""Subset sizes torch.utils.data.random_split gives for fractions (PyTorch 1.13, Debian python3-torch).
Used by RandomSplitTests.Fractions_FollowPyTorchsRoundRobinRule. Run: /usr/bin/python3 random_split_lengths.py
Printed (PyTorch 1.13.0a0):
10 [0.33, 0.33, 0.34] [4, 3, 3]
7 [0.5, 0.5] [4, 3]
25 [0.1]*10 [3, 3, 3, 3, 3, 2, 2, 2, 2, 2]
60000 [5/6, 1/6] [50000, 10000]
3 [0.0, 1.0] [0, 3]
"""
import warnings

import torch
from torch.utils.data import random_split

warnings.simplefilter("ignore")
for n, fractions, label in [(10, [0.33, 0.33, 0.34], "[0.33, 0.33, 0.34]"), (7, [0.5, 0.5], "[0.5, 0.5]"),
                            (25, [0.1] * 10, "[0.1]*10"), (60000, [5 / 6, 1 / 6], "[5/6, 1/6]"),
                            (3, [0.0, 1.0], "[0.0, 1.0]")]:
    sizes = [len(s) for s in random_split(range(n), fractions, generator=torch.Generator().manual_seed(0))]
    print(n, label, sizes)
