using System.Globalization;

namespace DeepNotes;

/// <summary>
/// The zero padding of a convolution, PyTorch's <c>padding</c> argument: a number of rows and columns added on each
/// side (<c>padding: 1</c>, <c>padding: (1, 2)</c>), <see cref="Same"/> (output as large as the input; stride 1 only)
/// or <see cref="Valid"/> (no padding). The default value is no padding. A 3-D convolution also pads the depth:
/// <c>padding: 1</c> pads all three dimensions, <c>padding: (1, 2, 2)</c> gives (depth, height, width).
/// </summary>
/// <remarks>
/// <see cref="Same"/> pads a total of <c>dilation·(kernel − 1)</c> per dimension, half on the top/left and the rest
/// (one more for even kernels) on the bottom/right, exactly like PyTorch's <c>padding='same'</c>.
/// </remarks>
public readonly struct Padding : IEquatable<Padding>
{
    private readonly byte _kind; // 0 explicit, 1 same, 2 valid
    private readonly int _depth;
    private readonly bool _hasDepth; // given as (depth, height, width)

    /// <summary>Pads <paramref name="height"/> rows on the top and bottom and <paramref name="width"/> columns on the left and right.</summary>
    /// <param name="height">Rows added above and below (≥ 0).</param>
    /// <param name="width">Columns added left and right (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public Padding(int height, int width)
    {
        if (height < 0 || width < 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"Padding must be non-negative, got ({height}, {width}).");
        Height = height;
        Width = width;
        _kind = 0;
    }

    /// <summary>Pads <paramref name="depth"/> slices before and after, <paramref name="height"/> rows and <paramref name="width"/> columns (3-D convolutions).</summary>
    /// <param name="depth">Slices added before and after along the depth (≥ 0).</param>
    /// <param name="height">Rows added above and below (≥ 0).</param>
    /// <param name="width">Columns added left and right (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public Padding(int depth, int height, int width)
    {
        if (depth < 0 || height < 0 || width < 0)
            throw new ArgumentOutOfRangeException(nameof(depth), $"Padding must be non-negative, got ({depth}, {height}, {width}).");
        _depth = depth;
        _hasDepth = true;
        Height = height;
        Width = width;
        _kind = 0;
    }

    private Padding(byte kind)
    {
        _kind = kind;
    }

    /// <summary>Pads so that the output has the input's size (stride 1 only), like <c>padding='same'</c>.</summary>
    public static Padding Same => new(1);

    /// <summary>No padding, like <c>padding='valid'</c> (the same as <c>padding: 0</c>).</summary>
    public static Padding Valid => new(2);

    /// <summary>Rows added on the top and on the bottom (0 for <see cref="Same"/>, which is resolved per layer).</summary>
    public int Height { get; }

    /// <summary>Columns added on the left and on the right (0 for <see cref="Same"/>, which is resolved per layer).</summary>
    public int Width { get; }

    /// <summary>
    /// Slices added before and after along the depth of a 3-D convolution: as given by
    /// <see cref="Padding(int, int, int)"/>, else the common value of a symmetric padding (<c>padding: 1</c>), else −1
    /// (a (height, width) pair with two values says nothing about the depth).
    /// </summary>
    public int Depth => _hasDepth ? _depth : Height == Width ? Height : -1;

    /// <summary>True when the padding was given with three values (depth, height, width) that are not all equal (only a 3-D convolution takes it).</summary>
    internal bool IsThreeValued => _hasDepth && (_depth != Height || Height != Width);

    /// <summary>Symmetric padding of (depth, rows, columns) for a 3-D convolution.</summary>
    /// <param name="depthHeightWidth">Slices added before and after, rows added above and below, columns added left and right.</param>
    public static implicit operator Padding((int Depth, int Height, int Width) depthHeightWidth) =>
        new(depthHeightWidth.Depth, depthHeightWidth.Height, depthHeightWidth.Width);

    /// <summary>True for <see cref="Same"/>.</summary>
    public bool IsSame => _kind == 1;

    /// <summary>Symmetric padding of <paramref name="both"/> rows and columns.</summary>
    /// <param name="both">Rows and columns added on every side.</param>
    public static implicit operator Padding(int both) => new(both, both);

    /// <summary>Symmetric padding of (rows, columns).</summary>
    /// <param name="heightWidth">Rows added above and below, columns added left and right.</param>
    public static implicit operator Padding((int Height, int Width) heightWidth) => new(heightWidth.Height, heightWidth.Width);

    /// <summary>Symmetric padding of <paramref name="both"/> rows and columns.</summary>
    /// <param name="both">Rows and columns added on every side.</param>
    public static Padding FromInt32(int both) => new(both, both);

    /// <summary>
    /// The (before, after) padding of one dimension: explicit values as given, <see cref="Same"/> as
    /// <c>total = dilation·(kernel − 1)</c>, <c>before = total / 2</c>, <c>after = total − before</c>.
    /// </summary>
    internal (int Before, int After) Resolve(bool height, int kernel, int dilation)
    {
        if (IsSame)
        {
            int total = dilation * (kernel - 1);
            return (total / 2, total - total / 2);
        }
        int p = height ? Height : Width;
        return (p, p);
    }

    /// <summary>The (before, after) padding of the depth of a 3-D convolution, like <see cref="Resolve"/> (explicit: <see cref="Depth"/>).</summary>
    internal (int Before, int After) ResolveDepth(int kernel, int dilation)
    {
        if (IsSame)
        {
            int total = dilation * (kernel - 1);
            return (total / 2, total - total / 2);
        }
        return (Depth, Depth);
    }

    /// <inheritdoc/>
    public bool Equals(Padding other) => _kind == other._kind && Height == other.Height && Width == other.Width && Depth == other.Depth;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Padding p && Equals(p);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_kind, Height, Width, Depth);

    /// <summary>Equality of two paddings.</summary>
    /// <param name="left">The first padding.</param>
    /// <param name="right">The second padding.</param>
    public static bool operator ==(Padding left, Padding right) => left.Equals(right);

    /// <summary>Inequality of two paddings.</summary>
    /// <param name="left">The first padding.</param>
    /// <param name="right">The second padding.</param>
    public static bool operator !=(Padding left, Padding right) => !left.Equals(right);

    /// <summary><c>same</c>, <c>valid</c>, <c>1</c>, <c>(1, 2)</c> or <c>(1, 2, 2)</c>.</summary>
    public override string ToString() => _kind switch
    {
        1 => "same",
        2 => "valid",
        _ when IsThreeValued => string.Create(CultureInfo.InvariantCulture, $"({_depth}, {Height}, {Width})"),
        _ => Height == Width ? Height.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"({Height}, {Width})"),
    };
}
