"""Reference values for tests/DeepNotes.Tests/Attention/TransformerTests.cs (torch 1.13: /usr/bin/python3 transformer_reference.py).

Same closed-form fill as attention_reference.py: fill(t, idx)[k] = 0.5 * sin(0.37 * k + 1.1 * idx + 0.2); parameters are
numbered in named_parameters() order. nn.Transformer(d_model 4, nhead 2, 2 encoder + 2 decoder layers, dim_feedforward 6,
dropout 0, batch_first), eval; src = fill([2, 3, 4], 120), tgt = fill([2, 4, 4], 121), causal float tgt mask, bool masks.
The loss is sum(out * fill(out, 122)); gradients are printed for src, tgt and a few parameters.
"""
import math
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)


def fill(t, idx):
    n = t.numel()
    v = torch.tensor([0.5 * math.sin(0.37 * k + 1.1 * idx + 0.2) for k in range(n)], dtype=torch.float64)
    return v.reshape(t.shape)


def show(title, t):
    print(f"// {title} {list(t.shape)}")
    print(", ".join(f"{x:.10g}" for x in t.detach().double().flatten().tolist()))


full = nn.Transformer()
print("// default nn.Transformer parameters:", sum(p.numel() for p in full.parameters()))
print("// default state_dict entries:", len(full.state_dict()))
small = nn.Transformer(4, 2, 1, 1, 6, dropout=0.0)
print("// 1+1 state_dict: " + ", ".join(f'"{k}"' for k in small.state_dict().keys()))
print("// shapes: " + ", ".join(str(list(v.shape)) for v in small.state_dict().values()))

for norm_first, act in ((False, "relu"), (True, "gelu")):
    m = nn.Transformer(4, 2, 2, 2, 6, dropout=0.0, activation=act, batch_first=True, norm_first=norm_first)
    with torch.no_grad():
        for i, (name, p) in enumerate(m.named_parameters()):
            p.copy_(fill(p, i))
    m.eval()
    src = fill(torch.empty(2, 3, 4), 120).requires_grad_()
    tgt = fill(torch.empty(2, 4, 4), 121).requires_grad_()
    tgt_mask = nn.Transformer.generate_square_subsequent_mask(4)
    src_kpm = torch.tensor([[False, False, True], [False, False, False]])
    memory_mask = torch.tensor([[False, True, False], [False, False, False], [True, False, False], [False, False, True]])
    out = m(src, tgt, tgt_mask=tgt_mask, memory_mask=memory_mask, src_key_padding_mask=src_kpm,
            memory_key_padding_mask=src_kpm)
    tag = f"norm_first={norm_first} {act}"
    show(f"{tag} out", out)
    (out * fill(out, 122)).sum().backward()
    show(f"{tag} src grad", src.grad)
    show(f"{tag} tgt grad", tgt.grad)
    show(f"{tag} encoder.layers.0.self_attn.in_proj_weight grad", m.encoder.layers[0].self_attn.in_proj_weight.grad)
    show(f"{tag} decoder.layers.1.multihead_attn.in_proj_weight grad", m.decoder.layers[1].multihead_attn.in_proj_weight.grad)
    show(f"{tag} encoder.norm.weight grad", m.encoder.norm.weight.grad)
    show(f"{tag} decoder.norm.bias grad", m.decoder.norm.bias.grad)

# float src mask equal to a bool one; no masks at all, sequence first
m = nn.Transformer(4, 2, 1, 1, 6, dropout=0.0)
with torch.no_grad():
    for i, (name, p) in enumerate(m.named_parameters()):
        p.copy_(fill(p, i))
m.eval()
src = fill(torch.empty(3, 2, 4), 123)
tgt = fill(torch.empty(2, 2, 4), 124)
with torch.enable_grad():
    src.requires_grad_()
    show("seq-first no masks out", m(src, tgt))
    bool_mask = torch.tensor([[False, True, False], [False, False, True], [False, False, False]])
    show("seq-first bool src mask out", m(src, tgt, src_mask=bool_mask))
