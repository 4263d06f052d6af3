using DeepNotes;
using DeepNotes.Optimizers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// Deterministic inputs shared by the optimizer tests and by reference/optimizer_reference.py (same expressions, so the
/// IEEE double values are identical), and a driver that runs an optimizer over them.
/// </summary>
internal static class OptimizerTestHelpers
{
    /// <summary>The gradient of element <paramref name="i"/> at step <paramref name="t"/> (1-based): changes every step, mixed signs, some zeros.</summary>
    public static double Gradient(int t, int i) => ((3 * i + 5 * t) % 11 - 5) * 0.25 + 0.1 * t;

    public static double[] Gradients(int t, int n) => Enumerable.Range(0, n).Select(i => Gradient(t, i)).ToArray();

    /// <summary>The starting value of element <paramref name="i"/>.</summary>
    public static double InitialValue(int i) => (i - 2) * 0.375 + 0.125;

    public static double[] InitialValues(int n) => Enumerable.Range(0, n).Select(InitialValue).ToArray();

    /// <summary>A leaf parameter requiring grad holding <paramref name="values"/> in <paramref name="dtype"/>.</summary>
    public static Tensor Parameter(double[] values, DType dtype = DType.Float64, Shape? shape = null)
    {
        var t = Tensor.FromArray(values, shape).To(dtype);
        if (dtype != DType.Float64) t = t.Detach();
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A gradient tensor (no grad) with <paramref name="values"/>.</summary>
    public static Tensor Values(double[] values, DType dtype, Shape? shape = null) => Tensor.FromArray(values, shape).To(dtype);

    /// <summary>
    /// Runs <paramref name="steps"/> steps of the optimizer made by <paramref name="make"/> on one parameter of
    /// <paramref name="n"/> elements starting at <see cref="InitialValues"/>, with gradient <see cref="Gradients"/>(t)
    /// at step t, and returns the final parameter as doubles.
    /// </summary>
    public static double[] Run(Func<IEnumerable<Tensor>, Optimizer> make, int n, int steps, DType dtype = DType.Float64, int vectorBits = 0)
    {
        var p = Parameter(InitialValues(n), dtype);
        var optimizer = make([p]);
        optimizer.VectorBits = vectorBits;
        for (int t = 1; t <= steps; t++)
        {
            p.Grad = Values(Gradients(t, n), dtype);
            optimizer.Step();
        }
        return p.ToArray<double>();
    }
}
