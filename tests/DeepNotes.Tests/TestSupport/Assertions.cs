using DeepNotes;

namespace DeepNotes.Tests.TestSupport;

/// <summary>How the absolute and relative parts of a tolerance combine.</summary>
public enum ToleranceRule
{
    /// <summary><c>|expected − actual| ≤ atol + rtol·|expected|</c> (numpy/torch <c>allclose</c>).</summary>
    Sum,

    /// <summary><c>|expected − actual| ≤ max(atol, rtol·|expected|)</c> (e.g. <c>tol·max(1, |expected|)</c>).</summary>
    Max,
}

/// <summary>
/// The one element-wise closeness assertion of the test suite. A value passes when it is within the tolerance of the
/// expected one, when both are NaN, or when both are the same infinity; a failure names the element's index, both
/// values, their difference and the tolerance.
/// </summary>
public static class Assertions
{
    /// <summary>Asserts that <paramref name="actual"/> has the length of <paramref name="expected"/> and every element is close to it.</summary>
    public static void AssertClose(double[] expected, double[] actual, double atol, double rtol = 0, string? what = null,
        ToleranceRule rule = ToleranceRule.Sum)
    {
        string prefix = string.IsNullOrEmpty(what) ? "" : what + ": ";
        Assert.True(expected.Length == actual.Length, $"{prefix}expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            double tol = rule == ToleranceRule.Sum ? atol + rtol * Math.Abs(e) : Math.Max(atol, rtol * Math.Abs(e));
            if (Math.Abs(e - a) <= tol || e.Equals(a)) continue; // Equals: NaN = NaN and ∞ = ∞
            Assert.Fail($"{prefix}element {i}: expected {e:R}, got {a:R} (difference {Math.Abs(e - a):E3}, tolerance {tol:E3}).");
        }
    }

    /// <summary>The <see cref="AssertClose(double[], double[], double, double, string?, ToleranceRule)"/> of float values.</summary>
    public static void AssertClose(float[] expected, float[] actual, double atol, double rtol = 0, string? what = null,
        ToleranceRule rule = ToleranceRule.Sum) =>
        AssertClose(Array.ConvertAll(expected, v => (double)v), Array.ConvertAll(actual, v => (double)v), atol, rtol, what, rule);

    /// <summary>
    /// Asserts that the elements of <paramref name="actual"/> (any dtype, read as double) are close to
    /// <paramref name="expected"/>, after checking its shape when <paramref name="shape"/> is given.
    /// </summary>
    public static void AssertClose(double[] expected, Tensor actual, double atol, double rtol = 0, string? what = null,
        ToleranceRule rule = ToleranceRule.Sum, int[]? shape = null)
    {
        if (shape is not null) Assert.Equal(new Shape(shape), actual.Shape);
        string prefix = string.IsNullOrEmpty(what) ? "" : what + ": ";
        Assert.True(expected.Length == actual.ElementCount, $"{prefix}expected {expected.Length} values, got {actual.ElementCount} (shape {actual.Shape}).");
        AssertClose(expected, actual.ToArray<double>(), atol, rtol, what, rule);
    }
}
