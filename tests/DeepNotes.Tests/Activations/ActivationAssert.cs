using System.Globalization;
using DeepNotes;

namespace DeepNotes.Tests.Activations;

/// <summary>Assertions shared by the activation tests.</summary>
public static class ActivationAssert
{
    /// <summary>
    /// Asserts every element of <paramref name="actual"/> within atol + rtol·|expected| of <paramref name="expected"/>
    /// (NaN matches NaN, infinities must be equal), naming the first element that is not.
    /// </summary>
    public static void Close(double[] expected, Tensor actual, double rtol, double atol = 0)
    {
        var a = actual.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            double e = expected[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a[i]) : e == a[i] || Math.Abs(a[i] - e) <= atol + rtol * Math.Abs(e);
            if (!ok)
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"element {i}: expected {e:R}, got {a[i]:R} (difference {Math.Abs(a[i] - e):G3}, tolerance {atol + rtol * Math.Abs(e):G3})"));
        }
    }

    /// <summary>Asserts that no element is NaN or infinite.</summary>
    public static void Finite(Tensor t)
    {
        var a = t.ToArray<double>();
        for (int i = 0; i < a.Length; i++)
            if (!double.IsFinite(a[i])) Assert.Fail($"element {i} is {a[i]}");
    }
}
