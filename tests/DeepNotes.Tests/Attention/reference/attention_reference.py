"""Reference values for tests/DeepNotes.Tests/Attention (run with Debian's torch 1.13: /usr/bin/python3 attention_reference.py).

Every parameter and input is filled by the same closed formula the C# tests use (no random numbers to copy):
    fill(t, idx)[k] = 0.5 * sin(0.37 * k + 1.1 * idx + 0.2)     (k = flat index, idx = the tensor's number)
Parameters are numbered in named_parameters() order (0, 1, ...); inputs get the numbers given below.
Prints state-dict names, parameter counts and outputs (flattened, row-major) to paste into the tests.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_printoptions(precision=10)


def fill(t, idx):
    n = t.numel()
    v = torch.tensor([0.5 * math.sin(0.37 * k + 1.1 * idx + 0.2) for k in range(n)], dtype=torch.float64)
    return v.reshape(t.shape)


def fill_params(m):
    with torch.no_grad():
        for i, (name, p) in enumerate(m.named_parameters()):
            p.copy_(fill(p, i))


def show(title, t):
    print(f"// {title} {list(t.shape)}")
    print(", ".join(f"{x:.10g}" for x in t.detach().double().flatten().tolist()))


def names(title, m):
    print(f"// {title} state_dict: " + ", ".join(f'"{k}"' for k in m.state_dict().keys()))
    print(f"// {title} parameters: {sum(p.numel() for p in m.parameters())}")


torch.set_default_dtype(torch.float64)

# 1. MHA E=4, heads=2, batch_first, self-attention on one tensor, key padding mask, per-head and averaged weights
mha = nn.MultiheadAttention(4, 2, batch_first=True)
names("mha", mha)
fill_params(mha)
x = fill(torch.empty(2, 3, 4), 100)
kpm = torch.tensor([[False, False, True], [False, False, False]])
out, w = mha(x, x, x, key_padding_mask=kpm, average_attn_weights=False)
show("mha self out", out)
show("mha self weights per head", w)
out, w = mha(x, x, x, key_padding_mask=kpm)
show("mha self weights averaged", w)

# 2. MHA E=4, heads=2, kdim=3, vdim=5, sequence first, bool 2-D attn mask (true = masked) and a float 3-D mask
mha2 = nn.MultiheadAttention(4, 2, kdim=3, vdim=5)
names("mha kdim vdim", mha2)
fill_params(mha2)
q = fill(torch.empty(2, 2, 4), 101)   # [L=2, B=2, E]
k = fill(torch.empty(3, 2, 3), 102)   # [S=3, B=2, kdim]
v = fill(torch.empty(3, 2, 5), 103)   # [S=3, B=2, vdim]
am = torch.tensor([[False, True, False], [False, False, True]])
out, w = mha2(q, k, v, attn_mask=am)
show("mha2 bool mask out", out)
show("mha2 bool mask weights", w)
fm = fill(torch.empty(4, 2, 3), 104)  # [B*heads, L, S]
out, w = mha2(q, k, v, attn_mask=fm)
show("mha2 float mask out", out)

# 3. Transformer layers d_model=4, nhead=2, dim_feedforward=6, dropout=0 (eval), both norm placements
for norm_first, act in ((False, "relu"), (True, "gelu")):
    enc = nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0, activation=act, batch_first=True, norm_first=norm_first, layer_norm_eps=1e-5)
    names(f"encoder layer norm_first={norm_first}", enc)
    fill_params(enc)
    enc.eval()
    src = fill(torch.empty(2, 3, 4), 110)
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    show(f"encoder layer norm_first={norm_first} {act} out", enc(src, src_mask=mask))

    dec = nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0, activation=act, batch_first=True, norm_first=norm_first)
    names(f"decoder layer norm_first={norm_first}", dec)
    fill_params(dec)
    dec.eval()
    tgt = fill(torch.empty(2, 3, 4), 111)
    mem = fill(torch.empty(2, 2, 4), 112)
    mkpm = torch.tensor([[False, True], [False, False]])
    show(f"decoder layer norm_first={norm_first} {act} out", dec(tgt, mem, tgt_mask=mask, memory_key_padding_mask=mkpm))

# 4. Stacks: torch deep-copies the layer, so every layer starts with the same weights
enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0, batch_first=True), 2, norm=nn.LayerNorm(4))
names("encoder stack", enc)
dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0, batch_first=True), 2, norm=nn.LayerNorm(4))
names("decoder stack", dec)
fill_params(enc)
enc.eval()
show("encoder stack out", enc(fill(torch.empty(2, 3, 4), 110), mask=nn.Transformer.generate_square_subsequent_mask(3)))

# 5. parameter count of one encoder layer with d_ff = 4d: 12 d^2 + 13 d
for d in (8, 256):
    layer = nn.TransformerEncoderLayer(d, 4, 4 * d)
    print(f"// encoder layer d={d} d_ff=4d parameters: {sum(p.numel() for p in layer.parameters())} (12d^2+13d = {12*d*d+13*d})")
    print(f"// decoder layer d={d} d_ff=4d parameters: {sum(p.numel() for p in nn.TransformerDecoderLayer(d, 4, 4 * d).parameters())} (16d^2+19d = {16*d*d+19*d})")

# 6. add_bias_kv / add_zero_attn (MultiHeadAttentionExtraKeysTests.cs); the slow Python path of
#    F.multi_head_attention_forward (the fast path is never taken with these options).
#    6a. add_bias_kv, E=4, heads=2, batch_first, self-attention on x = fill([2, 3, 4], 100), key padding mask
#        [[F, F, T], [F, F, F]] and a bool causal attn_mask (true above the diagonal)
mha6a = nn.MultiheadAttention(4, 2, add_bias_kv=True, batch_first=True)
names("mha bias_kv", mha6a)
fill_params(mha6a)
x = fill(torch.empty(2, 3, 4), 100)
kpm = torch.tensor([[False, False, True], [False, False, False]])
causal = torch.triu(torch.ones(3, 3, dtype=torch.bool), diagonal=1)
out, w = mha6a(x, x, x, key_padding_mask=kpm, attn_mask=causal, average_attn_weights=False)
show("mha6a bias_kv out", out)
show("mha6a bias_kv weights per head", w)
out, w = mha6a(x, x, x, key_padding_mask=kpm, attn_mask=causal)
show("mha6a bias_kv weights averaged", w)

#    6b. add_zero_attn, E=4, heads=2, kdim=3, vdim=5, sequence first, float 3-D attn_mask fill([4, 2, 3], 104); then a
#        float key padding mask fill([2, 3], 105) alone (torch 1.13 cannot merge a float key padding mask into a float
#        attn_mask: masked_fill rejects it)
mha6b = nn.MultiheadAttention(4, 2, add_zero_attn=True, kdim=3, vdim=5)
names("mha zero_attn kdim vdim", mha6b)
fill_params(mha6b)
q = fill(torch.empty(2, 2, 4), 101)
k = fill(torch.empty(3, 2, 3), 102)
v = fill(torch.empty(3, 2, 5), 103)
out, w = mha6b(q, k, v, attn_mask=fill(torch.empty(4, 2, 3), 104), average_attn_weights=False)
show("mha6b zero_attn float attn_mask out", out)
show("mha6b zero_attn float attn_mask weights per head", w)
out, w = mha6b(q, k, v, key_padding_mask=fill(torch.empty(2, 3), 105))
show("mha6b zero_attn float key_padding_mask out", out)
show("mha6b zero_attn float key_padding_mask weights averaged", w)

#    6c. both, E=4, heads=2, sequence first, cross-attention with key = value = mem = fill([3, 2, 4], 106),
#        q = fill([2, 2, 4], 101), bool key padding mask [[T, T, T], [F, T, F]] (batch 0 entirely padded: the extra
#        positions keep its rows finite) and a bool 2-D attn_mask [[F, T, F], [F, F, F]]
mha6c = nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True)
names("mha bias_kv zero_attn", mha6c)
fill_params(mha6c)
q = fill(torch.empty(2, 2, 4), 101)
mem = fill(torch.empty(3, 2, 4), 106)
kpm = torch.tensor([[True, True, True], [False, True, False]])
am = torch.tensor([[False, True, False], [False, False, False]])
out, w = mha6c(q, mem, mem, key_padding_mask=kpm, attn_mask=am, average_attn_weights=False)
show("mha6c both out", out)
show("mha6c both weights per head", w)
out, w = mha6c(q, mem, mem, key_padding_mask=kpm, attn_mask=am)
show("mha6c both weights averaged", w)

#    6d. names and counts with kdim/vdim and both options, no bias
names("mha both kdim vdim", nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True, kdim=3, vdim=5))
names("mha both no bias", nn.MultiheadAttention(4, 2, bias=False, add_bias_kv=True))
