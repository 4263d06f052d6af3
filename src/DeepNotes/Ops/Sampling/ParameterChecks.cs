namespace DeepNotes.Ops.Sampling;

/// <summary>Argument checks shared by the samplers; each names the op, what it expects and what it got.</summary>
internal static class ParameterChecks
{
    /// <summary>Throws unless <paramref name="p"/> is in [0, 1].</summary>
    public static void Probability(string op, double p, string name = "p")
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(name, p, $"{op} expects {name} to be in [0, 1], but got {name}={p}.");
    }

    /// <summary>Throws unless every element is in [0, 1] (NaN fails).</summary>
    public static void Probabilities(string op, ReadOnlySpan<double> p)
    {
        for (int i = 0; i < p.Length; i++)
            if (!(p[i] >= 0 && p[i] <= 1))
                throw new ArgumentException($"{op} expects all probabilities in [0, 1], but element {i} is {p[i]}.");
    }

    /// <summary>Throws unless the dtype is Float32 or Float64.</summary>
    public static void FloatingPoint(string op, DType dtype, string what = "tensor")
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{op} expects a floating-point {what} (Float32 or Float64), got {dtype}.");
    }
}
