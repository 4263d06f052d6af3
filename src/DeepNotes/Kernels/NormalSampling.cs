using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Standard normal samples in blocks: the same stream as <see cref="Generator.NextNormal"/> (a pending spare first,
/// then for each pair u₁ = 1 − U, u₂ = U drawn in that order, giving r·cos θ then r·sin θ with r = √(−2 ln u₁) and
/// θ = 2π·u₂; an odd last sample leaves its sine as the generator's spare), with ln, √, sin and cos computed by
/// TensorPrimitives over a block of pairs instead of one pair at a time. Those vectorised functions may differ from
/// <see cref="Math"/>'s in the last bit, so a sample can differ from the one-at-a-time value by an ulp; the stream of
/// uniforms, and so every later draw, is unchanged. One thread, element order: independent of the thread count.
/// </summary>
internal static class NormalSampling
{
    private const int Pairs = 512;

    /// <summary>Fills <paramref name="destination"/> with standard normal samples.</summary>
    public static void Fill(Generator g, Span<double> destination)
    {
        Span<double> u1 = stackalloc double[Pairs], u2 = stackalloc double[Pairs];
        int i = 0;
        if (destination.Length > 0 && g.TakeSpareNormal() is double spare) destination[i++] = spare;
        while (destination.Length - i >= 2)
        {
            int pairs = Math.Min(Pairs, (destination.Length - i) / 2);
            Block(g, destination.Slice(i, 2 * pairs), u1[..pairs], u2[..pairs]);
            i += 2 * pairs;
        }
        if (i < destination.Length) destination[i] = g.NextNormal();
    }

    /// <summary>Fills <paramref name="destination"/> with (float)(mean + std·z), z standard normal as above.</summary>
    public static void Fill(Generator g, Span<float> destination, double mean = 0, double std = 1)
    {
        Span<double> z = stackalloc double[2 * Pairs];
        for (int i = 0; i < destination.Length; i += z.Length)
        {
            int len = Math.Min(z.Length, destination.Length - i);
            Span<double> zs = z[..len];
            Fill(g, zs);
            Span<float> d = destination.Slice(i, len);
            if (mean == 0 && std == 1) TensorPrimitives.ConvertTruncating<double, float>(zs, d);
            else for (int k = 0; k < len; k++) d[k] = (float)(mean + std * zs[k]);
        }
    }

    private static void Block(Generator g, Span<double> d, Span<double> u1, Span<double> u2)
    {
        for (int k = 0; k < u1.Length; k++)
        {
            u1[k] = 1.0 - g.NextDouble(); // (0, 1]: log never sees 0
            u2[k] = g.NextDouble();
        }
        TensorPrimitives.Log(u1, u1);
        TensorPrimitives.Multiply(u1, -2.0, u1);
        TensorPrimitives.Sqrt(u1, u1);                    // r
        TensorPrimitives.Multiply(u2, 2.0 * Math.PI, u2); // θ
        Span<double> c = d[..u1.Length], s = d[u1.Length..];
        TensorPrimitives.Cos(u2, c);
        TensorPrimitives.Sin(u2, s);
        TensorPrimitives.Multiply(c, u1, c);
        TensorPrimitives.Multiply(s, u1, s);
        // interleave: cos values (first half of d) to even places, sin values (second half) to odd places
        Span<double> sines = u2;
        s.CopyTo(sines);
        for (int k = u1.Length - 1; k >= 0; k--) d[2 * k] = c[k];
        for (int k = 0; k < u1.Length; k++) d[2 * k + 1] = sines[k];
    }
}
