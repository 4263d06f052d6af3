using System.Globalization;

namespace DeepNotes;

/// <summary>
/// A (depth, height, width) triple of a 3-D layer's kernel size, stride, padding or dilation; converts implicitly from
/// one int (the same in all three dimensions, <c>stride: 2</c>) or a tuple (<c>kernelSize: (1, 3, 3)</c>), like
/// PyTorch's <c>int or tuple</c> arguments.
/// </summary>
public readonly struct Size3D : IEquatable<Size3D>
{
    /// <summary>Creates the triple (<paramref name="depth"/>, <paramref name="height"/>, <paramref name="width"/>).</summary>
    /// <param name="depth">The value along the depth (or time) dimension D.</param>
    /// <param name="height">The value along the rows.</param>
    /// <param name="width">The value along the columns.</param>
    public Size3D(int depth, int height, int width)
    {
        Depth = depth;
        Height = height;
        Width = width;
    }

    /// <summary>The value along the depth (or time) dimension D.</summary>
    public int Depth { get; }

    /// <summary>The value along the rows (dimension H).</summary>
    public int Height { get; }

    /// <summary>The value along the columns (dimension W).</summary>
    public int Width { get; }

    /// <summary>The same value in all three dimensions.</summary>
    /// <param name="all">The value along depth, rows and columns.</param>
    public static implicit operator Size3D(int all) => new(all, all, all);

    /// <summary>The triple (depth, height, width).</summary>
    /// <param name="depthHeightWidth">The value along the depth, the rows, then the columns.</param>
    public static implicit operator Size3D((int Depth, int Height, int Width) depthHeightWidth) =>
        new(depthHeightWidth.Depth, depthHeightWidth.Height, depthHeightWidth.Width);

    /// <summary>The same value in all three dimensions.</summary>
    /// <param name="all">The value along depth, rows and columns.</param>
    public static Size3D FromInt32(int all) => new(all, all, all);

    /// <inheritdoc/>
    public bool Equals(Size3D other) => Depth == other.Depth && Height == other.Height && Width == other.Width;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Size3D s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Depth, Height, Width);

    /// <summary>Equality of two triples.</summary>
    /// <param name="left">The first triple.</param>
    /// <param name="right">The second triple.</param>
    public static bool operator ==(Size3D left, Size3D right) => left.Equals(right);

    /// <summary>Inequality of two triples.</summary>
    /// <param name="left">The first triple.</param>
    /// <param name="right">The second triple.</param>
    public static bool operator !=(Size3D left, Size3D right) => !left.Equals(right);

    /// <summary><c>2x3x3</c> style: depth x height x width.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Depth}x{Height}x{Width}");
}
