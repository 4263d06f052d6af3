namespace DeepNotes;

public static partial class Autograd
{
    /// <summary>
    /// The Jacobian of <paramref name="function"/> at <paramref name="x"/>, like <c>torch.autograd.functional.jacobian</c>:
    /// shape <c>y.Shape ++ x.Shape</c>, entry [i…, j…] = ∂yᵢ/∂xⱼ. One backward pass per output element.
    /// </summary>
    /// <param name="function">Any differentiable function of one tensor.</param>
    /// <param name="x">Where to differentiate; it need not require grad (a detached copy does).</param>
    /// <param name="createGraph">Make the result differentiable (a graph back to <paramref name="x"/> when it requires grad).</param>
    /// <exception cref="NotSupportedException"><paramref name="createGraph"/> through an op that does not support it yet; the message names it.</exception>
    public static Tensor Jacobian(Func<Tensor, Tensor> function, Tensor x, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Jacobian(xs => [function(xs[0])], [x], createGraph)[0][0];
    }

    /// <summary>
    /// The Jacobians of a function of several tensors with several outputs: result[i][j] = ∂outputᵢ/∂inputⱼ, of shape
    /// <c>outputᵢ.Shape ++ inputⱼ.Shape</c> (zeros where output i does not depend on input j).
    /// </summary>
    /// <param name="function">Maps the inputs (in order) to its outputs.</param>
    /// <param name="inputs">Where to differentiate; they need not require grad.</param>
    /// <param name="createGraph">Make the results differentiable.</param>
    /// <exception cref="ArgumentException">An input is not floating point.</exception>
    /// <exception cref="NotSupportedException"><paramref name="createGraph"/> through an op that does not support it yet.</exception>
    public static Tensor[][] Jacobian(Func<Tensor[], Tensor[]> function, IReadOnlyList<Tensor> inputs, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        Tensor[] xs = PrepareInputs("Jacobian", inputs, createGraph);
        Tensor[] ys;
        using (EnableGrad()) ys = function(xs) ?? throw new InvalidOperationException("Autograd.Jacobian: the function returned null.");
        var result = new Tensor[ys.Length][];
        for (int i = 0; i < ys.Length; i++)
        {
            Tensor y = ys[i];
            var rows = new Tensor[xs.Length][];
            for (int j = 0; j < xs.Length; j++) rows[j] = new Tensor[y.ElementCount];
            for (int e = 0; e < y.ElementCount; e++)
            {
                Tensor[] grads;
                if (!y.RequiresGrad) grads = xs.Select(t => Tensor.Zeros(t.Shape, t.DType)).ToArray();
                else
                {
                    var basis = Tensor.Zeros(y.Shape, y.DType);
                    basis.SetRaw(e, 1);
                    grads = Grad(y, xs, basis, retainGraph: true, createGraph, allowUnused: true);
                }
                for (int j = 0; j < xs.Length; j++) rows[j][e] = grads[j];
            }
            result[i] = new Tensor[xs.Length];
            for (int j = 0; j < xs.Length; j++)
            {
                Shape shape = new([.. y.Shape.Dims, .. xs[j].Shape.Dims]);
                result[i][j] = y.ElementCount == 0 ? Tensor.Zeros(shape, xs[j].DType) : Tensor.Stack(rows[j]).Reshape(shape.ToArray());
            }
        }
        return result;
    }

    /// <summary>
    /// The Hessian of a scalar <paramref name="function"/> at <paramref name="x"/>, like
    /// <c>torch.autograd.functional.hessian</c>: shape <c>x.Shape ++ x.Shape</c>, entry [i…, j…] = ∂²f/∂xᵢ∂xⱼ — the
    /// Jacobian of the gradient, computed with <c>createGraph</c>.
    /// </summary>
    /// <param name="function">A differentiable function returning a one-element tensor.</param>
    /// <param name="x">Where to differentiate; it need not require grad.</param>
    /// <param name="createGraph">Make the result differentiable.</param>
    /// <exception cref="ArgumentException">The function does not return a one-element tensor.</exception>
    /// <exception cref="NotSupportedException">An op of the function does not support createGraph yet; the message names it.</exception>
    public static Tensor Hessian(Func<Tensor, Tensor> function, Tensor x, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Hessian(xs => function(xs[0]), [x], createGraph)[0][0];
    }

