"""Reference values for tests/DeepNotes.Tests/Recurrent/LstmProjectionTests.cs (nn.LSTM with proj_size).

Run: /usr/bin/python3 tests/DeepNotes.Tests/Recurrent/reference/lstm_projection_reference.py
Same closed formulas as recurrent_reference.py, so no random numbers cross the language boundary.
Parameter p (in state_dict order), flat element k: w = 0.3 * sin(0.7 * k + p + 1).
Input element k: x = 0.8 * cos(0.45 * k); h0: 0.2 * sin(0.3 * k + 0.5); c0: 0.3 * cos(0.2 * k).
Prints the state_dict names and shapes, the parameter counts, the constructor errors and the outputs in float64."""
import torch

from recurrent_formulas import fill, formula, x_of, h_of, c_of, show

print("// names and shapes")
for m in [torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2), torch.nn.LSTM(3, 5, bias=False, proj_size=2)]:
    print(m, [(k, list(v.shape)) for k, v in m.state_dict().items()])

print("// counts")
for m in [torch.nn.LSTM(10, 20, proj_size=5), torch.nn.LSTM(10, 20, num_layers=2, bidirectional=True, proj_size=5),
          torch.nn.LSTM(10, 20, bias=False, proj_size=7)]:
    print(m, sum(p.numel() for p in m.parameters()))

print("// errors")
for p in [5, 6, -1]:
    try:
        torch.nn.LSTM(3, 5, proj_size=p)
    except ValueError as e:
        print(p, e)
try:
    torch.nn.LSTM(3, 5, proj_size=2)(x_of([4, 2, 3]), (h_of([1, 2, 5]), c_of([1, 2, 5])))
except RuntimeError as e:
    print(e)

# 2 layers, bidirectional, batch_first, N=2, T=4, I=3, H=5, P=2, with (h0 [4, 2, 2], c0 [4, 2, 5])
lstm = torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True, proj_size=2); fill(lstm)
out, (hn, cn) = lstm(x_of([2, 4, 3]), (h_of([4, 2, 2]), c_of([4, 2, 5])))
show("proj output", out); show("proj h_n", hn); show("proj c_n", cn)

# 1 layer, no bias, time-major, T=4, N=2, H=5, P=3, no initial state; and unbatched [T=4, I=3]
lstm = torch.nn.LSTM(3, 5, bias=False, proj_size=3); fill(lstm)
out, (hn, cn) = lstm(x_of([4, 2, 3]))
show("nobias output", out); show("nobias h_n", hn); show("nobias c_n", cn)
out, (hn, cn) = lstm(x_of([4, 3]))
show("unbatched output", out); show("unbatched h_n", hn); show("unbatched c_n", cn)
