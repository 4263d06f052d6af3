namespace DeepNotes.Optimizers;

/// <summary>
/// Limited-memory BFGS with PyTorch's <c>torch.optim.LBFGS</c> semantics (1.13): each <see cref="Step(Func{Tensor})"/>
/// runs up to <see cref="MaxIterations"/> quasi-Newton iterations on all parameters seen as one flat vector, calling the
/// closure to re-evaluate the loss and gradients, with a fixed step (the learning rate; the very first step is scaled
/// by min(1, 1/‖g‖₁)) or a strong-Wolfe line search.
/// <code>
/// var optimizer = new LBFGS(model.Parameters(), lineSearch: "strong_wolfe");
/// for (int i = 0; i &lt; 10; i++)
///     optimizer.Step(() =&gt; { optimizer.ZeroGrad(); var loss = lossFunction.Forward(model.Forward(x), y); loss.Backward(); return loss; });
/// </code>
/// </summary>
/// <remarks>
/// Like PyTorch, one parameter group only, and memory grows with the history (two flat vectors per pair kept).
/// The algorithm's vectors are kept in Float64 whatever the parameters' dtype (Float32 parameters therefore follow
/// PyTorch's iterates up to Float32 rounding only). The history (PyTorch keeps it in <c>state</c>) lives in the
/// optimizer and is not part of <see cref="Optimizer.GetState"/> or checkpoints. <see cref="Optimizer.Step()"/> without
/// a closure throws. A scheduler may change the learning rate between steps.
/// </remarks>
public sealed partial class LBFGS : CustomOptimizer
{
    private readonly Tensor[] _params;
    private readonly List<double[]> _oldDirs = [], _oldSteps = [];
    private readonly List<double> _ro = [];
    private double[]? _d, _prevFlatGrad, _al;
    private double _t, _hDiag = 1, _prevLoss;

