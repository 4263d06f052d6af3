using System.Collections;
using System.Runtime.CompilerServices;

namespace DeepNotes;

/// <summary>
/// The dimensions of a tensor, outermost first (row-major). <c>default(Shape)</c> is the 0-dim (scalar) shape <c>[]</c>.
/// Write shapes as collection expressions: <c>Tensor.Zeros([2, 3])</c>.
/// </summary>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    /// <summary>
    /// The largest number of dimensions a shape (and so a tensor) may have: 16. The readers (<c>Idx</c>, safetensors)
    /// reject files declaring more with <see cref="InvalidDataException"/>.
    /// </summary>
    public const int MaxRank = 16;

    /// <summary>Creates a shape from its dimensions; each must be zero or more, and there may be at most <see cref="MaxRank"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative, or there are more than <see cref="MaxRank"/> dimensions.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank)
            throw new ArgumentException($"Shape: rank {dims.Length} exceeds the maximum rank {MaxRank}.", nameof(dims));
        foreach (int d in dims)
        {
            if (d < 0)
                throw new ArgumentException($"Shape dimensions must be non-negative, got [{string.Join(", ", dims.ToArray())}].", nameof(dims));
        }
        _dims = dims.Length == 0 ? null : dims.ToArray();
        if (dims.Contains(0)) return; // no elements, whatever the other sizes
        long count = 1;
        foreach (int d in dims)
        {
            count *= d;
            if (count > int.MaxValue)
                throw new ArgumentException($"Shape [{string.Join(", ", dims.ToArray())}] has more than {int.MaxValue} elements.", nameof(dims));
        }
    }

    /// <summary>Builds a shape from a span; used by collection expressions.</summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims);

    /// <summary>The 0-dim shape <c>[]</c> of a scalar tensor.</summary>
    public static Shape Scalar => default;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>The number of dimensions (same as <see cref="Rank"/>).</summary>
    public int Count => Rank;

    /// <summary>The product of all dimensions: 1 for a scalar, 0 when any dimension is 0.</summary>
    public int ElementCount
    {
        get
        {
            int n = 1;
            if (_dims is not null) foreach (int d in _dims) n *= d;
            return n;
        }
    }

    /// <summary>The size of dimension <paramref name="axis"/>; negative values count from the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [-Rank, Rank).</exception>
    public int this[int axis]
    {
        get
        {
            // NormalizeAxis lets reductions use axis 0/-1 on a 0-dim tensor, but a scalar shape has no dimension to read.
            if (Rank == 0)
                throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis {axis} is out of range for a 0-dim shape [], which has no dimensions.");
            return Dims[NormalizeAxis(axis, Rank)];
        }
    }

    internal ReadOnlySpan<int> Dims => _dims;

    /// <summary>A copy of the dimensions as an array.</summary>
    public int[] ToArray() => _dims is null ? [] : (int[])_dims.Clone();

    /// <summary>Maps an axis in [-rank, rank) to [0, rank), or throws naming the valid range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside [-rank, rank).</exception>
    public static int NormalizeAxis(int axis, int rank)
    {
        int r = Math.Max(rank, 1); // like PyTorch, a 0-dim tensor accepts axis 0 and -1
        if (axis < -r || axis >= r)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis {axis} is out of range for a tensor of rank {rank} (expected an axis in [{-r}, {r - 1}]).");
        return axis < 0 ? axis + r : axis;
    }

    /// <summary>Row-major (C-order) strides for this shape, in elements.</summary>
    internal int[] ContiguousStrides()
    {
        var strides = new int[Rank];
        int s = 1;
        for (int i = Rank - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(_dims![i], 1);
        }
        return strides;
    }

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims) h.Add(d);
        return h.ToHashCode();
    }

    /// <summary>Shape equality, dimension by dimension.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Shape inequality.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>Converts an array of dimensions to a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Formats as <c>[2, 3]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", _dims ?? []) + "]";

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)(_dims ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
