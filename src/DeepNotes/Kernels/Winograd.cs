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
    /// <summary>Most tiles per chunk.</summary>
    internal static int TilesPerChunk { get; set; } = 256;

    /// <summary>Elements of transformed input (16·channels·tiles) a chunk aims at, so that it stays in L2.</summary>
    internal static int InputBudget { get; set; } = 1 << 18;

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
        int kBlocks = (kg + WinogradTile.Rows - 1) / WinogradTile.Rows;
        T[] u = ArrayPool<T>.Shared.Rent(Math.Max(16 * g.Groups * kBlocks * WinogradTile.Rows * cg, 1));
        try
        {
            TransformFilters(w, g, u);
            var plan = new Plan(g, Width<T>(), Unsafe.SizeOf<T>());
            fixed (T* px = x) fixed (T* pu = u) fixed (T* pb = bias) fixed (T* py = y)
            {
                var job = new ChunkJob<T>(g, plan, px, pu, bias.IsEmpty ? null : pb, py);
                ConvParallel.ForEachImage(job, plan.Chunks, plan.ScratchLength(cg));
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

    /// <summary>
    /// U = (G g Gᵀ)<sub>ξ</sub> with G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]], packed for
    /// <see cref="WinogradTile"/> as [group][ξ][block of 8 output channels][c][8], zero past the group's channels.
    /// </summary>
    private static void TransformFilters<T>(ReadOnlySpan<T> w, in ConvGeometry g, Span<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cg = g.InGroup, kg = g.OutGroup, rows = WinogradTile.Rows, kBlocks = (kg + rows - 1) / rows;
        long xiStride = (long)kBlocks * cg * rows;
        u[..(int)(16 * g.Groups * xiStride)].Clear();
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
                        long at = (gi * 16 + i * 4) * xiStride + ((long)(k / rows) * cg + c) * rows + k % rows, step = xiStride;
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
        public readonly int Width, Lanes, TileRows, TileCols, RowsPerChunk, Chunks, Ld, RowLength, Cs, Stage, Block;

        public Plan(in ConvGeometry g, int width, int elementSize)
        {
            Width = width;
            Lanes = width == 1 ? 1 : width / 8 / elementSize;
            TileRows = (g.OutHeight + 1) / 2;
            TileCols = (g.OutWidth + 1) / 2;
            long rows = (long)g.Batch * TileRows;
            int target = Math.Clamp(InputBudget / (16 * Math.Max(g.InGroup, 1)), 48, Math.Max(TilesPerChunk, 48));
            // Tile rows per chunk: at most the target's worth, at least half of it, with the fewest tiles computed and
            // dropped at the end of the chunk's last vector (e.g. 18 rows of 7 tiles = 126 of 128, not 28 rows = 196 of 208).
            int most = (int)Math.Clamp(target / TileCols, 1, rows), least = Math.Max(1, Math.Min(most, (target / 2 + TileCols - 1) / TileCols));
            RowsPerChunk = most;
            double bestWaste = double.MaxValue;
            for (int r = most; r >= least; r--)
            {
                int t = r * TileCols;
                double waste = (double)((t + Lanes - 1) / Lanes * Lanes - t) / t;
                if (waste < bestWaste - 1e-9)
                {
                    bestWaste = waste;
                    RowsPerChunk = r;
                }
            }
            Chunks = (int)((rows + RowsPerChunk - 1) / RowsPerChunk);
            int tiles = RowsPerChunk * TileCols;
            Ld = (tiles + Lanes - 1) / Lanes * Lanes + Lanes;     // V and M rows: a vector of slack for spills
            RowLength = (2 * TileCols + 3 * Lanes + 1) / Lanes * Lanes; // one padded input row (≥ 2·tw + 2·lanes + 2)
            Cs = (RowsPerChunk + 1) * TileCols + Lanes;            // one column-transformed row set
            Stage = 2 * Ld + 2 * Lanes;                            // flat even (odd) output rows of one channel
            Block = 3 * Lanes;                                     // tiles per multiply block
        }

        /// <summary>V, a block of M for 8 channels, the padded rows of a band, the column-transformed rows, staging for 8 channels.</summary>
        public int ScratchLength(int inGroup) =>
            16 * inGroup * Ld + 16 * WinogradTile.Rows * Block + (2 * RowsPerChunk + 2) * RowLength + 8 * Cs + 2 * WinogradTile.Rows * Stage;
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
            int th = plan.TileRows, tw = plan.TileCols, ld = plan.Ld, cg = g.InGroup, kg = g.OutGroup, lanes = plan.Lanes;
            int rowsPer = WinogradTile.Rows, kBlocks = (kg + rowsPer - 1) / rowsPer, block = plan.Block, stage = plan.Stage;
            long r0 = (long)chunk * plan.RowsPerChunk, r1 = Math.Min((long)g.Batch * th, r0 + plan.RowsPerChunk);
            int tiles = (int)(r1 - r0) * tw;
            long uXi = (long)kBlocks * cg * rowsPer;
            fixed (T* s = scratch)
            {
                T* v = s, m = v + 16L * cg * ld, band = m + 16 * rowsPer * block, ce = band + (2 * plan.RowsPerChunk + 2) * plan.RowLength;
                T* co = ce + 4 * plan.Cs, staging = co + 4 * plan.Cs;
                for (int gi = 0; gi < g.Groups; gi++)
                {
                    for (long r = r0; r < r1;)
                    {
                        int n = (int)(r / th), tyA = (int)(r % th), rows = (int)Math.Min(th - tyA, r1 - r);
                        T* image = x + ((long)n * g.InChannels + gi * cg) * g.InPlane;
                        T* vBand = v + (r - r0) * tw;
                        for (int c = 0; c < cg; c++)
                            WinogradTransforms.InputBand<T, TV, TOps>(image + (long)c * g.InPlane, g.InHeight, g.InWidth, g.PadH, g.PadW,
                                tyA, rows, tw, band, plan.RowLength, ce, co, plan.Cs, vBand + (long)c * ld, (long)cg * ld);
                        r += rows;
                    }
                    for (int kb = 0; kb < kBlocks; kb++)
                    {
                        int count = Math.Min(rowsPer, kg - kb * rowsPer);
                        T* ub = u + gi * 16 * uXi + (long)kb * cg * rowsPer;
                        for (int t0 = 0; t0 < tiles; t0 += block)
                        {
                            int nt = Math.Min(block, tiles - t0);
                            for (int xi = 0; xi < 16; xi++)
                            {
                                T* vx = v + (long)xi * cg * ld + t0, ux = ub + xi * uXi, mx = m + xi * rowsPer * block;
                                if (nt > 2 * lanes) WinogradTile.Three<T, TV, TOps>(vx, ld, ux, cg, mx, block);
                                else
                                    for (int q = 0; q < nt; q += lanes) WinogradTile.One<T, TV, TOps>(vx + q, ld, ux, cg, mx + q, block);
                            }
                            for (int i = 0; i < count; i++)
                            {
                                T* se = staging + 2L * i * stage;
                                WinogradTransforms.OutputTiles<T, TV, TOps>(m + i * block, rowsPer * block, nt,
                                    bias is null ? T.Zero : bias[gi * kg + kb * rowsPer + i], se + 2 * t0, se + stage + 2 * t0);
                            }
                        }
                        for (int i = 0; i < count; i++)
                        {
                            int channel = gi * kg + kb * rowsPer + i;
                            T* se = staging + 2L * i * stage;
                            for (long r = r0; r < r1;)
                            {
                                int n = (int)(r / th), tyA = (int)(r % th), rows = (int)Math.Min(th - tyA, r1 - r);
                                long at = 2 * (r - r0) * tw;
                                WinogradTransforms.CopyOut<T, TV, TOps>(se + at, se + stage + at, tw,
                                    y + ((long)n * g.OutChannels + channel) * g.OutPlane, g.OutHeight, g.OutWidth, tyA, tyA + rows);
                                r += rows;
                            }
                        }
                    }
                }
            }
        }
    }
}
