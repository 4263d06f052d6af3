using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Evenly spaced values as <c>torch.linspace</c> lays them out: start + step·i in the first half, end − step·(n − 1 − i)
/// in the second, computed in double and rounded once to the destination type. The vector path performs the same
/// double operations (a product then a sum, no fused multiply-add) as the scalar one, so both give identical values.
/// </summary>
internal static class LinearFill
{
    /// <summary>The value at <paramref name="i"/> of <paramref name="steps"/> ≥ 2 values from start to end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double At(int i, int steps, double start, double end, double step) =>
        i < steps / 2 ? start + step * i : end - step * (steps - 1 - i);

    /// <summary>Fills <paramref name="d"/> (length ≥ 2) from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static void Fill(Span<double> d, double start, double end)
    {
        int n = d.Length, i = 0;
        double step = (end - start) / (n - 1);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8) Lanes(i, n, start, end, step).CopyTo(d[i..]);
        for (; i < n; i++) d[i] = At(i, n, start, end, step);
    }

    /// <summary>Fills <paramref name="d"/> (length ≥ 2) from <paramref name="start"/> to <paramref name="end"/>, rounded to float.</summary>
    public static void Fill(Span<float> d, double start, double end)
    {
        int n = d.Length, i = 0;
        double step = (end - start) / (n - 1);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) Vector512.Narrow(Lanes(i, n, start, end, step), Lanes(i + 8, n, start, end, step)).CopyTo(d[i..]);
        for (; i < n; i++) d[i] = (float)At(i, n, start, end, step);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lanes(int i, int n, double start, double end, double step)
    {
        var index = Vector512.Create((double)i) + Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7);
        var forward = Vector512.Create(start) + Vector512.Create(step) * index;
        var backward = Vector512.Create(end) - Vector512.Create(step) * (Vector512.Create((double)(n - 1)) - index);
        return Vector512.ConditionalSelect(Vector512.LessThan(index, Vector512.Create((double)(n / 2))), forward, backward);
    }
}
