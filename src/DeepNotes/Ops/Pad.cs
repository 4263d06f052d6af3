namespace DeepNotes.Ops;

/// <summary>
/// <c>torch.nn.functional.pad</c>: pads (or, with negative pads, crops) the trailing dimensions as given by a list
/// <c>[left, right, top, bottom, front, back, …]</c> (last dimension first). Constant mode fills the output once and
/// copies the kept region in; reflect, replicate and circular copy the interior, then fill the borders dimension by
/// dimension from the output itself (span copies of whole runs, reversed for reflect).
/// Backward: constant — the gradient padded by the negated pads (a crop); the other modes — per padded dimension the
/// gradient's middle plus its border slices folded back (flipped for reflect, summed for replicate, shifted for
/// circular), written with Narrow, Flip, Sum, constant Pad and Add so higher orders work.
/// </summary>
internal static class Pad
{
    public static Tensor Forward(Tensor x, int[] pad, PaddingMode mode, double value)
    {
        ArgumentNullException.ThrowIfNull(pad);
        if (pad.Length % 2 != 0) throw new ArgumentException($"Pad: the padding length must be divisible by 2, got {pad.Length} values [{string.Join(", ", pad)}].");
        if (pad.Length / 2 > x.Rank)
            throw new ArgumentException($"Pad: the padding length is too large, [{string.Join(", ", pad)}] pads {pad.Length / 2} dimensions of a tensor of shape {x.Shape}.");
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Pad: unknown padding mode.");
        if (mode != PaddingMode.Constant && value != 0)
            throw new ArgumentException($"Pad: a padding value can only be given in Constant mode, got {value} with {mode}.");
        if (mode != PaddingMode.Constant) x.CheckNumeric("Pad");
        int k = pad.Length / 2;
        var left = new int[x.Rank];
        var right = new int[x.Rank];
        for (int i = 0; i < k; i++)
        {
            int d = x.Rank - 1 - i;
            left[d] = pad[2 * i];
            right[d] = pad[2 * i + 1];
            int n = x.Shape.Dims[d];
            long outSize = (long)n + left[d] + right[d];
            if (outSize < 0 || (mode != PaddingMode.Constant && outSize == 0 && n > 0))
                throw new ArgumentException($"Pad: the input size {n}, plus padding {left[d]} and {right[d]}, gives an invalid output size {outSize} at dimension {d} of shape {x.Shape}.");
            if (mode == PaddingMode.Reflect && (left[d] >= n || right[d] >= n))
                throw new ArgumentException($"Pad: reflect padding must be smaller than the input dimension, got padding ({left[d]}, {right[d]}) at dimension {d} of shape {x.Shape}.");
            if (mode == PaddingMode.Circular && (left[d] > n || right[d] > n))
                throw new ArgumentException($"Pad: circular padding ({left[d]}, {right[d]}) at dimension {d} of shape {x.Shape} would wrap around more than once.");
            if (mode != PaddingMode.Constant && n == 0 && (left[d] != 0 || right[d] != 0))
                throw new ArgumentException($"Pad: {mode} padding of the empty dimension {d} of shape {x.Shape} is not possible.");
        }
        return mode switch
        {
            PaddingMode.Constant => Constant(x, left, right, value),
            PaddingMode.Circular => Circular(x, left, right),
            _ => Edge(x, left, right, mode),
        };
    }

