namespace DeepNotes.Kernels;

/// <summary>
/// The geometry of a 2-D pooling over <see cref="Planes"/> independent row-major planes of <c>H × W</c> elements
/// (the N·C planes of an NCHW tensor): window <c>KH × KW</c>, stride, zero-based implicit padding and dilation, giving
/// <c>OH × OW</c> outputs per plane.
/// </summary>
internal readonly record struct PoolGeometry(
    int Planes, int H, int W, int OH, int OW, int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW)
{
    /// <summary>Elements per input plane.</summary>
    public int InputPlane => H * W;

    /// <summary>Elements per output plane.</summary>
    public int OutputPlane => OH * OW;

    /// <summary>
    /// PyTorch's <c>pooling_output_shape</c>: ⌊(in + 2p − d(k − 1) − 1 [+ s − 1 in ceil mode]) / s⌋ + 1, less one in
    /// ceil mode when the last window would start past the input and its left padding. May be ≤ 0 (too small).
    /// </summary>
    public static int OutputSize(int input, int kernel, int stride, int padding, int dilation, bool ceilMode)
    {
        long numerator = (long)input + 2L * padding - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long output = FloorDiv(numerator, stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + padding) output--;
        return (int)Math.Clamp(output, int.MinValue, int.MaxValue);
    }

    /// <summary>The smallest input size that gives at least one output for these settings (at least 1).</summary>
    public static int MinimumInput(int kernel, int stride, int padding, int dilation, bool ceilMode)
    {
        int size = 1;
        while (OutputSize(size, kernel, stride, padding, dilation, ceilMode) < 1) size++;
        return size;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// <summary>
/// Runs a body over [0, planes) split across the <see cref="WorkerPool"/> in whole planes. Every plane is computed by
/// the same code on one thread, so results do not depend on the thread count; small jobs stay on the caller.
/// </summary>
internal static class PlaneParallel
{
    /// <summary>Minimum number of element visits per thread before a job is split.</summary>
    public const int Grain = 1 << 15;

    public static void Run<TBody>(TBody body, int planes, long workPerPlane) where TBody : struct, IRangeBody
    {
        int grain = (int)Math.Clamp(Grain / Math.Max(workPerPlane, 1), 1, int.MaxValue);
        RangeJob<TBody>.Run(body, planes, grain);
    }
}

/// <summary>PyTorch's adaptive pooling windows: output i of <c>outSize</c> covers [⌊i·In/Out⌋, ⌈(i+1)·In/Out⌉).</summary>
internal static class AdaptivePooling
{
    public static int Start(int i, int inSize, int outSize) => (int)((long)i * inSize / outSize);

    public static int End(int i, int inSize, int outSize) => (int)(((long)(i + 1) * inSize + outSize - 1) / outSize);
}
