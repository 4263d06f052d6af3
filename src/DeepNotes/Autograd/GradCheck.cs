using System.Globalization;

namespace DeepNotes;

/// <summary>
/// Verifies analytic gradients against central finite differences, like <c>torch.autograd.gradcheck</c>: the way
/// every DeepNotes op is tested, and the way to test your own.
/// </summary>
/// <remarks>
/// For a function f of float64 tensors and a fixed random vector v (seeded, so a failure repeats), it compares
/// vᵀ·∂f/∂xᵢ from one backward pass with (vᵀf(x + ε·eᵢ) − vᵀf(x − ε·eᵢ)) / 2ε for every element i of every input
/// that requires grad. A wrong Jacobian entry changes vᵀJ for almost every v, so this checks the whole Jacobian at
/// the cost of one backward (PyTorch's "fast mode" rests on the same argument). An element passes when
/// |analytic − numeric| ≤ atol + rtol·|numeric|.
/// </remarks>
/// <example>
/// <code>
/// var x = Tensor.Randn([3, 4], DType.Float64, requiresGrad: true);
/// GradCheck.Check(inputs => (inputs[0] * inputs[0]).Sum(), x); // throws GradCheckException on a mismatch
/// </code>
/// </example>
public static class GradCheck
{
    /// <summary>Default finite-difference step.</summary>
    public const double DefaultEps = 1e-6;

    /// <summary>Default absolute tolerance.</summary>
    public const double DefaultAtol = 1e-5;

    /// <summary>Default relative tolerance.</summary>
    public const double DefaultRtol = 1e-3;

    /// <summary>Checks <paramref name="function"/>'s gradients with the default tolerances; throws on failure.</summary>
    /// <param name="function">Maps the inputs (in order) to one output tensor of any shape.</param>
    /// <param name="inputs">Float64 tensors; those that require grad are checked.</param>
    /// <returns>True when every element passes.</returns>
    /// <exception cref="GradCheckException">An element's analytic and numeric gradients differ; the message names the input, the element and both values.</exception>
    /// <exception cref="ArgumentException">An input is not float64, none requires grad, or an input has overlapping memory.</exception>
    public static bool Check(Func<Tensor[], Tensor> function, params Tensor[] inputs) =>
        Check(function, inputs, DefaultEps, DefaultAtol, DefaultRtol);

    /// <summary>Checks <paramref name="function"/>'s gradients with the given step and tolerances.</summary>
    /// <param name="function">Maps the inputs (in order) to one output tensor of any shape.</param>
    /// <param name="inputs">Float64 tensors; those that require grad are checked.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance (relative to the numeric value).</param>
    /// <param name="raiseException">Throw <see cref="GradCheckException"/> on failure (true) or return false.</param>
    /// <returns>True when every element passes.</returns>
    /// <inheritdoc cref="Check(Func{Tensor[], Tensor}, Tensor[])" path="/exception"/>
    public static bool Check(Func<Tensor[], Tensor> function, IReadOnlyList<Tensor> inputs, double eps = DefaultEps,
        double atol = DefaultAtol, double rtol = DefaultRtol, bool raiseException = true)
    {
        GradCheckResult result = Run(function, inputs, eps, atol, rtol);
        if (!result.Passed && raiseException) throw new GradCheckException(result);
        return result.Passed;
    }

