using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// One second-order check of a public API member: <c>GradCheck.GradGradCheck(Function, Inputs())</c> in float64.
/// <see cref="Api"/> names the member it covers as <c>Tensor.Sin</c>, <c>Functional.Conv2D</c>, <c>Linalg.Svd</c>,
/// <c>Layers.Conv2D</c> or <c>Losses.HuberLoss</c> (overloads share one name); the coverage test fails for a public
/// differentiable member that no case names.
/// </summary>
/// <param name="Api">The covered member, <c>Type.Member</c> (a module type: its namespace's last part and its name).</param>
/// <param name="Label">What this case varies (options, layout), shown in the test name.</param>
/// <param name="Function">The function checked; it must return a Float64 tensor.</param>
/// <param name="Inputs">
/// Makes fresh float64 inputs (those to differentiate with RequiresGrad = true); for a module, its parameters may be
/// listed too (the check perturbs them in place, so the module sees the perturbation).
/// </param>
/// <param name="Atol">Absolute tolerance of the check.</param>
/// <param name="Rtol">Relative tolerance of the check.</param>
public sealed record GradGradCase(string Api, string Label, Func<Tensor[], Tensor> Function, Func<Tensor[]> Inputs,
    double Atol = 1e-5, double Rtol = 1e-3)
{
    /// <inheritdoc/>
    public override string ToString() => Label.Length == 0 ? Api : $"{Api} ({Label})";
}

/// <summary>
/// A file of second-order cases for one area of the library. Every implementation in the test assembly (a class with a
/// parameterless constructor) is discovered by <see cref="EveryOpHasASecondOrderTest"/>, so adding cases needs no edit
/// elsewhere.
/// </summary>
public interface IGradGradCaseSource
{
    /// <summary>The cases of this area.</summary>
    IEnumerable<GradGradCase> Cases();

    /// <summary>
    /// Public members of this area that are not differentiable (integer or boolean results, creation, in-place updates of
    /// leaves, ...), each with the reason; they need no case.
    /// </summary>
    IEnumerable<(string Api, string Reason)> NotDifferentiable() => [];
}

/// <summary>Helpers for writing cases.</summary>
public static class GradGradInputs
{
    /// <summary>A float64 tensor of standard-normal values that requires grad.</summary>
    public static Tensor Randn(ulong seed, params int[] shape)
    {
        Tensor t = Tensor.Randn(new Shape(shape), DType.Float64, new Generator(seed));
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A float64 tensor of values uniform in [low, high) that requires grad.</summary>
    public static Tensor Uniform(ulong seed, double low, double high, params int[] shape)
    {
        Tensor t = Tensor.Rand(new Shape(shape), DType.Float64, new Generator(seed)) * (high - low) + low;
        t = t.Detach();
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A float64 tensor of the given values and shape that requires grad.</summary>
    public static Tensor Of(double[] values, params int[] shape)
    {
        Tensor t = Tensor.FromArray(values, new Shape(shape));
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A module converted to float64, in training mode unless <paramref name="eval"/>.</summary>
    public static TModule Float64<TModule>(TModule module, bool eval = false) where TModule : Module
    {
        module.To(DType.Float64);
        if (eval) module.Eval();
        return module;
    }
}
