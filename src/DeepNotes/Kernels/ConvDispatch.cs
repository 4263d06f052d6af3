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
        // The direct tile is 8 output channels high: fewer per group (depthwise) would waste most of it.
        return ConvDirect.Supports(g) && g.OutGroup >= 8 ? ConvPath.Direct : ConvPath.Im2Col;
    }

    /// <summary>The path the input gradient of <paramref name="g"/> takes.</summary>
    internal static ConvPath ChooseBackwardData(in ConvGeometry g)
    {
        ConvPath forced = t_forced;
        bool direct = ConvDirect.SupportsBackwardData(g);
        if (forced == ConvPath.Winograd) return Winograd.SupportsBackwardData(g) ? ConvPath.Winograd : ConvPath.Im2Col;
        if (forced != ConvPath.Auto) return forced == ConvPath.Direct && direct ? ConvPath.Direct : ConvPath.Im2Col;
        return direct && g.InGroup >= 8 ? ConvPath.Direct : ConvPath.Im2Col; // as in forward, with in/out swapped
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
