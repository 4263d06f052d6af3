using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// The 1-D resampling of one axis as a table: output <c>o</c> of <see cref="OutSize"/> is
/// Σ<sub>k &lt; Count(o)</sub> <c>Weight[o·Taps + k] · x[Index[o·Taps + k]]</c>. Every interpolation mode of
/// <c>F.interpolate</c> is a product of such axis maps (nearest, linear, cubic and area are separable), so one kernel
/// applies them axis by axis. The builders follow PyTorch 1.13's CPU index arithmetic exactly (see docs/resampling.md).
/// </summary>
internal sealed class ResampleAxis<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private ResampleAxis(int inSize, int outSize, int taps, bool unit)
    {
        InSize = inSize;
        OutSize = outSize;
        Taps = taps;
        Unit = unit;
        Index = new int[outSize * taps];
        Weight = new T[outSize * taps];
    }

    /// <summary>Input length along the axis.</summary>
    public int InSize { get; }

    /// <summary>Output length along the axis.</summary>
    public int OutSize { get; }

    /// <summary>Table entries per output (1 nearest, 2 linear, 4 cubic, the largest window for area).</summary>
    public int Taps { get; }

    /// <summary>One tap of weight one per output (nearest): the map is a gather.</summary>
    public bool Unit { get; }

    /// <summary>Input index of each tap, <c>[OutSize · Taps]</c>.</summary>
    public int[] Index { get; }

    /// <summary>Weight of each tap, <c>[OutSize · Taps]</c>.</summary>
    public T[] Weight { get; }

    /// <summary>
    /// For two taps, the table split by tap (index and weight of tap 0, then of tap 1) so that a vector loop can load
    /// eight outputs' taps at once; null otherwise.
    /// </summary>
    public (int[] Index0, int[] Index1, T[] Weight0, T[] Weight1)? Pairs { get; private set; }

    /// <summary>A nearest map with output o reading input o &gt;&gt; 1 (exact upsampling by 2): each input element is written twice.</summary>
    public bool Doubling { get; private set; }

    /// <summary>Taps used per output when they vary (area windows), else null (all <see cref="Taps"/> are used).</summary>
    public int[]? Count { get; private set; }

    /// <summary>Taps used by output <paramref name="o"/>.</summary>
    public int CountOf(int o) => Count is null ? Taps : Count[o];

    /// <summary>A flag per input index (length <see cref="InSize"/>): true where some output reads it.</summary>
    public bool[] UsedInputs()
    {
        var used = new bool[InSize];
        for (int o = 0; o < OutSize; o++)
            for (int k = 0; k < CountOf(o); k++) used[Index[o * Taps + k]] = true;
        return used;
    }

    /// <summary>
    /// <c>nearest</c>: PyTorch's <c>nearest_idx</c>: o when the sizes agree, o &gt;&gt; 1 when the output is twice the
    /// input, else min(⌊o·s⌋, in − 1) in float with s = (float)(1/scale) or (float)in/out.
    /// </summary>
    public static ResampleAxis<T> Nearest(int inSize, int outSize, double? scale)
    {
        var axis = new ResampleAxis<T>(inSize, outSize, 1, unit: true);
        float s = NearestScale(inSize, outSize, scale);
        for (int o = 0; o < outSize; o++)
        {
            int i = outSize == inSize ? o
                : outSize == 2 * inSize ? o >> 1
                : (int)Math.Min((long)MathF.Floor(o * s), inSize - 1);
            axis.Index[o] = i;
            axis.Weight[o] = T.One;
        }
        axis.Doubling = outSize == 2 * inSize;
        return axis;
    }

    /// <summary><c>nearest-exact</c>: min(⌊(o + 0.5)·s⌋, in − 1), the product rounded to float before the floor as PyTorch's <c>floorf</c>.</summary>
    public static ResampleAxis<T> NearestExact(int inSize, int outSize, double? scale)
    {
        var axis = new ResampleAxis<T>(inSize, outSize, 1, unit: true);
        float s = NearestScale(inSize, outSize, scale);
        for (int o = 0; o < outSize; o++)
        {
            axis.Index[o] = (int)Math.Min((long)MathF.Floor((float)((o + 0.5) * s)), inSize - 1);
            axis.Weight[o] = T.One;
        }
        return axis;
    }

    /// <summary>
    /// <c>linear</c> (one axis of bilinear and trilinear): PyTorch's <c>compute_source_index_and_lambda</c>. The ratio is
    /// <c>area_pixel_compute_scale</c> in the element type; the source index is computed in double
    /// (align corners: ratio·o; else max(ratio·(o + 0.5) − 0.5, 0)); taps ⌊src⌋ and ⌊src⌋ + 1 (clamped to the last
    /// index) with weights 1 − λ and λ = src − ⌊src⌋. Equal sizes copy.
    /// </summary>
    public static ResampleAxis<T> Linear(int inSize, int outSize, bool alignCorners, double? scale)
    {
        var axis = new ResampleAxis<T>(inSize, outSize, 2, unit: false);
        double ratio = double.CreateTruncating(AreaPixelScale(inSize, outSize, alignCorners, scale));
        for (int o = 0; o < outSize; o++)
        {
            int i0, i1;
            T l0, l1;
            if (outSize == inSize)
            {
                i0 = i1 = o;
                l0 = T.One;
                l1 = T.Zero;
            }
            else
            {
                double real = alignCorners ? ratio * o : Math.Max(ratio * (o + 0.5) - 0.5, 0);
                i0 = (int)real;
                i1 = i0 < inSize - 1 ? i0 + 1 : i0;
                l1 = T.CreateTruncating(real - i0);
                l0 = T.One - l1;
            }
            axis.Index[2 * o] = i0;
            axis.Index[2 * o + 1] = i1;
            axis.Weight[2 * o] = l0;
            axis.Weight[2 * o + 1] = l1;
        }
        axis.Pairs = (
            [.. Enumerable.Range(0, outSize).Select(o => axis.Index[2 * o])], [.. Enumerable.Range(0, outSize).Select(o => axis.Index[2 * o + 1])],
            [.. Enumerable.Range(0, outSize).Select(o => axis.Weight[2 * o])], [.. Enumerable.Range(0, outSize).Select(o => axis.Weight[2 * o + 1])]);
        return axis;
    }

    /// <summary>
    /// <c>bicubic</c> (one axis): source index in the element type (align corners: ratio·o; else ratio·(o + 0.5) − 0.5,
    /// not clamped), taps ⌊src⌋ − 1 … ⌊src⌋ + 2 clamped into [0, in − 1], weights of the cubic convolution kernel with
    /// A = −0.75 at t = src − ⌊src⌋ (PyTorch's <c>get_cubic_upsample_coefficients</c>).
    /// </summary>
    public static ResampleAxis<T> Cubic(int inSize, int outSize, bool alignCorners, double? scale)
    {
        var axis = new ResampleAxis<T>(inSize, outSize, 4, unit: false);
        T ratio = AreaPixelScale(inSize, outSize, alignCorners, scale);
        T half = T.CreateTruncating(0.5);
        Span<T> c = stackalloc T[4];
        for (int o = 0; o < outSize; o++)
        {
            T oo = T.CreateTruncating(o);
            T real = alignCorners ? ratio * oo : ratio * (oo + half) - half;
            T floor = T.Floor(real);
            int i = int.CreateSaturating(floor);
            CubicCoefficients(real - floor, c);
            for (int k = 0; k < 4; k++)
            {
                axis.Index[4 * o + k] = Math.Clamp(i - 1 + k, 0, inSize - 1);
                axis.Weight[4 * o + k] = c[k];
            }
        }
        return axis;
    }

    /// <summary>
    /// <c>area</c> (adaptive average pooling): output o averages inputs [⌊o·in/out⌋, ⌈(o + 1)·in/out⌉), each tap of
    /// weight 1 / window length.
    /// </summary>
    public static ResampleAxis<T> Area(int inSize, int outSize)
    {
        int taps = 0;
        for (int o = 0; o < outSize; o++) taps = Math.Max(taps, AdaptivePooling.End(o, inSize, outSize) - AdaptivePooling.Start(o, inSize, outSize));
        var axis = new ResampleAxis<T>(inSize, outSize, taps, unit: false) { Count = new int[outSize] };
        for (int o = 0; o < outSize; o++)
        {
            int start = AdaptivePooling.Start(o, inSize, outSize), end = AdaptivePooling.End(o, inSize, outSize);
            axis.Count[o] = end - start;
            T w = T.One / T.CreateTruncating(end - start);
            for (int k = 0; k < taps; k++)
            {
                axis.Index[o * taps + k] = Math.Min(start + k, end - 1);
                axis.Weight[o * taps + k] = k < end - start ? w : T.Zero;
            }
        }
        return axis;
    }

    /// <summary>The cubic convolution weights of taps −1, 0, 1, 2 at fraction <paramref name="t"/> (A = −0.75).</summary>
    public static void CubicCoefficients(T t, Span<T> coefficients)
    {
        T a = T.CreateTruncating(-0.75), one = T.One;
        T x1 = t, x2 = one - t;
        coefficients[0] = Convolution2(x1 + one, a);
        coefficients[1] = Convolution1(x1, a);
        coefficients[2] = Convolution1(x2, a);
        coefficients[3] = Convolution2(x2 + one, a);
    }

    // ((A + 2)x − (A + 3))x² + 1 for |x| ≤ 1
    private static T Convolution1(T x, T a) => ((a + T.CreateTruncating(2)) * x - (a + T.CreateTruncating(3))) * x * x + T.One;

    // ((Ax − 5A)x + 8A)x − 4A for 1 < |x| < 2
    private static T Convolution2(T x, T a) =>
        ((a * x - T.CreateTruncating(5) * a) * x + T.CreateTruncating(8) * a) * x - T.CreateTruncating(4) * a;

    /// <summary>PyTorch's <c>area_pixel_compute_scale</c> in the element type.</summary>
    private static T AreaPixelScale(int inSize, int outSize, bool alignCorners, double? scale)
    {
        if (alignCorners) return outSize > 1 ? T.CreateTruncating(inSize - 1) / T.CreateTruncating(outSize - 1) : T.Zero;
        return scale is double s && s > 0 ? T.CreateTruncating(1.0 / s) : T.CreateTruncating(inSize) / T.CreateTruncating(outSize);
    }

    /// <summary>PyTorch's <c>compute_scales_value&lt;float&gt;</c> (nearest modes use float whatever the element type).</summary>
    private static float NearestScale(int inSize, int outSize, double? scale) =>
        scale is double s && s > 0 ? (float)(1.0 / s) : (float)inSize / outSize;
}
