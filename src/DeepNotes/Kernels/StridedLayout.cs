namespace DeepNotes.Kernels;

/// <summary>
/// Walks an n-dimensional strided layout for up to three operands at once: merges dimensions that are contiguous
/// in all operands (so the inner loop is as long as possible) and steps an odometer over the outer ones.
/// </summary>
internal ref struct StridedLayout
{
    private const int MaxRank = Shape.MaxRank;
    private readonly Span<int> _shape;
    private readonly Span<int> _s0, _s1, _s2;
    private readonly Span<int> _counter;

    /// <summary>The number of dimensions left after merging (at least 1).</summary>
    public readonly int Rank;

    /// <summary>Length of the innermost (merged) dimension.</summary>
    public int InnerSize => _shape[Rank - 1];

    /// <summary>Inner strides of the three operands.</summary>
    public int InnerStride0 => _s0[Rank - 1];

    /// <inheritdoc cref="InnerStride0"/>
    public int InnerStride1 => _s1[Rank - 1];

    /// <inheritdoc cref="InnerStride0"/>
    public int InnerStride2 => _s2[Rank - 1];

    /// <summary>Number of inner rows (product of the outer dimensions).</summary>
    public int OuterCount { get; }

    public StridedLayout(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides0, ReadOnlySpan<int> strides1, ReadOnlySpan<int> strides2, Span<int> scratch)
    {
        if (shape.Length > MaxRank) throw new NotSupportedException($"Tensors of rank above {MaxRank} are not supported (got rank {shape.Length}).");
        int r = Math.Max(shape.Length, 1);
        _shape = scratch.Slice(0, r);
        _s0 = scratch.Slice(r, r);
        _s1 = scratch.Slice(2 * r, r);
        _s2 = scratch.Slice(3 * r, r);
        _counter = scratch.Slice(4 * r, r);
        _counter.Clear();
        if (shape.Length == 0)
        {
            _shape[0] = 1; _s0[0] = 0; _s1[0] = 0; _s2[0] = 0;
            Rank = 1;
            OuterCount = 1;
            return;
        }
        // Drop size-1 dimensions, then merge neighbours that are contiguous in every operand.
        int n = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            int size = shape[d];
            if (size == 1) continue;
            int a = strides0.IsEmpty ? 0 : strides0[d];
            int b = strides1.IsEmpty ? 0 : strides1[d];
            int c = strides2.IsEmpty ? 0 : strides2[d];
            if (n > 0 && _s0[n - 1] == a * size && _s1[n - 1] == b * size && _s2[n - 1] == c * size)
            {
                _shape[n - 1] *= size;
                _s0[n - 1] = a; _s1[n - 1] = b; _s2[n - 1] = c;
                continue;
            }
            _shape[n] = size; _s0[n] = a; _s1[n] = b; _s2[n] = c;
            n++;
        }
        if (n == 0)
        {
            _shape[0] = 1; _s0[0] = 0; _s1[0] = 0; _s2[0] = 0;
            n = 1;
        }
        Rank = n;
        int outer = 1;
        for (int d = 0; d < n - 1; d++) outer *= _shape[d];
        OuterCount = outer;
    }

    /// <summary>Scratch size needed for a layout of <paramref name="rank"/> dimensions.</summary>
    public static int ScratchSize(int rank) => 5 * Math.Max(rank, 1);

    /// <summary>Advances the odometer over the outer dimensions, updating the three row offsets.</summary>
    public void Next(ref int off0, ref int off1, ref int off2)
    {
        for (int d = Rank - 2; d >= 0; d--)
        {
            if (++_counter[d] < _shape[d])
            {
                off0 += _s0[d]; off1 += _s1[d]; off2 += _s2[d];
                return;
            }
            _counter[d] = 0;
            off0 -= _s0[d] * (_shape[d] - 1);
            off1 -= _s1[d] * (_shape[d] - 1);
            off2 -= _s2[d] * (_shape[d] - 1);
        }
    }
}