    /// <summary>Constant padding with per-dimension pads (negative crops).</summary>
    private static Tensor Constant(Tensor x, int[] left, int[] right, double value)
    {
        var dims = new int[x.Rank];
        for (int d = 0; d < x.Rank; d++) dims[d] = x.Shape.Dims[d] + left[d] + right[d];
        var result = ShapeMoves.Empty(new Shape(dims), x.DType);
        var start = new int[x.Rank];
        var kept = new int[x.Rank];
        Tensor src = x, dst = result;
        for (int d = 0; d < x.Rank; d++)
        {
            int cropLeft = Math.Max(-left[d], 0), cropRight = Math.Max(-right[d], 0);
            kept[d] = Math.Max(x.Shape.Dims[d] - cropLeft - cropRight, 0);
            start[d] = Math.Max(left[d], 0);
            src = ShapeMoves.Range(src, d, cropLeft, kept[d]);
            dst = ShapeMoves.Range(dst, d, start[d], kept[d]);
        }
        ShapeMoves.Copy(src, dst);
        // the border, slab by slab: along d, within the kept range of the dimensions before d and all of those after
        for (int d = x.Rank - 1; d >= 0; d--)
        {
            Tensor slab = result;
            for (int e = 0; e < d; e++) slab = ShapeMoves.Range(slab, e, start[e], kept[e]);
            int after = start[d] + kept[d];
            if (start[d] > 0) ShapeMoves.Fill(ShapeMoves.Range(slab, d, 0, start[d]), value);
            if (dims[d] > after) ShapeMoves.Fill(ShapeMoves.Range(slab, d, after, dims[d] - after), value);
        }
        int[] l = left, r = right;
        return Tensor.RecordDifferentiable(result, "ConstantPadNdBackward", [x], g => [Constant(g, Negate(l), Negate(r), 0)]);
    }

    private static int[] Negate(int[] a) => a.Select(v => -v).ToArray();

    /// <summary>Circular padding: negative pads crop first, then the borders wrap around.</summary>
    private static Tensor Circular(Tensor x, int[] left, int[] right)
    {
        // crop (differentiably) where pads are negative
        var cl = left.Select(v => Math.Min(v, 0)).ToArray();
        var cr = right.Select(v => Math.Min(v, 0)).ToArray();
        if (cl.Any(v => v < 0) || cr.Any(v => v < 0))
        {
            x = Constant(x, cl, cr, 0);
            left = left.Select(v => Math.Max(v, 0)).ToArray();
            right = right.Select(v => Math.Max(v, 0)).ToArray();
            for (int d = 0; d < x.Rank; d++)
                if (left[d] > x.Shape.Dims[d] || right[d] > x.Shape.Dims[d])
                    throw new ArgumentException($"Pad: circular padding ({left[d]}, {right[d]}) at dimension {d} of the cropped shape {x.Shape} would wrap around more than once.");
        }
        return Borders(x, left, right, PaddingMode.Circular);
    }

    /// <summary>Reflect and replicate: pad by the positive parts, then crop where pads are negative.</summary>
    private static Tensor Edge(Tensor x, int[] left, int[] right, PaddingMode mode)
    {
        var pl = left.Select(v => Math.Max(v, 0)).ToArray();
        var pr = right.Select(v => Math.Max(v, 0)).ToArray();
        Tensor padded = Borders(x, pl, pr, mode);
        var cl = left.Select(v => Math.Min(v, 0)).ToArray();
        var cr = right.Select(v => Math.Min(v, 0)).ToArray();
        return cl.Any(v => v < 0) || cr.Any(v => v < 0) ? Constant(padded, cl, cr, 0) : padded;
    }

