using System.Globalization;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// The requested output size of an adaptive pooling and the checks PyTorch makes on it and on the input. A null
/// dimension keeps the input's size there (PyTorch's <c>None</c> in <c>output_size=(None, 7)</c>). A 1-D adaptive
/// pooling is the 2-D one over <c>[N, C, 1, L]</c> with an output height of 1.
/// </summary>
internal readonly record struct AdaptiveOptions(string Name, int? Height, int? Width, bool OneD = false)
{
    /// <summary>Builds 2-D options; a null size keeps that input dimension.</summary>
    public static AdaptiveOptions Create2D(string name, int? height, int? width)
    {
        var o = new AdaptiveOptions(name, height, width);
        if (height <= 0 || width <= 0)
            throw new ArgumentException($"{name}: output size must be positive, got {o.Size}.");
        return o;
    }

    /// <summary>Builds 1-D options (output length L').</summary>
    public static AdaptiveOptions Create1D(string name, int length)
    {
        if (length <= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}: output size must be positive, got {length}."));
        return new AdaptiveOptions(name, 1, length, OneD: true);
    }

    /// <summary>The output size as text: <c>3x4</c>, <c>Hx7</c> (a kept dimension by its name), or <c>5</c> in 1-D.</summary>
    private string Size => OneD
        ? Text(Width)
        : $"{(Height is null ? "H" : Text(Height))}x{(Width is null ? "W" : Text(Width))}";

    private static string Text(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>The settings as printed in messages and by <c>Describe()</c>, e.g. <c>AdaptiveAvgPool2D(output 3x4)</c>.</summary>
    public string Describe() => Name == "GlobalAvgPool2D" ? "GlobalAvgPool2D()" : $"{Name}(output {Size})";

    /// <summary>
    /// Checks <paramref name="x"/> (floating point, <c>[N, C, H, W]</c> or <c>[C, H, W]</c> with H, W ≥ 1; 1-D:
    /// <c>[N, C, L]</c> or <c>[C, L]</c> with L ≥ 1) and returns the kernel geometry and the output shape.
    /// </summary>
    public (PoolGeometry Geometry, Shape Output) Resolve(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        x.CheckFloatingPoint(Name);
        Shape s = x.Shape;
        int spatial = OneD ? 1 : 2;
        bool rankOk = s.Rank == spatial + 1 || s.Rank == spatial + 2;
        if (!rankOk || s[-1] < 1 || (!OneD && s[-2] < 1))
        {
            string expected = OneD ? "[N, C, L] or [C, L] with L >= 1" : "[N, C, H, W] or [C, H, W] with H, W >= 1";
            throw new ArgumentException($"{Describe()} expects input {expected}, got {s}");
        }
        int h = OneD ? 1 : s[-2], w = s[-1];
        int oh = Height ?? h, ow = Width ?? w;
        int planes = 1;
        for (int d = 0; d < s.Rank - spatial; d++) planes *= s[d];
        int[] dims = s.ToArray();
        if (!OneD) dims[^2] = oh;
        dims[^1] = ow;
        // kernel fields 0: no sliding window (keeps the 2x2 fast path away from adaptive indices)
        return (new PoolGeometry(planes, h, w, oh, ow, 0, 0, 0, 0, 0, 0, 1, 1), new Shape(dims));
    }
}