    /// <summary>Creates L-BFGS over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize (one group).</param>
    /// <param name="learningRate">The step length (≥ 0; with a line search, its first trial step).</param>
    /// <param name="maxIterations">Iterations per <see cref="Step(Func{Tensor})"/> (PyTorch's <c>max_iter</c>, ≥ 1).</param>
    /// <param name="maxEvaluations">Closure calls per step (<c>max_eval</c>); null for maxIterations·5/4.</param>
    /// <param name="toleranceGrad">Stop when max |gradient| ≤ this (<c>tolerance_grad</c>, ≥ 0).</param>
    /// <param name="toleranceChange">Stop when the step or the loss change is below this (<c>tolerance_change</c>, ≥ 0).</param>
    /// <param name="historySize">Number of (s, y) pairs kept (<c>history_size</c>, ≥ 1).</param>
    /// <param name="lineSearch">Null for a fixed step, or <c>"strong_wolfe"</c> (<c>line_search_fn</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, a repeated parameter, or an unknown line search.</exception>
    public LBFGS(IEnumerable<Tensor> parameters, double learningRate = 1, int maxIterations = 20, int? maxEvaluations = null,
        double toleranceGrad = 1e-7, double toleranceChange = 1e-9, int historySize = 100, string? lineSearch = null)
        : base(parameters, learningRate)
    {
        HyperParameters.CheckAtLeastOne(nameof(LBFGS), "maximum number of iterations", maxIterations, nameof(maxIterations));
        int maxEval = maxEvaluations ?? maxIterations * 5 / 4;
        HyperParameters.CheckAtLeastOne(nameof(LBFGS), "maximum number of evaluations", maxEval, nameof(maxEvaluations));
        HyperParameters.CheckNonNegative(nameof(LBFGS), "gradient tolerance", toleranceGrad, nameof(toleranceGrad));
        HyperParameters.CheckNonNegative(nameof(LBFGS), "change tolerance", toleranceChange, nameof(toleranceChange));
        HyperParameters.CheckAtLeastOne(nameof(LBFGS), "history size", historySize, nameof(historySize));
        if (lineSearch is not null and not "strong_wolfe")
            throw new ArgumentException($"LBFGS: the line search must be null or \"strong_wolfe\", got \"{lineSearch}\".", nameof(lineSearch));
        (MaxIterations, MaxEvaluations, ToleranceGrad, ToleranceChange, HistorySize, LineSearch) =
            (maxIterations, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
        _params = [.. ParameterGroups[0].Parameters];
    }

    /// <summary>Iterations per step (<c>max_iter</c>).</summary>
    public int MaxIterations { get; }

    /// <summary>Closure evaluations per step (<c>max_eval</c>).</summary>
    public int MaxEvaluations { get; }

    /// <summary>The first-order optimality tolerance (<c>tolerance_grad</c>).</summary>
    public double ToleranceGrad { get; }

    /// <summary>The step and loss-change tolerance (<c>tolerance_change</c>).</summary>
    public double ToleranceChange { get; }

    /// <summary>The number of correction pairs kept (<c>history_size</c>).</summary>
    public int HistorySize { get; }

    /// <summary>Null or <c>"strong_wolfe"</c> (<c>line_search_fn</c>).</summary>
    public string? LineSearch { get; }

    /// <summary>Closure evaluations so far (PyTorch's <c>state["func_evals"]</c>).</summary>
    public int FunctionEvaluations { get; private set; }

    /// <summary>Iterations so far (PyTorch's <c>state["n_iter"]</c>).</summary>
    public int Iterations { get; private set; }

    /// <summary>
    /// Runs one L-BFGS step: up to <see cref="MaxIterations"/> iterations, each calling <paramref name="closure"/>
    /// (which must zero the gradients, compute the loss, call <see cref="Tensor.Backward()"/> and return the loss).
    /// </summary>
    /// <param name="closure">Re-evaluates the model; called with grad mode on.</param>
    /// <returns>The loss of the first evaluation (before this step's updates), as PyTorch returns.</returns>
    public Tensor Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        double lr = ParameterGroups[0].LearningRate;
        var origLoss = Evaluate(closure);
        double loss = origLoss.Item();
        int currentEvals = 1;
        FunctionEvaluations++;
        var flatGrad = GatherFlatGrad();
        CountStep();
        if (MaxAbs(flatGrad) <= ToleranceGrad) return origLoss;

        int nIter = 0;
        while (nIter < MaxIterations)
        {
            nIter++;
            Iterations++;
            if (Iterations == 1)
            {
                _d = Scaled(flatGrad, -1);
                _oldDirs.Clear();
                _oldSteps.Clear();
                _ro.Clear();
                _hDiag = 1;
            }
            else
            {
                var y = new double[flatGrad.Length];
                var s = new double[flatGrad.Length];
                for (int i = 0; i < y.Length; i++) { y[i] = flatGrad[i] - _prevFlatGrad![i]; s[i] = _d![i] * _t; }
                double ys = Dot(y, s);
                if (ys > 1e-10)
                {
                    if (_oldDirs.Count == HistorySize)
                    {
                        _oldDirs.RemoveAt(0);
                        _oldSteps.RemoveAt(0);
                        _ro.RemoveAt(0);
                    }
                    _oldDirs.Add(y);
                    _oldSteps.Add(s);
                    _ro.Add(1.0 / ys);
                    _hDiag = ys / Dot(y, y);
                }
                // Two-loop recursion: d = −H·g.
                int numOld = _oldDirs.Count;
                _al ??= new double[HistorySize];
                var q = Scaled(flatGrad, -1);
                for (int i = numOld - 1; i >= 0; i--)
                {
                    _al[i] = Dot(_oldSteps[i], q) * _ro[i];
                    AddScaled(q, _oldDirs[i], -_al[i]);
                }
                var r = Scaled(q, _hDiag);
                for (int i = 0; i < numOld; i++)
                {
                    double beta = Dot(_oldDirs[i], r) * _ro[i];
                    AddScaled(r, _oldSteps[i], _al[i] - beta);
                }
                _d = r;
            }
            _prevFlatGrad = (double[])flatGrad.Clone();
            _prevLoss = loss;
            _t = Iterations == 1 ? Math.Min(1.0, 1.0 / SumAbs(flatGrad)) * lr : lr;

            double gtd = Dot(flatGrad, _d!);
            if (gtd > -ToleranceChange) break;

            int lsEvals = 0;
            bool optCond = false;
            if (LineSearch is not null)
            {
                var x0 = _params.Select(p => p.ToArray<double>()).ToArray();
                (loss, flatGrad, _t, lsEvals) = StrongWolfe(closure, x0, _t, _d!, loss, flatGrad, gtd);
                AddToParameters(_t, _d!);
                optCond = MaxAbs(flatGrad) <= ToleranceGrad;
            }
            else
            {
                AddToParameters(_t, _d!);
                if (nIter != MaxIterations)
                {
                    loss = Evaluate(closure).Item();
                    flatGrad = GatherFlatGrad();
                    optCond = MaxAbs(flatGrad) <= ToleranceGrad;
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            FunctionEvaluations += lsEvals;

            if (nIter == MaxIterations || currentEvals >= MaxEvaluations || optCond) break;
            if (MaxAbsScaled(_d!, _t) <= ToleranceChange) break;
            if (Math.Abs(loss - _prevLoss) < ToleranceChange) break;
        }
        return origLoss;
    }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group) =>
        throw new InvalidOperationException("LBFGS: updates need a closure; call Step(closure).");

    private protected override void BeforeStep() =>
        throw new InvalidOperationException("LBFGS: Step() needs a closure that re-evaluates the loss; call Step(() => { ZeroGrad(); var loss = ...; loss.Backward(); return loss; }).");

    private static Tensor Evaluate(Func<Tensor> closure)
    {
        Tensor loss;
        using (Autograd.EnableGrad()) loss = closure();
        if (loss is null || loss.ElementCount != 1)
            throw new InvalidOperationException($"LBFGS: the closure must return the loss as a one-element tensor, got {(loss is null ? "null" : loss.Shape.ToString())}.");
        return loss;
    }

    private double[] GatherFlatGrad()
    {
        var flat = new double[_params.Sum(p => p.ElementCount)];
        int offset = 0;
        foreach (var p in _params)
        {
            if (p.Grad is { } g) g.ToArray<double>().CopyTo(flat, offset);
            offset += p.ElementCount;
        }
        return flat;
    }

    private void AddToParameters(double stepSize, double[] update)
    {
        int offset = 0;
        using (Autograd.NoGrad())
        {
            foreach (var p in _params)
            {
                var values = p.ToArray<double>();
                for (int i = 0; i < values.Length; i++) values[i] += stepSize * update[offset + i];
                p.CopyFrom(Tensor.FromArray(values, p.Shape).To(p.DType));
                offset += values.Length;
            }
        }
    }

    private void SetParameters(double[][] values)
    {
        using (Autograd.NoGrad())
            for (int i = 0; i < _params.Length; i++)
                _params[i].CopyFrom(Tensor.FromArray(values[i], _params[i].Shape).To(_params[i].DType));
    }

    private (double Loss, double[] Grad) DirectionalEvaluate(Func<Tensor> closure, double[][] x, double t, double[] d)
    {
        AddToParameters(t, d);
        double loss = Evaluate(closure).Item();
        var grad = GatherFlatGrad();
        SetParameters(x);
        return (loss, grad);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double[] Scaled(double[] a, double factor)
    {
        var result = new double[a.Length];
        for (int i = 0; i < a.Length; i++) result[i] = a[i] * factor;
        return result;
    }

    private static void AddScaled(double[] target, double[] source, double alpha)
    {
        for (int i = 0; i < target.Length; i++) target[i] += alpha * source[i];
    }

    private static double MaxAbs(double[] a)
    {
        double max = 0;
        foreach (double v in a) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    private static double MaxAbsScaled(double[] a, double factor)
    {
        double max = 0;
        foreach (double v in a) max = Math.Max(max, Math.Abs(v * factor));
        return max;
    }

    private static double SumAbs(double[] a)
    {
        double sum = 0;
        foreach (double v in a) sum += Math.Abs(v);
        return sum;
    }
}