    /// <summary>Runs the check and returns the outcome, including the worst element, without throwing on a mismatch.</summary>
    /// <inheritdoc cref="Check(Func{Tensor[], Tensor}, IReadOnlyList{Tensor}, double, double, double, bool)"/>
    public static GradCheckResult Run(Func<Tensor[], Tensor> function, IReadOnlyList<Tensor> inputs, double eps = DefaultEps,
        double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        Validate(inputs);
        Tensor[] args = inputs.ToArray();

        Tensor output = function(args);
        if (output.DType != DType.Float64)
            throw new ArgumentException($"GradCheck: the function must return a Float64 tensor, got {output.DType}.");
        var projection = Tensor.Rand(output.Shape, DType.Float64, new Generator(0x6772616463686B)) + 0.5; // v in [0.5, 1.5)
        var checkedIndices = Enumerable.Range(0, args.Length).Where(i => args[i].RequiresGrad).ToArray();
        Tensor[] analytic;
        if (!output.RequiresGrad)
            analytic = checkedIndices.Select(i => Tensor.Zeros(args[i].Shape, DType.Float64)).ToArray();
        else
            analytic = Autograd.Grad(output, checkedIndices.Select(i => args[i]).ToArray(), projection, allowUnused: true);

        GradCheckResult? worst = null;
        double worstExcess = double.NegativeInfinity;
        using (Autograd.NoGrad())
        {
            for (int c = 0; c < checkedIndices.Length; c++)
            {
                Tensor x = args[checkedIndices[c]];
                for (int e = 0; e < x.ElementCount; e++)
                {
                    double original = x.GetRaw(e);
                    x.SetRaw(e, original + eps);
                    double plus = Project(function(args), projection);
                    x.SetRaw(e, original - eps);
                    double minus = Project(function(args), projection);
                    x.SetRaw(e, original);
                    double numeric = (plus - minus) / (2 * eps);
                    double exact = analytic[c].GetRaw(e);
                    double excess = Math.Abs(exact - numeric) - (atol + rtol * Math.Abs(numeric));
                    if (double.IsNaN(excess)) excess = double.PositiveInfinity;
                    if (excess > worstExcess)
                    {
                        worstExcess = excess;
                        worst = new GradCheckResult(excess <= 0, checkedIndices[c], x.Shape, MultiIndex(x.Shape, e), exact, numeric);
                    }
                }
            }
        }
        return worst ?? new GradCheckResult(true, -1, Shape.Scalar, [], 0, 0);
    }

    /// <summary>
    /// Checks <paramref name="function"/>'s second derivatives, like <c>torch.autograd.gradgradcheck</c>: the gradient
    /// g(x, v) = vᵀ·∂f/∂x, computed by a backward pass with <c>createGraph</c> for a fixed random v, is itself checked
    /// by <see cref="Check(Func{Tensor[], Tensor}, Tensor[])"/> against finite differences, with respect to the inputs
    /// and to v. It fails when an op's backward is not differentiable, or differentiates wrongly.
    /// </summary>
    /// <param name="function">Maps the inputs (in order) to one output tensor of any shape.</param>
    /// <param name="inputs">Float64 tensors; those that require grad are checked.</param>
    /// <returns>True when every element passes.</returns>
    /// <exception cref="GradCheckException">A second derivative differs from its finite-difference estimate.</exception>
    /// <exception cref="NotSupportedException">An op of <paramref name="function"/> does not support createGraph yet; the message names it.</exception>
    /// <inheritdoc cref="Check(Func{Tensor[], Tensor}, Tensor[])" path="/exception"/>
    public static bool GradGradCheck(Func<Tensor[], Tensor> function, params Tensor[] inputs) =>
        GradGradCheck(function, inputs, DefaultEps, DefaultAtol, DefaultRtol);

    /// <summary>Checks <paramref name="function"/>'s second derivatives with the given step and tolerances.</summary>
    /// <inheritdoc cref="GradGradCheck(Func{Tensor[], Tensor}, Tensor[])"/>
    /// <param name="function">Maps the inputs (in order) to one output tensor of any shape.</param>
    /// <param name="inputs">Float64 tensors; those that require grad are checked.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance (relative to the numeric value).</param>
    /// <param name="raiseException">Throw <see cref="GradCheckException"/> on failure (true) or return false.</param>
    public static bool GradGradCheck(Func<Tensor[], Tensor> function, IReadOnlyList<Tensor> inputs, double eps = DefaultEps,
        double atol = DefaultAtol, double rtol = DefaultRtol, bool raiseException = true)
    {
        GradCheckResult result = RunGradGrad(function, inputs, eps, atol, rtol);
        if (!result.Passed && raiseException) throw new GradCheckException(result);
        return result.Passed;
    }

    /// <summary>Runs the second-order check and returns the outcome without throwing on a mismatch.</summary>
    /// <inheritdoc cref="GradGradCheck(Func{Tensor[], Tensor}, IReadOnlyList{Tensor}, double, double, double, bool)"/>
    public static GradCheckResult RunGradGrad(Func<Tensor[], Tensor> function, IReadOnlyList<Tensor> inputs, double eps = DefaultEps,
        double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        Validate(inputs);
        int n = inputs.Count;
        int[] differentiable = Enumerable.Range(0, n).Where(i => inputs[i].RequiresGrad).ToArray();
        Tensor output;
        using (Autograd.EnableGrad()) output = function(inputs.ToArray());
        if (output.DType != DType.Float64)
            throw new ArgumentException($"GradGradCheck: the function must return a Float64 tensor, got {output.DType}.");
        Tensor v = Tensor.Rand(output.Shape, DType.Float64, new Generator(0x67726164677264)) + 0.5; // grad_outputs in [0.5, 1.5)
        v.RequiresGrad = true;

        Tensor FirstDerivative(Tensor[] all)
        {
            using var _ = Autograd.EnableGrad();
            Tensor[] xs = all[..n];
            Tensor y = function(xs);
            Tensor[] grads = y.RequiresGrad
                ? Autograd.Grad(y, differentiable.Select(i => xs[i]).ToArray(), all[n], createGraph: true, allowUnused: true)
                : differentiable.Select(i => Tensor.Zeros(xs[i].Shape, DType.Float64)).ToArray();
            return Tensor.Cat(grads.Select(g => g.Reshape(-1)).ToArray());
        }

        return Run(FirstDerivative, [.. inputs, v], eps, atol, rtol);
    }

