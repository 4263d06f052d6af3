using DeepNotes;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Losses;

/// <summary>Tensor construction and closeness assertions shared by the loss tests.</summary>
internal static class LossTestHelpers
{
    /// <summary>A tensor of <paramref name="dtype"/> with the given values and shape.</summary>
    public static Tensor Make(double[] values, Shape shape, DType dtype = DType.Float64, bool requiresGrad = false)
    {
        var t = Tensor.FromArray(values, shape).To(dtype);
        if (requiresGrad) t.RequiresGrad = true;
        return t;
    }

    /// <summary>An Int32 tensor.</summary>
    public static Tensor Ints(int[] values, Shape shape) => Tensor.FromArray(values, shape);

    /// <summary>Uniform values in [lo, hi) from a seeded generator.</summary>
    public static double[] Uniform(int count, double lo, double hi, ulong seed)
    {
        var g = new Generator(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = lo + (hi - lo) * g.NextDouble();
        return v;
    }

    /// <summary>Standard normal values from a seeded generator.</summary>
    public static double[] Normal(int count, ulong seed, double scale = 1)
    {
        var g = new Generator(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = scale * g.NextNormal();
        return v;
    }

    /// <summary>Class indices in [0, classes) from a seeded generator.</summary>
    public static int[] Classes(int count, int classes, ulong seed)
    {
        var g = new Generator(seed);
        var v = new int[count];
        for (int i = 0; i < count; i++) v[i] = g.NextInt32(0, classes);
        return v;
    }

    /// <summary>Probability rows: positive values normalised over the last axis of length <paramref name="classes"/>.</summary>
    public static double[] ProbabilityRows(int rows, int classes, ulong seed)
    {
        var v = Uniform(rows * classes, 0.05, 1, seed);
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int c = 0; c < classes; c++) s += v[r * classes + c];
            for (int c = 0; c < classes; c++) v[r * classes + c] /= s;
        }
        return v;
    }

    /// <summary>Tolerances for comparing against float64 references: tight in float64, float32 rounding otherwise.</summary>
    public static (double Rtol, double Atol) Tolerance(DType dtype) => dtype == DType.Float64 ? (1e-12, 1e-12) : (3e-6, 3e-6);
}