    /// <summary>
    /// The Hessian blocks of a scalar function of several tensors: result[i][j] = ∂²f/∂inputᵢ∂inputⱼ, of shape
    /// <c>inputᵢ.Shape ++ inputⱼ.Shape</c>.
    /// </summary>
    /// <inheritdoc cref="Hessian(Func{Tensor, Tensor}, Tensor, bool)"/>
    /// <param name="function">A differentiable function of the inputs returning a one-element tensor.</param>
    /// <param name="inputs">Where to differentiate; they need not require grad.</param>
    /// <param name="createGraph">Make the results differentiable.</param>
    public static Tensor[][] Hessian(Func<Tensor[], Tensor> function, IReadOnlyList<Tensor> inputs, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Jacobian(xs => GradientOf("Hessian", function, xs), inputs, createGraph);
    }

    /// <summary>
    /// The vector–Jacobian product vᵀ·∂f/∂x at <paramref name="x"/> and the function's value, like
    /// <c>torch.autograd.functional.vjp</c>: one backward pass.
    /// </summary>
    /// <param name="function">Any differentiable function of one tensor.</param>
    /// <param name="x">Where to differentiate; it need not require grad.</param>
    /// <param name="v">Shaped like the output; may be null for a one-element output.</param>
    /// <param name="createGraph">Make the product differentiable.</param>
    /// <returns>The output f(x) and vᵀJ, shaped like <paramref name="x"/>.</returns>
    public static (Tensor Output, Tensor Vjp) Vjp(Func<Tensor, Tensor> function, Tensor x, Tensor? v = null, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        Tensor[] xs = PrepareInputs("Vjp", [x], createGraph);
        Tensor y;
        using (EnableGrad()) y = function(xs[0]);
        Tensor vjp = y.RequiresGrad
            ? Grad(y, xs, v, retainGraph: createGraph, createGraph, allowUnused: true)[0]
            : Tensor.Zeros(x.Shape, x.DType);
        return (createGraph ? y : y.Detach(), vjp);
    }

    /// <summary>
    /// The Jacobian–vector product ∂f/∂x·v at <paramref name="x"/> and the function's value, like
    /// <c>torch.autograd.functional.jvp</c>: by the double-backward trick (the vjp with a dummy u is linear in u, and its
    /// vjp with v is J v), so every op of the function must support createGraph.
    /// </summary>
    /// <param name="function">Any differentiable function of one tensor.</param>
    /// <param name="x">Where to differentiate; it need not require grad.</param>
    /// <param name="v">Shaped like <paramref name="x"/>.</param>
    /// <param name="createGraph">Make the product differentiable.</param>
    /// <returns>The output f(x) and J v, shaped like the output.</returns>
    /// <exception cref="ArgumentException"><paramref name="v"/> is not shaped like <paramref name="x"/>.</exception>
    public static (Tensor Output, Tensor Jvp) Jvp(Func<Tensor, Tensor> function, Tensor x, Tensor v, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(v);
        CheckLike("Jvp", "v", v, x);
        Tensor[] xs = PrepareInputs("Jvp", [x], createGraph);
        Tensor y;
        using (EnableGrad()) y = function(xs[0]);
        if (!y.RequiresGrad) return (y.Detach(), Tensor.Zeros(y.Shape, y.DType));
        var u = Tensor.Zeros(y.Shape, y.DType);
        u.RequiresGrad = true;
        Tensor uJ = Grad(y, xs, u, retainGraph: true, createGraph: true, allowUnused: true)[0];
        Tensor jv = uJ.RequiresGrad
            ? Grad(uJ, [u], v, retainGraph: createGraph, createGraph, allowUnused: true)[0]
            : Tensor.Zeros(y.Shape, y.DType);
        return (createGraph ? y : y.Detach(), jv);
    }

