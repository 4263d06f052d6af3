using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Winograd F(2×2, 3×3) convolution (Lavin &amp; Gray, 2016) for 3×3 kernels, stride 1, dilation 1: every 2×2 output
/// tile is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A for its 4×4 input patch d, so the 36 multiplies of a direct 2×2×3×3 become 16.
/// Over channels this is 16 independent GEMMs: M<sub>ξ</sub>[K, tiles] = U<sub>ξ</sub>[K, C] · V<sub>ξ</sub>[C, tiles]
/// with U the transformed filters (once per call) and V the transformed input patches.
/// <para>
/// The tile rows of all images form one sequence (image after image), cut into fixed chunks of about
/// <see cref="TilesPerChunk"/> tiles: a chunk may hold several small images or a band of a large one. Per chunk and
/// group: the vectorised input transform (<see cref="WinogradTransforms.InputBand"/>), one batched GEMM of 16, and per
/// output channel the vectorised output transform with the bias and the copy to NCHW. Scratch is bounded by the chunk,
/// and the chunking depends on the geometry alone, so results do not depend on the thread count.
/// </para>
/// </summary>
internal static unsafe class Winograd
{
    /// <summary>Target tiles per chunk (GEMM width): enough for efficient GEMMs, small enough to stay in cache.</summary>
    internal const int TilesPerChunk = 196;

    /// <summary>Vector width in bits for tests (512, 256 or 1 = scalar); 0 = the widest the hardware runs.</summary>
    internal static int VectorBits { get; set; }

    /// <summary>Whether F(2×2, 3×3) can compute <paramref name="g"/>.</summary>
    public static bool Supports(in ConvGeometry g) =>
        g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1;

    /// <summary>Whether the input gradient of <paramref name="g"/> can run as a Winograd convolution (padding ≤ 2, see <see cref="BackwardData{T}"/>).</summary>
    public static bool SupportsBackwardData(in ConvGeometry g) => Supports(g) && g.PadH <= 2 && g.PadW <= 2;

