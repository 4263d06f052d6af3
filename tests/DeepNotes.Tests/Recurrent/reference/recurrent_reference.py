"""Reference values for tests/DeepNotes.Tests/Recurrent/TorchReferenceTests.cs.

Run: /usr/bin/python3 tests/DeepNotes.Tests/Recurrent/reference/recurrent_reference.py
Every parameter, input and initial state is set by a closed formula (the C# test uses the same formulas), so no
random numbers cross the language boundary. Parameter p (in state_dict order), flat element k:
    w = 0.3 * sin(0.7 * k + p + 1)
Input element k: x = 0.8 * cos(0.45 * k); h0: 0.2 * sin(0.3 * k + 0.5); c0: 0.3 * cos(0.2 * k).
Prints the state_dict names, parameter counts and the outputs in float64."""
import torch

from recurrent_formulas import fill, formula, x_of, h_of, c_of, show

print("// names")
for m in [torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True), torch.nn.GRU(3, 4, bias=False),
          torch.nn.RNN(3, 4, num_layers=2, nonlinearity="relu"), torch.nn.LSTMCell(3, 4), torch.nn.GRUCell(3, 4, bias=False)]:
    print(type(m).__name__, list(m.state_dict().keys()))

print("// counts")
for m in [torch.nn.LSTM(10, 20), torch.nn.LSTM(10, 20, num_layers=2, bidirectional=True), torch.nn.GRU(10, 20, num_layers=3),
          torch.nn.RNN(10, 20, bidirectional=True), torch.nn.LSTM(10, 20, bias=False)]:
    print(m, sum(p.numel() for p in m.parameters()))

# LSTM: 2 layers, bidirectional, batch_first, N=2, T=5, I=3, H=4, with (h0, c0)
lstm = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True); fill(lstm)
out, (hn, cn) = lstm(x_of([2, 5, 3]), (h_of([4, 2, 4]), c_of([4, 2, 4])))
show("lstm output", out); show("lstm h_n", hn); show("lstm c_n", cn)

# GRU: 2 layers, bidirectional, time-major, T=5, N=2
gru = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True); fill(gru)
out, hn = gru(x_of([5, 2, 3]), h_of([4, 2, 4]))
show("gru output", out); show("gru h_n", hn)

# RNN tanh: 2 layers, bidirectional, batch_first; RNN relu: 1 layer, unbatched [T=5, I=3], no initial state
rnn = torch.nn.RNN(3, 4, num_layers=2, bidirectional=True, batch_first=True); fill(rnn)
out, hn = rnn(x_of([2, 5, 3]), h_of([4, 2, 4]))
show("rnn tanh output", out); show("rnn tanh h_n", hn)
rnn = torch.nn.RNN(3, 4, nonlinearity="relu"); fill(rnn)
out, hn = rnn(x_of([5, 3]))
show("rnn relu unbatched output", out); show("rnn relu unbatched h_n", hn)

# Cells, N=2
cell = torch.nn.LSTMCell(3, 4); fill(cell)
h, c = cell(x_of([2, 3]), (h_of([2, 4]), c_of([2, 4])))
show("lstm cell h", h); show("lstm cell c", c)
cell = torch.nn.GRUCell(3, 4); fill(cell)
show("gru cell h", cell(x_of([2, 3]), h_of([2, 4])))
cell = torch.nn.RNNCell(3, 4, nonlinearity="relu"); fill(cell)
show("rnn relu cell h", cell(x_of([2, 3]), h_of([2, 4])))
