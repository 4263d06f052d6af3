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

/// <summary>Memory layouts for the gradient checks: the same logical values stored three ways.</summary>
public enum StorageLayout
{
    /// <summary>Row-major contiguous.</summary>
    Contiguous,

    /// <summary>A transposed view of a contiguous tensor (rank ≥ 2; rank-1 inputs stay contiguous).</summary>
    Transposed,

    /// <summary>Every second element of the last axis of a larger tensor.</summary>
    Sliced,
}

/// <summary>Builders of float64 test inputs in a chosen layout.</summary>
internal static class LayoutInputs
{
    public static readonly StorageLayout[] All = [StorageLayout.Contiguous, StorageLayout.Transposed, StorageLayout.Sliced];

    /// <summary>A float64 leaf requiring grad with logical values <paramref name="values"/> stored in <paramref name="layout"/>.</summary>
    public static Tensor Leaf(double[] values, Shape shape, StorageLayout layout, bool requiresGrad = true)
    {
        Tensor x = Tensor.FromArray(values, shape).To(DType.Float64);
        Tensor t = layout switch
        {
            StorageLayout.Transposed when shape.Rank >= 2 => x.Transpose(-1, -2).Contiguous().Detach().Transpose(-1, -2),
            StorageLayout.Sliced when shape.Rank >= 1 => Sliced(x, shape),
            _ => x,
        };
        t = t.Detach();
        if (layout != StorageLayout.Contiguous && shape.Rank >= 2 && shape.Dims[^1] > 1 && shape.Dims[^2] > 1)
            Assert.False(t.IsContiguous, $"test helper: {layout} view of {shape} should not be contiguous");
        Assert.Equal(values, t.ToArray<double>());
        t.RequiresGrad = requiresGrad;
        return t;
    }

    private static Tensor Sliced(Tensor x, Shape shape)
    {
        int n = shape.Dims[^1];
        Tensor junk = Tensor.Full(shape, 7.25, DType.Float64);
        int[] dims = [.. shape.Dims.ToArray()[..^1], 2 * n];
        return Tensor.Stack([junk, x], -1).Reshape(dims).Contiguous().Detach().Slice(-1, 1, 2 * n, 2);
    }
}