    /// <summary>The width the transforms run with.</summary>
    private static int Width<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bits = VectorBits;
        if (bits == 512 && WinogradVector512<T>.IsSupported || bits == 0 && WinogradVector512<T>.IsSupported) return 512;
        if ((bits == 512 || bits == 256 || bits == 0) && WinogradVector256<T>.IsSupported) return 256;
        return 1;
    }

    /// <summary>y = conv(x, w) + bias, like <see cref="ConvIm2Col.Forward{T}"/>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Batch == 0 || g.OutChannels == 0 || g.OutPlane == 0) return;
        int cg = g.InGroup, kg = g.OutGroup;
        T[] u = ArrayPool<T>.Shared.Rent(Math.Max(16 * g.Groups * kg * cg, 1));
        try
        {
            TransformFilters(w, g, u);
            var plan = new Plan(g, Width<T>(), Unsafe.SizeOf<T>());
            fixed (T* px = x) fixed (T* pu = u) fixed (T* pb = bias) fixed (T* py = y)
            {
                var job = new ChunkJob<T>(g, plan, px, pu, bias.IsEmpty ? null : pb, py);
                ConvParallel.ForEachImage(job, plan.Chunks, plan.ScratchLength(cg, kg));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(u);
        }
    }

    /// <summary>
    /// dx = convᵀ(dy, w) for stride 1 as the Winograd convolution of dy with the kernel flipped in space and in/out
    /// channels swapped per group, padded by 2 − P (as <see cref="ConvDirect.BackwardData{T}"/> does directly).
    /// </summary>
    public static void BackwardData<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cg = g.InGroup, kg = g.OutGroup;
        T[] flipped = ArrayPool<T>.Shared.Rent(Math.Max(g.OutChannels * g.ColRows, 1));
        try
        {
            // flipped[gi·Cg + c, k, i, j] = w[gi·Kg + k, c, 2 − i, 2 − j]
            for (int gi = 0; gi < g.Groups; gi++)
                for (int k = 0; k < kg; k++)
                    for (int c = 0; c < cg; c++)
                    {
                        int src = ((gi * kg + k) * cg + c) * 9, dst = ((gi * cg + c) * kg + k) * 9;
                        for (int t = 0; t < 9; t++) flipped[dst + t] = w[src + 8 - t];
                    }
            var f = new ConvGeometry(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.InChannels, 3, 3, 1, 1,
                2 - g.PadH, 2 - g.PadW, 1, 1, g.Groups, g.InHeight, g.InWidth);
            Forward<T>(dy, flipped.AsSpan(0, g.OutChannels * g.ColRows), ReadOnlySpan<T>.Empty, dx, f);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(flipped);
        }
    }

    /// <summary>U[group][ξ][k][c] = (G g Gᵀ)<sub>ξ</sub> with G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]].</summary>
    private static void TransformFilters<T>(ReadOnlySpan<T> w, in ConvGeometry g, Span<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cg = g.InGroup, kg = g.OutGroup;
        T half = T.CreateChecked(0.5);
        Span<T> t = stackalloc T[12];
        for (int gi = 0; gi < g.Groups; gi++)
            for (int k = 0; k < kg; k++)
                for (int c = 0; c < cg; c++)
                {
                    ReadOnlySpan<T> f = w.Slice(((gi * kg + k) * cg + c) * 9, 9);
                    for (int j = 0; j < 3; j++) // t = G·f (4×3)
                    {
                        T f0 = f[j], f1 = f[3 + j], f2 = f[6 + j];
                        t[j] = f0;
                        t[3 + j] = half * (f0 + f1 + f2);
                        t[6 + j] = half * (f0 - f1 + f2);
                        t[9 + j] = f2;
                    }
                    for (int i = 0; i < 4; i++) // U = t·Gᵀ (4×4)
                    {
                        T t0 = t[i * 3], t1 = t[i * 3 + 1], t2 = t[i * 3 + 2];
                        long at = ((long)(gi * 16 + i * 4) * kg + k) * cg + c, step = (long)kg * cg;
                        u[(int)at] = t0;
                        u[(int)(at + step)] = half * (t0 + t1 + t2);
                        u[(int)(at + 2 * step)] = half * (t0 - t1 + t2);
                        u[(int)(at + 3 * step)] = t2;
                    }
                }
    }

    /// <summary>The tiling and scratch layout of one call.</summary>
    private readonly struct Plan
    {
        public readonly int Width, Lanes, TileRows, TileCols, RowsPerChunk, Chunks, Ld, RowLength, Cs, Stage;

        public Plan(in ConvGeometry g, int width, int elementSize)
        {
            Width = width;
            Lanes = width == 1 ? 1 : width / 8 / elementSize;
            TileRows = (g.OutHeight + 1) / 2;
            TileCols = (g.OutWidth + 1) / 2;
            long rows = (long)g.Batch * TileRows;
            RowsPerChunk = (int)Math.Clamp((TilesPerChunk + TileCols / 2) / TileCols, 1, rows);
            Chunks = (int)((rows + RowsPerChunk - 1) / RowsPerChunk);
            int tiles = RowsPerChunk * TileCols;
            Ld = (tiles + Lanes - 1) / Lanes * Lanes + Lanes;     // V and M rows: a vector of slack for spills
            RowLength = 2 * TileCols + 2 * Lanes + 2;             // one padded input row
            Cs = (RowsPerChunk + 1) * TileCols + Lanes;            // one column-transformed row set
            Stage = 2 * Ld + 2 * Lanes;                            // flat even (odd) output rows of one channel
        }

        public int ScratchLength(int inGroup, int outGroup) => 16 * (inGroup + outGroup) * Ld + RowLength + 8 * Cs + 2 * Stage;
    }

    private sealed class ChunkJob<T>(ConvGeometry g, Plan plan, T* x, T* u, T* bias, T* y) : ImageWork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Image(int chunk, Span<T> scratch)
        {
            switch (plan.Width)
            {
                case 512:
                    Run<Vector512<T>, WinogradVector512<T>>(chunk, scratch);
                    break;
                case 256:
                    Run<Vector256<T>, WinogradVector256<T>>(chunk, scratch);
                    break;
                default:
                    Run<T, WinogradScalar<T>>(chunk, scratch);
                    break;
            }
        }

        private void Run<TV, TOps>(int chunk, Span<T> scratch)
            where TV : struct
            where TOps : struct, IWinogradVector<TV, T>
        {
            int th = plan.TileRows, tw = plan.TileCols, ld = plan.Ld, cg = g.InGroup, kg = g.OutGroup;
            long r0 = (long)chunk * plan.RowsPerChunk, r1 = Math.Min((long)g.Batch * th, r0 + plan.RowsPerChunk);
            int tiles = (int)(r1 - r0) * tw;
            fixed (T* s = scratch)
            {
                T* v = s, m = v + 16L * cg * ld, row = m + 16L * kg * ld, ce = row + plan.RowLength, co = ce + 4 * plan.Cs;
                T* se = co + 4 * plan.Cs, so = se + plan.Stage;
                for (int gi = 0; gi < g.Groups; gi++)
                {
                    for (long r = r0; r < r1;)
                    {
                        int n = (int)(r / th), tyA = (int)(r % th), rows = (int)Math.Min(th - tyA, r1 - r);
                        T* image = x + ((long)n * g.InChannels + gi * cg) * g.InPlane;
                        T* vBand = v + (r - r0) * tw;
                        for (int c = 0; c < cg; c++)
                            WinogradTransforms.InputBand<T, TV, TOps>(image + (long)c * g.InPlane, g.InHeight, g.InWidth, g.PadH, g.PadW,
                                tyA, rows, tw, row, plan.RowLength, ce, co, plan.Cs, vBand + (long)c * ld, (long)cg * ld);
                        r += rows;
                    }
                    Gemm.MultiplyBatched(false, false, kg, tiles, cg, T.One, new ReadOnlySpan<T>(u + (long)gi * 16 * kg * cg, 16 * kg * cg),
                        Math.Max(cg, 1), (long)kg * cg, new ReadOnlySpan<T>(v, 16 * cg * ld), ld, (long)cg * ld, T.Zero,
                        new Span<T>(m, 16 * kg * ld), ld, (long)kg * ld, 16);
                    for (int k = 0; k < kg; k++)
                    {
                        int channel = gi * kg + k;
                        WinogradTransforms.OutputTiles<T, TV, TOps>(m + (long)k * ld, (long)kg * ld, tiles,
                            bias is null ? T.Zero : bias[channel], se, so);
                        for (long r = r0; r < r1;)
                        {
                            int n = (int)(r / th), tyA = (int)(r % th), rows = (int)Math.Min(th - tyA, r1 - r);
                            long at = 2 * (r - r0) * tw;
                            WinogradTransforms.CopyOut<T, TV, TOps>(se + at, so + at, tw,
                                y + ((long)n * g.OutChannels + channel) * g.OutPlane, g.OutHeight, g.OutWidth, tyA, tyA + rows);
                            r += rows;
                        }
                    }
                }
            }
        }
    }
}
