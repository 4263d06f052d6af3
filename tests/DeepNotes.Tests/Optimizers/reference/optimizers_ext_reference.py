"""Reference values for tests/DeepNotes.Tests/Optimizers/ExtendedOptimizerTests.cs (RAdam and LBFGS vs torch 1.13).

Run with Debian's PyTorch (1.13): /usr/bin/python3 optimizers_ext_reference.py
Prints C# array literals pasted into the test. Inputs are exact expressions evaluated identically in C#:
  logistic problem: X[i][j] = ((3*i + 2*j) % 7 - 3) * 0.25, i = 0..5, j = 0..2;  y[i] = 1 if i % 2 == 0 else -1
                    w0[j] = 0.1 * (j + 1) - 0.15;  loss(w) = mean(log(1 + exp(-y * (X @ w))))
  Rosenbrock:       p0 = (-1.5, 2.0);  f(p) = (1 - p0)^2 + 100 (p1 - p0^2)^2
"""
import torch

torch.set_default_dtype(torch.float64)


def lit(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def logistic_data(dtype):
    X = torch.tensor([[((3 * i + 2 * j) % 7 - 3) * 0.25 for j in range(3)] for i in range(6)], dtype=dtype)
    y = torch.tensor([1.0 if i % 2 == 0 else -1.0 for i in range(6)], dtype=dtype)
    w = torch.tensor([0.1 * (j + 1) - 0.15 for j in range(3)], dtype=dtype).requires_grad_(True)
    return X, y, w


def logistic_loss(X, y, w):
    return ((-y * (X @ w)).exp() + 1).log().mean()


def radam(dtype, steps, **kw):
    X, y, w = logistic_data(dtype)
    opt = torch.optim.RAdam([w], **kw)
    for _ in range(steps):
        opt.zero_grad()
        logistic_loss(X, y, w).backward()
        opt.step()
    return w.detach().tolist()


print("// RAdam on the logistic problem, 10 steps (rho_t > 5 from step 6)")
print("RAdam_F64_Default =", lit(radam(torch.float64, 10, lr=0.1)) + ";")
print("RAdam_F64_WeightDecay =", lit(radam(torch.float64, 10, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)) + ";")
print("RAdam_F32_Default =", lit(radam(torch.float32, 10, lr=0.1)) + ";")


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def lbfgs(steps, **kw):
    p = torch.tensor([-1.5, 2.0], requires_grad=True)
    opt = torch.optim.LBFGS([p], **kw)
    iterates, losses = [], []

    def closure():
        opt.zero_grad()
        loss = rosenbrock(p)
        loss.backward()
        return loss

    for _ in range(steps):
        losses.append(float(opt.step(closure)))
        iterates += p.detach().tolist()
    st = opt.state[p]
    return iterates, losses, st["func_evals"], st["n_iter"]


for name, steps, kw in [("LBFGS_Fixed", 3, dict(lr=0.01, max_iter=5, history_size=3)),
                        ("LBFGS_Wolfe", 3, dict(lr=1, max_iter=5, line_search_fn="strong_wolfe")),
                        ("LBFGS_WolfeConverged", 10, dict(lr=1, max_iter=20, line_search_fn="strong_wolfe"))]:
    it, losses, evals, n = lbfgs(steps, **kw)
    print(f"{name}_Iterates =", lit(it) + ";")
    print(f"{name}_Losses =", lit(losses) + ";")
    print(f"{name}_Evals = {evals}; {name}_Iterations = {n};")