    /// <summary>Non-negative reflect/replicate/circular padding: interior copy, then borders filled from the output.</summary>
    private static Tensor Borders(Tensor x, int[] left, int[] right, PaddingMode mode)
    {
        int rank = x.Rank;
        var dims = new int[rank];
        for (int d = 0; d < rank; d++) dims[d] = x.Shape.Dims[d] + left[d] + right[d];
        var result = ShapeMoves.Empty(new Shape(dims), x.DType);
        // region of the output already holding values: interior along every dimension, then widened one dimension at a time
        Tensor region = result;
        for (int d = 0; d < rank; d++) region = ShapeMoves.Range(region, d, left[d], x.Shape.Dims[d]);
        ShapeMoves.Copy(x, region);
        for (int d = rank - 1; d >= 0; d--)
        {
            int l = left[d], r = right[d], n = x.Shape.Dims[d];
            if (l == 0 && r == 0) continue;
            // the slab: full along dimensions already widened (> d), interior along d and those below (< d)
            Tensor slab = result;
            for (int e = 0; e < d; e++) slab = ShapeMoves.Range(slab, e, left[e], x.Shape.Dims[e]);
            var flip = new bool[rank];
            flip[d] = true;
            if (l > 0)
            {
                Tensor dst = ShapeMoves.Range(slab, d, 0, l);
                Tensor src = mode switch
                {
                    PaddingMode.Reflect => ShapeMoves.Reversed(ShapeMoves.Range(slab, d, l + 1, l), flip),
                    PaddingMode.Replicate => Broadcast(ShapeMoves.Range(slab, d, l, 1), d, l),
                    _ => ShapeMoves.Range(slab, d, n, l),
                };
                ShapeMoves.Copy(src, dst);
            }
            if (r > 0)
            {
                Tensor dst = ShapeMoves.Range(slab, d, l + n, r);
                Tensor src = mode switch
                {
                    PaddingMode.Reflect => ShapeMoves.Reversed(ShapeMoves.Range(slab, d, l + n - 1 - r, r), flip),
                    PaddingMode.Replicate => Broadcast(ShapeMoves.Range(slab, d, l + n - 1, 1), d, r),
                    _ => ShapeMoves.Range(slab, d, l, r),
                };
                ShapeMoves.Copy(src, dst);
            }
        }
        int[] sl = left, sr = right;
        string name = mode switch { PaddingMode.Reflect => "ReflectionPadBackward", PaddingMode.Replicate => "ReplicationPadBackward", _ => "CircularPadBackward" };
        return Tensor.RecordDifferentiable(result, name, [x], g =>
        {
            Tensor grad = g;
            for (int d = 0; d < rank; d++)
                if (sl[d] != 0 || sr[d] != 0) grad = Fold(grad, d, sl[d], sr[d], x.Shape.Dims[d], mode);
            return [grad];
        });
    }

    /// <summary>A size-1 slice of dimension <paramref name="d"/> seen <paramref name="count"/> times (stride 0).</summary>
    private static Tensor Broadcast(Tensor slice, int d, int count)
    {
        var dims = slice.Shape.ToArray();
        dims[d] = count;
        var strides = (int[])slice.StrideArray.Clone();
        strides[d] = 0;
        return slice.View(new Shape(dims), strides, slice.Offset);
    }

    /// <summary>The adjoint of padding dimension <paramref name="d"/> of size <paramref name="n"/> by (l, r), composed of differentiable ops.</summary>
    private static Tensor Fold(Tensor g, int d, int l, int r, int n, PaddingMode mode)
    {
        Tensor grad = Narrow.Forward(g, d, l, n);
        if (l > 0)
        {
            Tensor border = Narrow.Forward(g, d, 0, l);
            grad = Add.Forward(grad, mode switch
            {
                PaddingMode.Reflect => PadAlong(Flip.Forward(border, [d]), d, 1, n - 1 - l),
                PaddingMode.Replicate => PadAlong(Sum.Forward(border, [d], keepDim: true), d, 0, n - 1),
                _ => PadAlong(border, d, n - l, 0),
            });
        }
        if (r > 0)
        {
            Tensor border = Narrow.Forward(g, d, l + n, r);
            grad = Add.Forward(grad, mode switch
            {
                PaddingMode.Reflect => PadAlong(Flip.Forward(border, [d]), d, n - 1 - r, 1),
                PaddingMode.Replicate => PadAlong(Sum.Forward(border, [d], keepDim: true), d, n - 1, 0),
                _ => PadAlong(border, d, 0, n - r),
            });
        }
        return grad;
    }

    /// <summary>Differentiable zero padding of one dimension.</summary>
    private static Tensor PadAlong(Tensor t, int d, int l, int r)
    {
        var left = new int[t.Rank];
        var right = new int[t.Rank];
        left[d] = l;
        right[d] = r;
        return Constant(t, left, right, 0);
    }
}
