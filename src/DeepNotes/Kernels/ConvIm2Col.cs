using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// The baseline convolution: per image and group, im2col into a bounded scratch matrix
/// (<c>ColRows × OutPlane</c>, rented from the array pool) and one GEMM. Forward: Y<sub>n,g</sub> =
/// W<sub>g</sub>·col (bias pre-filled, β = 1). Input gradient: dcol = W<sub>g</sub>ᵀ·dY<sub>n,g</sub> (TN) then
/// col2im. Weight gradient: dW<sub>g</sub> += dY<sub>n,g</sub>·colᵀ (NT), accumulated over a fixed partition of the
/// batch and summed in a fixed order. Images are spread over the threads; every image and every partition is computed
/// the same way whatever the thread count, so results are bitwise independent of it.
/// </summary>
internal static unsafe class ConvIm2Col
{
    /// <summary>Number of fixed batch partitions the weight gradient is accumulated in (then summed in order).</summary>
    internal const int WeightGradientParts = 8;

    /// <summary>y[N, K, OH, OW] = conv(x[N, C, H, W], w[K, C/G, KH, KW]) + bias[K] (empty = none).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Batch == 0 || g.OutChannels == 0 || g.OutPlane == 0) return;
        fixed (T* px = x) fixed (T* pw = w) fixed (T* pb = bias) fixed (T* py = y)
        {
            var job = new ForwardJob<T>(g, px, pw, bias.IsEmpty ? null : pb, py);
            ConvParallel.ForEachImage(job, g.Batch, g.ColRows * g.OutPlane);
        }
    }

    /// <summary>dx[N, C, H, W] = convᵀ(dy[N, K, OH, OW], w) (overwrites dx).</summary>
    public static void BackwardData<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Batch == 0 || g.InChannels == 0 || g.InPlane == 0) return;
        fixed (T* pdy = dy) fixed (T* pw = w) fixed (T* pdx = dx)
        {
            var job = new DataJob<T>(g, pdy, pw, pdx);
            ConvParallel.ForEachImage(job, g.Batch, g.ColRows * g.OutPlane);
        }
    }

    /// <summary>dw[K, C/G, KH, KW] = Σ<sub>n</sub> dy<sub>n</sub> ⋆ x<sub>n</sub> (overwrites dw).</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, Span<T> dw, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int wSize = g.OutChannels * g.ColRows;
        if (wSize == 0) return;
        if (g.Batch == 0 || g.OutPlane == 0)
        {
            dw[..wSize].Clear();
            return;
        }
        int parts = Math.Min(g.Batch, WeightGradientParts);
        T[]? partials = parts > 1 ? ArrayPool<T>.Shared.Rent(parts * wSize) : null;
        try
        {
            fixed (T* pdy = dy) fixed (T* px = x) fixed (T* pdw = dw) fixed (T* pp = partials)
            {
                var job = new WeightJob<T>(g, pdy, px, parts > 1 ? pp : pdw, parts, wSize);
                ConvParallel.ForEachPart(job, parts);
            }
            if (partials is not null)
            {
                Span<T> dst = dw[..wSize];
                partials.AsSpan(0, wSize).CopyTo(dst);
                for (int p = 1; p < parts; p++) System.Numerics.Tensors.TensorPrimitives.Add(dst, partials.AsSpan(p * wSize, wSize), dst);
            }
        }
        finally
        {
            if (partials is not null) ArrayPool<T>.Shared.Return(partials);
        }
    }

    private sealed class ForwardJob<T>(ConvGeometry g, T* x, T* w, T* bias, T* y) : ImageWork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Image(int n, Span<T> col)
        {
            int kg = g.OutGroup, rows = g.ColRows, plane = g.OutPlane;
            for (int gi = 0; gi < g.Groups; gi++)
            {
                var image = new ReadOnlySpan<T>(x + ((long)n * g.InChannels + gi * g.InGroup) * g.InPlane, g.InGroup * g.InPlane);
                ReadOnlySpan<T> cols = image;
                if (!g.IsPointwise)
                {
                    Im2Col.Lower(image, g, col);
                    cols = col;
                }
                var output = new Span<T>(y + ((long)n * g.OutChannels + gi * kg) * plane, kg * plane);
                T beta = T.Zero;
                if (bias is not null)
                {
                    for (int k = 0; k < kg; k++) output.Slice(k * plane, plane).Fill(bias[gi * kg + k]);
                    beta = T.One;
                }
                Gemm.Multiply(false, false, kg, plane, rows, T.One, new ReadOnlySpan<T>(w + (long)gi * kg * rows, kg * rows),
                    Math.Max(rows, 1), cols, plane, beta, output, plane);
            }
        }
    }

    private sealed class DataJob<T>(ConvGeometry g, T* dy, T* w, T* dx) : ImageWork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Image(int n, Span<T> col)
        {
            int kg = g.OutGroup, rows = g.ColRows, plane = g.OutPlane;
            for (int gi = 0; gi < g.Groups; gi++)
            {
                var image = new Span<T>(dx + ((long)n * g.InChannels + gi * g.InGroup) * g.InPlane, g.InGroup * g.InPlane);
                var grad = new ReadOnlySpan<T>(dy + ((long)n * g.OutChannels + gi * kg) * plane, kg * plane);
                var wg = new ReadOnlySpan<T>(w + (long)gi * kg * rows, kg * rows);
                if (kg == 0)
                {
                    image.Clear();
                    continue;
                }
                if (g.IsPointwise)
                {
                    Gemm.Multiply(true, false, rows, plane, kg, T.One, wg, Math.Max(rows, 1), grad, plane, T.Zero, image, plane);
                    continue;
                }
                Gemm.Multiply(true, false, rows, plane, kg, T.One, wg, Math.Max(rows, 1), grad, plane, T.Zero, col, plane);
                image.Clear();
                Im2Col.Raise(col, g, image);
            }
        }
    }

    private sealed class WeightJob<T>(ConvGeometry g, T* dy, T* x, T* partials, int parts, int wSize) : ParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Execute(int part)
        {
            int first = (int)((long)g.Batch * part / parts), end = (int)((long)g.Batch * (part + 1) / parts);
            int kg = g.OutGroup, rows = g.ColRows, plane = g.OutPlane;
            var dw = new Span<T>(partials + (long)part * wSize, wSize);
            T[]? rented = g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(rows * plane);
            try
            {
                for (int n = first; n < end; n++)
                {
                    T beta = n == first ? T.Zero : T.One;
                    for (int gi = 0; gi < g.Groups; gi++)
                    {
                        var image = new ReadOnlySpan<T>(x + ((long)n * g.InChannels + gi * g.InGroup) * g.InPlane, g.InGroup * g.InPlane);
                        ReadOnlySpan<T> cols = image;
                        if (rented is not null)
                        {
                            Im2Col.Lower(image, g, rented);
                            cols = rented;
                        }
                        var grad = new ReadOnlySpan<T>(dy + ((long)n * g.OutChannels + gi * kg) * plane, kg * plane);
                        Gemm.Multiply(false, true, kg, rows, plane, T.One, grad, plane, cols, plane, beta,
                            dw.Slice(gi * kg * rows, kg * rows), Math.Max(rows, 1));
                    }
                }
            }
            finally
            {
                if (rented is not null) ArrayPool<T>.Shared.Return(rented);
            }
        }
    }
}
