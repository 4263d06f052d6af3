using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Winograd F(2×2, 3×3) convolution (Lavin &amp; Gray, 2016) for 3×3 kernels, stride 1, dilation 1: every 2×2 output
/// tile is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A for its 4×4 input patch d, so the 36 multiplies of a direct 2×2×3×3 become 16.
/// Over channels this is 16 independent products: M<sub>ξ</sub>[K, tiles] = U<sub>ξ</sub>[K, C] · V<sub>ξ</sub>[C, tiles]
/// with U the transformed filters (once per call) and V the transformed input patches.
/// <para>
/// The tile rows of all images form one sequence (image after image), cut into fixed chunks of at most
/// <see cref="TilesPerChunk"/> tiles and about <see cref="InputBudget"/> elements of V: a chunk may hold several small
/// images or a band of a large one. Per chunk and group: the vectorised input transform
/// (<see cref="WinogradTransforms.InputBand"/>) into V; then per block of 8 output channels and 3 vectors of tiles the
/// 16 multiply tiles (<see cref="WinogradTile"/>) into a small block of M, its output transform with the bias while it
/// is in L1, and per channel the copy to NCHW. Scratch is bounded by the chunk, and the chunking depends on the geometry
/// alone (each tile is computed the same way in any chunk anyway), so results do not depend on the thread count.
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
        g.IsFlat && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1;

    /// <summary>Whether the input gradient of <paramref name="g"/> can run as a Winograd convolution (padding ≤ 2, see <see cref="BackwardData{T}"/>).</summary>
    public static bool SupportsBackwardData(in ConvGeometry g) => Supports(g) && g.PadH <= 2 && g.PadW <= 2;

    /// <summary>The width the transforms run with.</summary>
    private static int Width<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bits = VectorBits;
        if (bits == 512 && Vector512Ops<T>.IsSupported || bits == 0 && Vector512Ops<T>.IsSupported) return 512;
        if ((bits == 512 || bits == 256 || bits == 0) && Vector256Ops<T>.IsSupported) return 256;
        return 1;
    }

    /// <summary>y = conv(x, w) + bias, like <see cref="ConvIm2Col.Forward{T}"/>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> => Run(x, w, bias, y, g, flipped: false);

    /// <summary>
    /// dx = convᵀ(dy, w) for stride 1 as the Winograd convolution of dy with the kernel flipped in space and in/out
    /// channels swapped per group, padded by 2 − P (as <see cref="ConvDirect.BackwardData{T}"/> does directly); the
    /// flip happens while the filters are transformed.
    /// </summary>
    public static void BackwardData<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var f = new ConvGeometry(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.InChannels, 3, 3, 1, 1,
            2 - g.PadH, 2 - g.PadW, 1, 1, g.Groups, g.InHeight, g.InWidth);
        Run(dy, w, ReadOnlySpan<T>.Empty, dx, f, flipped: true);
    }

    /// <summary>
    /// The convolution of geometry <paramref name="g"/>; with <paramref name="flipped"/> its filter [gi·Kg + k, c] is
    /// w[gi·Cg + c, k] of the convolution it is the input gradient of, rotated by 180°.
    /// </summary>
    private static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, in ConvGeometry g, bool flipped)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Batch == 0 || g.OutChannels == 0 || g.OutPlane == 0) return;
        int cg = g.InGroup, kg = g.OutGroup;
        int kBlocks = (kg + WinogradTile.Rows - 1) / WinogradTile.Rows;
        int length = 16 * g.Groups * (int)FilterStride(kBlocks, cg);
        T[] u = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
        try
        {
            fixed (T* pw = w) fixed (T* pu = u)
                TransformFilters(pw, g, pu, length, flipped);
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
    /// U = G g Gᵀ (4×4) with G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]], packed for <see cref="WinogradTile"/> as
    /// [group][ξ][block of 8 output channels][c][8], zero past the group's channels. Scalar, with the 3×3 filter and
    /// the intermediate G·g in registers (a tenth of a small call's time before; now a few cycles per filter).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformFilters<T>(T* w, in ConvGeometry g, T* u, int length, bool flipped)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cg = g.InGroup, kg = g.OutGroup, rows = WinogradTile.Rows, kBlocks = (kg + rows - 1) / rows;
        long xiStride = FilterStride(kBlocks, cg);
        new Span<T>(u, length).Clear();
        T half = T.CreateChecked(0.5);
        // Block, channel, then the block's 8 output channels: the 16 stores of consecutive filters are adjacent.
        for (int gi = 0; gi < g.Groups; gi++)
            for (int kb = 0; kb < kBlocks; kb++)
                for (int c = 0; c < cg; c++)
                {
                    T* dst = u + gi * 16 * xiStride + ((long)kb * cg + c) * rows;
                    for (int r = 0, k = kb * rows; r < rows && k < kg; r++, k++)
                    {
                        T f0, f1, f2, f3, f4, f5, f6, f7, f8;
                        if (!flipped)
                        {
                            T* f = w + ((long)(gi * kg + k) * cg + c) * 9;
                            f0 = f[0]; f1 = f[1]; f2 = f[2]; f3 = f[3]; f4 = f[4]; f5 = f[5]; f6 = f[6]; f7 = f[7]; f8 = f[8];
                        }
                        else
                        {
                            T* f = w + ((long)(gi * cg + c) * kg + k) * 9;
                            f0 = f[8]; f1 = f[7]; f2 = f[6]; f3 = f[5]; f4 = f[4]; f5 = f[3]; f6 = f[2]; f7 = f[1]; f8 = f[0];
                        }
                        // t = G·f (4×3), column by column.
                        T s0 = half * (f0 + f3 + f6), s1 = half * (f1 + f4 + f7), s2 = half * (f2 + f5 + f8);
                        T d0 = half * (f0 - f3 + f6), d1 = half * (f1 - f4 + f7), d2 = half * (f2 - f5 + f8);
                        Row(dst + r, xiStride, f0, f1, f2, half);
                        Row(dst + r + 4 * xiStride, xiStride, s0, s1, s2, half);
                        Row(dst + r + 8 * xiStride, xiStride, d0, d1, d2, half);
                        Row(dst + r + 12 * xiStride, xiStride, f6, f7, f8, half);
                    }
                }
    }

    /// <summary>
    /// Elements from one ξ of the packed filters to the next: the [block][c][8] matrix plus 16 elements, so that the 16
    /// planes a filter's transform writes do not all map to the same L1 sets (with 8 KB apart, e.g. 32 → 64 channels,
    /// each store missed and the transform took 60% of a one-image call).
    /// </summary>
    private static long FilterStride(int kBlocks, int inGroup) => (long)kBlocks * inGroup * WinogradTile.Rows + 16;

    /// <summary>One row of U = t·Gᵀ: (t0, ½(t0 + t1 + t2), ½(t0 − t1 + t2), t2), the ξ of a row <paramref name="step"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<T>(T* dst, long step, T t0, T t1, T t2, T half)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        dst[0] = t0;
        dst[step] = half * (t0 + t1 + t2);
        dst[2 * step] = half * (t0 - t1 + t2);
        dst[3 * step] = t2;
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
                    Run<Vector512<T>, Vector512Ops<T>>(chunk, scratch);
                    break;
                case 256:
                    Run<Vector256<T>, Vector256Ops<T>>(chunk, scratch);
                    break;
                default:
                    Run<T, ScalarOps<T>>(chunk, scratch);
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Run<TV, TOps>(int chunk, Span<T> scratch)
            where TV : struct
            where TOps : struct, ISimdVector<TV, T>
        {
            int th = plan.TileRows, tw = plan.TileCols, ld = plan.Ld, cg = g.InGroup, kg = g.OutGroup, lanes = plan.Lanes;
            int rowsPer = WinogradTile.Rows, kBlocks = (kg + rowsPer - 1) / rowsPer, block = plan.Block, stage = plan.Stage;
            long r0 = (long)chunk * plan.RowsPerChunk, r1 = Math.Min((long)g.Batch * th, r0 + plan.RowsPerChunk);
            int tiles = (int)(r1 - r0) * tw;
            long uXi = FilterStride(kBlocks, cg);
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
