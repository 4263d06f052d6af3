using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>The algorithm a convolution runs with; <see cref="Auto"/> lets <see cref="Conv"/> choose.</summary>
internal enum ConvPath
{
    /// <summary>Chosen per call from the geometry (see <see cref="Conv.ChooseForward"/>).</summary>
    Auto,

    /// <summary>im2col per image + GEMM (every geometry).</summary>
    Im2Col,

    /// <summary>Direct (implicit-GEMM) convolution over a padded copy of the image; stride 1 only.</summary>
    Direct,

    /// <summary>Winograd F(2×2, 3×3); 3×3 kernels, stride 1, dilation 1 only.</summary>
    Winograd,
}

/// <summary>
/// The convolution entry points used by the ops: forward, input gradient and weight gradient on NCHW spans, each
/// routed to the fastest applicable algorithm. Every path computes the same function (tested against the im2col
/// baseline); <see cref="ForcedPath"/> pins one for tests and benchmarks.
/// </summary>
internal static class Conv
{
    [ThreadStatic] private static ConvPath t_forced;

    /// <summary>Path for calls from the current thread (tests, benchmarks); Auto = choose. A path that cannot run the geometry falls back to im2col.</summary>
    internal static ConvPath ForcedPath
    {
        get => t_forced;
        set => t_forced = value;
    }

    /// <summary>The path the forward pass of <paramref name="g"/> takes.</summary>
    internal static ConvPath ChooseForward(in ConvGeometry g)
    {
        ConvPath forced = t_forced;
        if (forced != ConvPath.Auto) return Supports(forced, g) ? forced : ConvPath.Im2Col;
        if (WinogradPays(g.InGroup, g.OutGroup) && Winograd.Supports(g)) return ConvPath.Winograd;
        // The direct tile is 8 output channels high: fewer per group (depthwise) would waste most of it.
        return ConvDirect.Supports(g) && g.OutGroup >= 8 ? ConvPath.Direct : ConvPath.Im2Col;
    }

    /// <summary>
    /// Whether Winograd F(2×2, 3×3) beats the direct path for a 3×3 stride-1 convolution with these channels per
    /// group: at least 16 outputs (its transforms cost per input and output channel and tile, its multiplies per pair,
    /// so it needs enough of both) and 4 inputs. Measured (docs/convolution.md, 1 thread, CPU time, batch 64 at 28×28,
    /// 14×14, 7×7 and 2×2–4×4): faster for every measured pair with ≥ 4 inputs and ≥ 16 outputs (4→32, 8→16, 16→16,
    /// 32→64, …: 1.1–1.9×, more at 4×4 and below), slower or even below that (1→32, 3→16, 4→8, 8→8, 64→8). Only where the
    /// 512-bit transforms and multiply tile run (where it was measured).
    /// </summary>
    internal static bool WinogradPays(int inGroup, int outGroup) =>
        outGroup >= 16 && inGroup >= 4 && Vector512Ops<float>.IsSupported;

    /// <summary>The path the input gradient of <paramref name="g"/> takes.</summary>
    internal static ConvPath ChooseBackwardData(in ConvGeometry g)
    {
        ConvPath forced = t_forced;
        bool direct = ConvDirect.SupportsBackwardData(g);
        if (forced == ConvPath.Winograd) return Winograd.SupportsBackwardData(g) ? ConvPath.Winograd : ConvPath.Im2Col;
        if (forced != ConvPath.Auto) return forced == ConvPath.Direct && direct ? ConvPath.Direct : ConvPath.Im2Col;
        // The input gradient is a stride-1 convolution from the output channels to the input channels: the forward's
        // rules with in/out swapped.
        if (WinogradPays(g.OutGroup, g.InGroup) && Winograd.SupportsBackwardData(g)) return ConvPath.Winograd;
        return direct && g.InGroup >= 8 ? ConvPath.Direct : ConvPath.Im2Col;
    }

    /// <summary>
    /// The path the weight gradient of <paramref name="g"/> takes: direct for stride 1 when its tiles sum over enough
    /// positions (no column matrix, no packing; pointwise convolutions keep the GEMM, whose column matrix is the input
    /// itself), else im2col.
    /// </summary>
    internal static ConvPath ChooseBackwardWeight<T>(in ConvGeometry g)
        where T : unmanaged
    {
        ConvPath forced = t_forced;
        bool direct = ConvDirectWeight.Supports(g);
        if (forced != ConvPath.Auto) return forced == ConvPath.Direct && direct ? ConvPath.Direct : ConvPath.Im2Col;
        return direct && !g.IsPointwise && ConvDirectWeight.Pays<T>(g) ? ConvPath.Direct : ConvPath.Im2Col;
    }

    /// <summary>Whether <paramref name="path"/> can compute <paramref name="g"/>.</summary>
    internal static bool Supports(ConvPath path, in ConvGeometry g) => path switch
    {
        ConvPath.Im2Col => true,
        ConvPath.Direct => ConvDirect.Supports(g),
        ConvPath.Winograd => Winograd.Supports(g),
        _ => false,
    };

    /// <summary>y[N, K, OH, OW] = conv(x, w) + bias (empty = none); overwrites y.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (ChooseForward(g))
        {
            case ConvPath.Direct:
                ConvDirect.Forward(x, w, bias, y, g);
                break;
            case ConvPath.Winograd:
                Winograd.Forward(x, w, bias, y, g);
                break;
            default:
                ConvIm2Col.Forward(x, w, bias, y, g);
                break;
        }
    }

    /// <summary>dx[N, C, H, W] = the input gradient for dy[N, K, OH, OW]; overwrites dx.</summary>
    public static void BackwardData<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (ChooseBackwardData(g))
        {
            case ConvPath.Direct:
                ConvDirect.BackwardData(dy, w, dx, g);
                break;
            case ConvPath.Winograd:
                Winograd.BackwardData(dy, w, dx, g);
                break;
            default:
                ConvIm2Col.BackwardData(dy, w, dx, g);
                break;
        }
    }

    /// <summary>dw[K, C/G, KH, KW] = the weight gradient for dy and x; overwrites dw.</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, Span<T> dw, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ChooseBackwardWeight<T>(g) == ConvPath.Direct) ConvDirectWeight.Compute(dy, x, dw, g);
        else ConvIm2Col.BackwardWeight(dy, x, dw, g);
    }

    /// <summary>db[K] = Σ over batch and positions of dy[N, K, plane] (fixed order); overwrites db.</summary>
    public static void BiasGradient<T>(ReadOnlySpan<T> dy, Span<T> db, int batch, int channels, int plane)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        db[..channels].Clear();
        for (int n = 0; n < batch; n++)
            for (int k = 0; k < channels; k++)
                db[k] += System.Numerics.Tensors.TensorPrimitives.Sum(dy.Slice((n * channels + k) * plane, plane));
    }

    /// <summary>y[n, k, :] += bias[k] for an NC(plane) tensor.</summary>
    public static void AddBias<T>(Span<T> y, ReadOnlySpan<T> bias, int batch, int channels, int plane)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int n = 0; n < batch; n++)
            for (int k = 0; k < channels; k++)
            {
                Span<T> row = y.Slice((n * channels + k) * plane, plane);
                System.Numerics.Tensors.TensorPrimitives.Add(row, bias[k], row);
            }
    }
}
