using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// im2col and col2im for one image and one group: the column matrix <c>[InGroup·KD·KH·KW, OutDepth·OutHeight·OutWidth]</c>
/// whose row <c>(c, kd, kh, kw)</c> holds, for every output position, the input pixel that kernel tap meets (zero in
/// the padding); a 2-D convolution has KD = OutDepth = 1. Convolution is then W<sub>g</sub> <c>[OutGroup, ColRows]</c> ·
/// col; col2im is its adjoint (adds every column entry back onto its pixel), used for the input gradient.
/// </summary>
internal static class Im2Col
{
    /// <summary>Fills <paramref name="col"/> (ColRows × OutPlane) from <paramref name="image"/> (InGroup × InDepth × InHeight × InWidth).</summary>
    public static void Lower<T>(ReadOnlySpan<T> image, in ConvGeometry g, Span<T> col)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = g.OutPlane, slice = g.OutSlice, inSlice = g.InSlice;
        int row = 0;
        for (int c = 0; c < g.InGroup; c++)
        {
            ReadOnlySpan<T> channel = image.Slice(c * g.InPlane, g.InPlane);
            for (int kd = 0; kd < g.KernelDepth; kd++)
            {
                for (int kh = 0; kh < g.KernelHeight; kh++)
                {
                    for (int kw = 0; kw < g.KernelWidth; kw++, row++)
                    {
                        Span<T> dst = col.Slice(row * plane, plane);
                        for (int od = 0; od < g.OutDepth; od++)
                        {
                            int id = od * g.StrideD - g.PadD + kd * g.DilationD;
                            Span<T> part = dst.Slice(od * slice, slice);
                            if ((uint)id >= (uint)g.InDepth) part.Clear();
                            else LowerSlice(channel.Slice(id * inSlice, inSlice), g, kh, kw, part);
                        }
                    }
                }
            }
        }
    }

    /// <summary>One output slice of the row for tap (kh, kw) from one input slice.</summary>
    private static void LowerSlice<T>(ReadOnlySpan<T> channel, in ConvGeometry g, int kh, int kw, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, h = g.InHeight, w = g.InWidth;
        int colOffset = kw * g.DilationW - g.PadW;
        ValidRange(ow, w, g.StrideW, colOffset, out int first, out int end);
        for (int y = 0; y < oh; y++)
        {
            Span<T> line = dst.Slice(y * ow, ow);
            int iy = y * g.StrideH - g.PadH + kh * g.DilationH;
            if ((uint)iy >= (uint)h || first >= end)
            {
                line.Clear();
                continue;
            }
            ReadOnlySpan<T> src = channel.Slice(iy * w, w);
            line[..first].Clear();
            line[end..].Clear();
            if (g.StrideW == 1)
            {
                src.Slice(first + colOffset, end - first).CopyTo(line[first..end]);
            }
            else
            {
                for (int x = first, ix = first * g.StrideW + colOffset; x < end; x++, ix += g.StrideW) line[x] = src[ix];
            }
        }
    }

    /// <summary>Adds every entry of <paramref name="col"/> onto its input pixel in <paramref name="image"/> (accumulates; clear it first).</summary>
    public static void Raise<T>(ReadOnlySpan<T> col, in ConvGeometry g, Span<T> image)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = g.OutPlane, slice = g.OutSlice, inSlice = g.InSlice;
        int row = 0;
        for (int c = 0; c < g.InGroup; c++)
        {
            Span<T> channel = image.Slice(c * g.InPlane, g.InPlane);
            for (int kd = 0; kd < g.KernelDepth; kd++)
            {
                for (int kh = 0; kh < g.KernelHeight; kh++)
                {
                    for (int kw = 0; kw < g.KernelWidth; kw++, row++)
                    {
                        ReadOnlySpan<T> src = col.Slice(row * plane, plane);
                        for (int od = 0; od < g.OutDepth; od++)
                        {
                            int id = od * g.StrideD - g.PadD + kd * g.DilationD;
                            if ((uint)id < (uint)g.InDepth)
                                RaiseSlice(src.Slice(od * slice, slice), g, kh, kw, channel.Slice(id * inSlice, inSlice));
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds one output slice of the row for tap (kh, kw) onto one input slice.</summary>
    private static void RaiseSlice<T>(ReadOnlySpan<T> src, in ConvGeometry g, int kh, int kw, Span<T> channel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, h = g.InHeight, w = g.InWidth;
        int colOffset = kw * g.DilationW - g.PadW;
        ValidRange(ow, w, g.StrideW, colOffset, out int first, out int end);
        if (first >= end) return;
        for (int y = 0; y < oh; y++)
        {
            int iy = y * g.StrideH - g.PadH + kh * g.DilationH;
            if ((uint)iy >= (uint)h) continue;
            Span<T> dst = channel.Slice(iy * w, w);
            ReadOnlySpan<T> line = src.Slice(y * ow, ow);
            if (g.StrideW == 1)
            {
                Span<T> d = dst.Slice(first + colOffset, end - first);
                System.Numerics.Tensors.TensorPrimitives.Add(d, line[first..end], d);
            }
            else
            {
                for (int x = first, ix = first * g.StrideW + colOffset; x < end; x++, ix += g.StrideW) dst[ix] += line[x];
            }
        }
    }

    /// <summary>The output columns [first, end) whose input column x·stride + offset lies in [0, width).</summary>
    internal static void ValidRange(int outWidth, int width, int stride, int offset, out int first, out int end)
    {
        // x·stride + offset ≥ 0  ⇔  x ≥ ceil(−offset / stride); x·stride + offset ≤ width − 1.
        first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = width - 1 - offset;
        end = last < 0 ? 0 : Math.Min(outWidth, last / stride + 1);
        if (first > end) first = end;
    }
}
