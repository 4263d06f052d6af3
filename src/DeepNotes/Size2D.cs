using System.Globalization;

namespace DeepNotes;

/// <summary>
/// A (height, width) pair of a 2-D layer's kernel size, stride, dilation or output padding; converts implicitly from
/// one int (the same in both dimensions, <c>stride: 2</c>) or a tuple (<c>kernelSize: (3, 5)</c>), like PyTorch's
/// <c>int or tuple</c> arguments.
/// </summary>
public readonly struct Size2D : IEquatable<Size2D>
{
    /// <summary>Creates the pair (<paramref name="height"/>, <paramref name="width"/>).</summary>
    /// <param name="height">The value along the rows.</param>
    /// <param name="width">The value along the columns.</param>
    public Size2D(int height, int width)
    {
        Height = height;
        Width = width;
    }

    /// <summary>The value along the rows (dimension H).</summary>
    public int Height { get; }

    /// <summary>The value along the columns (dimension W).</summary>
    public int Width { get; }

    /// <summary>The same value in both dimensions.</summary>
    /// <param name="both">The value along rows and columns.</param>
    public static implicit operator Size2D(int both) => new(both, both);

    /// <summary>The pair (height, width).</summary>
    /// <param name="heightWidth">The value along the rows, then along the columns.</param>
    public static implicit operator Size2D((int Height, int Width) heightWidth) => new(heightWidth.Height, heightWidth.Width);

    /// <summary>The same value in both dimensions.</summary>
    /// <param name="both">The value along rows and columns.</param>
    public static Size2D FromInt32(int both) => new(both, both);

    /// <inheritdoc/>
    public bool Equals(Size2D other) => Height == other.Height && Width == other.Width;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Size2D s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Height, Width);

    /// <summary>Equality of two pairs.</summary>
    /// <param name="left">The first pair.</param>
    /// <param name="right">The second pair.</param>
    public static bool operator ==(Size2D left, Size2D right) => left.Equals(right);

    /// <summary>Inequality of two pairs.</summary>
    /// <param name="left">The first pair.</param>
    /// <param name="right">The second pair.</param>
    public static bool operator !=(Size2D left, Size2D right) => !left.Equals(right);

    /// <summary><c>3x3</c> style: height x width.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Height}x{Width}");
}
