namespace DeepNotes.Tests.Losses;

/// <summary>Assertions of the issue-14 loss tests.</summary>
internal static class MoreLossesTestHelpers
{
    /// <summary>
    /// Asserts |expected − actual| ≤ atol + rtol·|expected| element by element; NaN matches only NaN and an infinity
    /// only the same infinity.
    /// </summary>
    public static void AssertNear(double[] expected, Tensor actual, double rtol, double atol, string what = "")
    {
        double[] a = actual.ToArray<double>();
        Assert.True(expected.Length == a.Length, $"{what}: expected {expected.Length} values, got {a.Length} (shape {actual.Shape}).");
        for (int i = 0; i < a.Length; i++)
        {
            double e = expected[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a[i])
                : double.IsInfinity(e) ? e == a[i]
                : Math.Abs(e - a[i]) <= atol + rtol * Math.Abs(e);
            Assert.True(ok, $"{what}: element {i}: expected {e:R}, got {a[i]:R} (rtol {rtol:G3}, atol {atol:G3}).");
        }
    }
}
