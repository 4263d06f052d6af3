using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// <c>F.grid_sample</c> over contiguous arrays: input <c>[N, C, InPlane]</c>, grid <c>[N, OutPositions, Dims]</c>, output
/// <c>[N, C, OutPositions]</c>. Forward runs over points (each point's taps built once, then every channel read).
/// Backward first tabulates every point's taps of an image, then scatters the input gradient channel by channel (points
/// in ascending order, one channel per thread) and gathers the grid gradient point by point (channels in ascending
/// order), so both are deterministic and independent of the thread count.
/// </summary>
internal static class GridSampleKernel
{
    public static void Forward<T>(T[] x, int xOffset, T[] grid, int gridOffset, T[] y, GridSampleGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        RangeJob<ForwardBody<T>>.Run(new ForwardBody<T>(x, xOffset, grid, gridOffset, y, g), g.N * g.OutPositions,
            RangeJob.Grain((long)g.C * g.MaxTaps + 16));

    /// <summary>Gradients for input (<paramref name="dx"/>, overwritten) and/or grid (<paramref name="dgrid"/>, overwritten); either may be null.</summary>
    public static void Backward<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] grid, int gridOffset, T[]? dx, T[]? dgrid, GridSampleGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int taps = g.MaxTaps, positions = g.OutPositions;
        bool wantGrid = dgrid is not null && g.Mode != GridSampleMode.Nearest;
        int[] offsets = ArrayPool<int>.Shared.Rent(Math.Max(1, positions * taps));
        T[] weights = ArrayPool<T>.Shared.Rent(Math.Max(1, positions * taps));
        T[] derivatives = ArrayPool<T>.Shared.Rent(wantGrid ? Math.Max(1, positions * taps * g.Dims) : 1);
        try
        {
            if (dgrid is not null && !wantGrid) Array.Clear(dgrid, 0, g.N * positions * g.Dims);
            for (int n = 0; n < g.N; n++)
            {
                var table = new Table<T>(offsets, weights, wantGrid ? derivatives : null);
                RangeJob<TableBody<T>>.Run(new TableBody<T>(grid, gridOffset + n * positions * g.Dims, table, g), positions,
                    RangeJob.Grain(taps * 8L));
                if (dx is not null)
                    RangeJob<InputBody<T>>.Run(new InputBody<T>(dy, dyOffset + n * g.C * positions, dx, n * g.C * g.InPlane, table, g), g.C,
                        RangeJob.Grain((long)positions * taps + g.InPlane));
                if (wantGrid)
                    RangeJob<GridBody<T>>.Run(new GridBody<T>(dy, dyOffset + n * g.C * positions, x, xOffset + n * g.C * g.InPlane,
                        dgrid!, n * positions * g.Dims, table, g), positions, RangeJob.Grain((long)g.C * taps * g.Dims));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<T>.Shared.Return(weights);
            ArrayPool<T>.Shared.Return(derivatives);
        }
    }

    private readonly record struct Table<T>(int[] Offsets, T[] Weights, T[]? Derivatives);

    private readonly struct ForwardBody<T>(T[] x, int xOffset, T[] grid, int gridOffset, T[] y, GridSampleGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int taps = g.MaxTaps, positions = g.OutPositions;
            Span<int> off = stackalloc int[taps];
            Span<T> w = stackalloc T[taps];
            for (int q = start; q < start + count; q++)
            {
                int n = q / positions, p = q - n * positions;
                GridSampleTaps.Build<T>(grid.AsSpan(gridOffset + q * g.Dims, g.Dims), g, off, w, default);
                for (int c = 0; c < g.C; c++)
                {
                    int plane = xOffset + (n * g.C + c) * g.InPlane;
                    T sum = T.Zero;
                    for (int k = 0; k < taps; k++)
                    {
                        if (off[k] >= 0) sum += w[k] * x[plane + off[k]];
                    }
                    y[(n * g.C + c) * positions + p] = sum;
                }
            }
        }
    }

    private readonly struct TableBody<T>(T[] grid, int gridOffset, Table<T> table, GridSampleGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int taps = g.MaxTaps;
            for (int p = start; p < start + count; p++)
            {
                Span<T> d = table.Derivatives is null ? default : table.Derivatives.AsSpan(p * taps * g.Dims, taps * g.Dims);
                GridSampleTaps.Build<T>(grid.AsSpan(gridOffset + p * g.Dims, g.Dims), g, table.Offsets.AsSpan(p * taps, taps),
                    table.Weights.AsSpan(p * taps, taps), d);
            }
        }
    }

    private readonly struct InputBody<T>(T[] dy, int dyOffset, T[] dx, int dxOffset, Table<T> table, GridSampleGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int taps = g.MaxTaps, positions = g.OutPositions;
            for (int c = start; c < start + count; c++)
            {
                Span<T> plane = dx.AsSpan(dxOffset + c * g.InPlane, g.InPlane);
                plane.Clear();
                ReadOnlySpan<T> grad = dy.AsSpan(dyOffset + c * positions, positions);
                for (int p = 0; p < positions; p++)
                {
                    T gp = grad[p];
                    for (int k = p * taps; k < (p + 1) * taps; k++)
                    {
                        int o = table.Offsets[k];
                        if (o >= 0) plane[o] += table.Weights[k] * gp;
                    }
                }
            }
        }
    }

    private readonly struct GridBody<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] dgrid, int dgridOffset, Table<T> table,
        GridSampleGeometry g) : IRangeBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int taps = g.MaxTaps, positions = g.OutPositions, dims = g.Dims;
            Span<T> acc = stackalloc T[3];
            for (int p = start; p < start + count; p++)
            {
                acc.Clear();
                for (int c = 0; c < g.C; c++)
                {
                    T gp = dy[dyOffset + c * positions + p];
                    int plane = xOffset + c * g.InPlane;
                    for (int k = 0; k < taps; k++)
                    {
                        int o = table.Offsets[p * taps + k];
                        if (o < 0) continue;
                        T v = x[plane + o] * gp;
                        for (int a = 0; a < dims; a++) acc[a] += v * table.Derivatives![(p * taps + k) * dims + a];
                    }
                }
                for (int a = 0; a < dims; a++) dgrid[dgridOffset + p * dims + a] = acc[a];
            }
        }
    }
}
