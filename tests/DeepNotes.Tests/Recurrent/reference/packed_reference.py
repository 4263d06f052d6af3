"""Reference values for tests/DeepNotes.Tests/Recurrent/PackedSequenceTests.cs (torch 1.13).

Run: /usr/bin/python3 tests/DeepNotes.Tests/Recurrent/reference/packed_reference.py
Same closed formulas as recurrent_reference.py (recurrent_formulas.py). Padded inputs are packed with
pack_padded_sequence, run through the layer, and unpacked with pad_packed_sequence; the loss is
sum(out * 0.5 * sin(0.3 k)) + sum(h_n * cos(0.2 k)) (+ sum(c_n) for the LSTM).
"""
import math
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

from recurrent_formulas import fill, formula, x_of, h_of, c_of, show


def up_of(shape): return formula(shape, lambda k: 0.5 * math.sin(0.3 * k))
def uh_of(shape): return formula(shape, lambda k: math.cos(0.2 * k))


# packing indices for lengths [2, 4, 3]
p = pack_padded_sequence(x_of([4, 3, 3]), torch.tensor([2, 4, 3]), enforce_sorted=False)
print("// batch_sizes", p.batch_sizes.tolist(), "sorted", p.sorted_indices.tolist(), "unsorted", p.unsorted_indices.tolist())
show("packed data", p.data)

# LSTM 2 layers bidirectional, batch_first, lengths [2, 4, 3] unsorted, with (h0, c0)
lstm = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True); fill(lstm)
x = x_of([3, 4, 3]).requires_grad_()
h0 = h_of([4, 3, 4]).requires_grad_()
c0 = c_of([4, 3, 4])
out, (hn, cn) = lstm(pack_padded_sequence(x, torch.tensor([2, 4, 3]), batch_first=True, enforce_sorted=False), (h0, c0))
y, lengths = pad_packed_sequence(out, batch_first=True)
print("// lstm lengths", lengths.tolist())
show("lstm output", y); show("lstm h_n", hn); show("lstm c_n", cn)
((y * up_of(list(y.shape))).sum() + (hn * uh_of(list(hn.shape))).sum() + cn.sum()).backward()
show("lstm dx", x.grad); show("lstm dh0", h0.grad); show("lstm d weight_hh_l1_reverse", lstm.weight_hh_l1_reverse.grad)

# GRU 1 layer bidirectional, sequence first, lengths [4, 3, 3, 1] sorted, no initial state
gru = torch.nn.GRU(3, 4, bidirectional=True); fill(gru)
x = x_of([4, 4, 3]).requires_grad_()
out, hn = gru(pack_padded_sequence(x, [4, 3, 3, 1]))
y, _ = pad_packed_sequence(out, total_length=5)
show("gru output total_length 5", y); show("gru h_n", hn)
((y * up_of(list(y.shape))).sum() + (hn * uh_of(list(hn.shape))).sum()).backward()
show("gru dx", x.grad); show("gru d weight_ih_l0", gru.weight_ih_l0.grad)

# RNN tanh 2 layers, batch_first, lengths [1, 3, 2] unsorted, with h0
rnn = torch.nn.RNN(3, 4, num_layers=2, batch_first=True); fill(rnn)
out, hn = rnn(pack_padded_sequence(x_of([3, 3, 3]), [1, 3, 2], batch_first=True, enforce_sorted=False), h_of([2, 3, 4]))
y, _ = pad_packed_sequence(out, batch_first=True, padding_value=-1.0)
show("rnn output padding -1", y); show("rnn h_n", hn)

# pad_sequence
seqs = [x_of([2, 3]), x_of([4, 3]) + 1, x_of([1, 3]) - 1]
show("pad_sequence batch_first padding 9", pad_sequence(seqs, batch_first=True, padding_value=9.0))