    /// <summary>
    /// The Hessian–vector product H·v of a scalar <paramref name="function"/> at <paramref name="x"/> and its value,
    /// like <c>torch.autograd.functional.hvp</c>, without forming H: the gradient of ∇f·v (two backward passes).
    /// </summary>
    /// <param name="function">A differentiable function returning a one-element tensor.</param>
    /// <param name="x">Where to differentiate; it need not require grad.</param>
    /// <param name="v">Shaped like <paramref name="x"/>.</param>
    /// <param name="createGraph">Make the product differentiable.</param>
    /// <returns>The output f(x) and H v, shaped like <paramref name="x"/>.</returns>
    public static (Tensor Output, Tensor Hvp) Hvp(Func<Tensor, Tensor> function, Tensor x, Tensor v, bool createGraph = false) =>
        Vhp(function, x, v, createGraph); // H is symmetric for a twice-differentiable f: H v = vᵀ H

    /// <summary>
    /// The vector–Hessian product vᵀ·H of a scalar <paramref name="function"/> at <paramref name="x"/> and its value,
    /// like <c>torch.autograd.functional.vhp</c>: the vjp of the gradient with v.
    /// </summary>
    /// <inheritdoc cref="Hvp(Func{Tensor, Tensor}, Tensor, Tensor, bool)"/>
    /// <returns>The output f(x) and vᵀH, shaped like <paramref name="x"/>.</returns>
    public static (Tensor Output, Tensor Vhp) Vhp(Func<Tensor, Tensor> function, Tensor x, Tensor v, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(v);
        CheckLike("Vhp", "v", v, x);
        Tensor[] xs = PrepareInputs("Vhp", [x], createGraph);
        Tensor y;
        using (EnableGrad()) y = function(xs[0]);
        CheckScalar("Vhp", y);
        if (!y.RequiresGrad) return (y.Detach(), Tensor.Zeros(x.Shape, x.DType));
        Tensor g = Grad(y, xs, null, retainGraph: true, createGraph: true, allowUnused: true)[0];
        Tensor vh = g.RequiresGrad
            ? Grad(g, xs, v, retainGraph: createGraph, createGraph, allowUnused: true)[0]
            : Tensor.Zeros(x.Shape, x.DType);
        return (createGraph ? y : y.Detach(), vh);
    }

    /// <summary>The gradient of a scalar function with respect to every input, with a graph (for Hessians).</summary>
    private static Tensor[] GradientOf(string op, Func<Tensor[], Tensor> function, Tensor[] xs)
    {
        Tensor y = function(xs) ?? throw new InvalidOperationException($"Autograd.{op}: the function returned null.");
        CheckScalar(op, y);
        if (!y.RequiresGrad) return xs.Select(t => Tensor.Zeros(t.Shape, t.DType)).ToArray();
        return Grad(y, xs, null, retainGraph: true, createGraph: true, allowUnused: true);
    }

    /// <summary>
    /// The tensors to differentiate at: with createGraph an input that requires grad is used as it is (so the result
    /// keeps its graph back to it), otherwise a detached copy that requires grad.
    /// </summary>
    private static Tensor[] PrepareInputs(string op, IReadOnlyList<Tensor> inputs, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var xs = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            Tensor t = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Autograd.{op}: input {i} is null.");
            if (!t.DType.IsFloatingPoint())
                throw new ArgumentException($"Autograd.{op}: input {i} must be floating point (Float32 or Float64) to be differentiated, got {t.DType}.", nameof(inputs));
            if (createGraph && t.RequiresGrad) xs[i] = t;
            else
            {
                xs[i] = t.Detach();
                xs[i].RequiresGrad = true;
            }
        }
        return xs;
    }

    private static void CheckScalar(string op, Tensor y)
    {
        if (y.ElementCount != 1)
            throw new ArgumentException($"Autograd.{op}: the function must return a one-element tensor (a scalar), got shape {y.Shape}.");
    }

    private static void CheckLike(string op, string name, Tensor v, Tensor x)
    {
        if (v.Shape != x.Shape || v.DType != x.DType)
            throw new ArgumentException($"Autograd.{op}: {name} must be shaped like the input, expected {x.Shape} {x.DType}, got {v.Shape} {v.DType}.", name);
    }
}
