# Reference values for TorchReferenceTests.cs: accuracy (argmax) and top-k hit counts from torch.topk on tie-free
# scores, plus a confusion matrix via torch.bincount. Run with Debian's /usr/bin/python3 (python3-torch).
# Scores are exact rationals so that C# rebuilds the same data: s[i, j] = ((i*7919 + j*104729) % 1009) / 1009
# (distinct within a row since 1009 is prime), targets t[i] = (i*31 + 3) % C.
import torch

N, C = 64, 10
i = torch.arange(N, dtype=torch.float64).unsqueeze(1)
j = torch.arange(C, dtype=torch.float64).unsqueeze(0)
s = torch.remainder(i * 7919 + j * 104729, 1009) / 1009
t = (torch.arange(N) * 31 + 3) % C
pred = s.argmax(dim=1)
print("accuracy hits:", int((pred == t).sum()))
hits = [int((torch.topk(s, k, dim=1).indices == t.unsqueeze(1)).any(dim=1).sum()) for k in range(1, C + 1)]
print("top-k hits (k = 1..C):", hits)
cm = torch.bincount(t * C + pred, minlength=C * C).reshape(C, C)
print("confusion matrix (rows = true):", cm.flatten().tolist())