    private static double Project(Tensor output, Tensor projection)
    {
        if (output.Shape != projection.Shape)
            throw new InvalidOperationException($"GradCheck: the function's output shape changed from {projection.Shape} to {output.Shape} between calls.");
        return (output * projection).Sum().Item();
    }

    private static void Validate(IReadOnlyList<Tensor> inputs)
    {
        bool any = false;
        for (int i = 0; i < inputs.Count; i++)
        {
            Tensor t = inputs[i];
            if (t.DType.IsFloatingPoint() && t.DType != DType.Float64)
                throw new ArgumentException($"GradCheck needs Float64 inputs for accurate finite differences; input {i} is {t.DType}. Convert it with To(DType.Float64).");
            if (t.RequiresGrad) any = true;
            for (int d = 0; d < t.Rank; d++)
                if (t.StrideArray[d] == 0 && t.Shape.Dims[d] > 1)
                    throw new ArgumentException($"GradCheck: input {i} (shape {t.Shape}) has overlapping memory (an Expand view); perturbing one element would change several. Pass a Clone().");
        }
        for (int i = 0; i < inputs.Count; i++)
            for (int j = i + 1; j < inputs.Count; j++)
                if ((inputs[i].RequiresGrad || inputs[j].RequiresGrad) && ReferenceEquals(inputs[i].Storage, inputs[j].Storage) && inputs[i].ElementCount > 0 && inputs[j].ElementCount > 0)
                    throw new ArgumentException(
                        $"GradCheck: inputs {i} and {j} share storage (one is a view of the other, or both of one tensor); perturbing one would change the other. Pass a Clone() of one of them.");
        if (!any) throw new ArgumentException("GradCheck: no input requires grad, so there is nothing to check; set RequiresGrad = true on the inputs to differentiate.");
    }

    private static int[] MultiIndex(Shape shape, int flat)
    {
        var index = new int[shape.Rank];
        for (int d = shape.Rank - 1; d >= 0; d--)
        {
            index[d] = flat % shape.Dims[d];
            flat /= shape.Dims[d];
        }
        return index;
    }
}

/// <summary>The outcome of a <see cref="GradCheck"/> run: whether it passed and its worst element.</summary>
/// <param name="Passed">True when every element was within tolerance.</param>
/// <param name="InputIndex">The input holding the worst element (−1 when no input had elements).</param>
/// <param name="InputShape">That input's shape.</param>
/// <param name="ElementIndex">The worst element's index within the input.</param>
/// <param name="Analytic">The gradient from backward (projected on the check's random vector).</param>
/// <param name="Numeric">The finite-difference estimate of the same quantity.</param>
public sealed record GradCheckResult(bool Passed, int InputIndex, Shape InputShape, int[] ElementIndex, double Analytic, double Numeric)
{
    /// <summary>A one-line description naming the input, the element and both values.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        string where = $"input {InputIndex} (shape {InputShape}), element [{string.Join(", ", ElementIndex)}]";
        return Passed
            ? $"GradCheck passed; the closest call was {where}: analytic {Analytic.ToString("R", inv)}, numeric {Numeric.ToString("R", inv)}."
            : $"GradCheck failed at {where}: analytic gradient {Analytic.ToString("R", inv)}, numeric gradient {Numeric.ToString("R", inv)} (difference {Math.Abs(Analytic - Numeric).ToString("G4", inv)}).";
    }
}

/// <summary>Thrown by <see cref="GradCheck.Check(Func{Tensor[], Tensor}, Tensor[])"/> when analytic and numeric gradients differ.</summary>
public sealed class GradCheckException : Exception
{
    /// <summary>Creates the exception for a failed result.</summary>
    public GradCheckException(GradCheckResult result) : base(result.ToString()) => Result = result;

    /// <summary>The failed check's details.</summary>
    public GradCheckResult Result { get; }
}
