using System.Globalization;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// The settings of a sliding-window 3-D pooling (kernel, stride, padding, dilation, ceil mode) and the checks PyTorch
/// makes on them and on the input (<c>[N, C, D, H, W]</c> or unbatched <c>[C, D, H, W]</c>). The output size per
/// dimension is PyTorch's <c>pooling_output_shape</c> (<see cref="PoolGeometry.OutputSize"/>).
/// </summary>
internal readonly record struct Pool3DOptions(string Name, Size3D Kernel, Size3D Stride, Size3D Padding, Size3D Dilation, bool CeilMode)
{
    /// <summary>Builds and validates the options; a null stride means stride = kernel, as in PyTorch.</summary>
    public static Pool3DOptions Create(string name, Size3D kernel, Size3D? stride, Size3D padding, Size3D dilation, bool ceilMode)
    {
        var o = new Pool3DOptions(name, kernel, stride ?? kernel, padding, dilation, ceilMode);
        o.Validate();
        return o;
    }

    /// <summary>Throws when a setting is out of range, like PyTorch's <c>pool3d_shape_check</c>.</summary>
    public void Validate()
    {
        if (Min(Kernel) <= 0) throw new ArgumentException($"{Name}: kernel size must be positive, got {Kernel}.");
        if (Min(Stride) <= 0) throw new ArgumentException($"{Name}: stride must be positive, got {Stride}.");
        if (Min(Dilation) <= 0) throw new ArgumentException($"{Name}: dilation must be positive, got {Dilation}.");
        if (Min(Padding) < 0) throw new ArgumentException($"{Name}: padding must be non-negative, got {Padding}.");
        if (Padding.Depth > Kernel.Depth / 2 || Padding.Height > Kernel.Height / 2 || Padding.Width > Kernel.Width / 2)
            throw new ArgumentException($"{Name}: padding should be at most half of the kernel size, got padding {Padding} for kernel {Kernel}.");
    }

    private static int Min(Size3D s) => Math.Min(s.Depth, Math.Min(s.Height, s.Width));

    /// <summary>The settings as printed by <c>Describe()</c> and in messages, e.g. <c>MaxPool3D(kernel 2x2x2, stride 2x2x2, padding 0)</c>.</summary>
    public string Describe(string? extra = null)
    {
        string pad = Padding.Depth == Padding.Height && Padding.Height == Padding.Width
            ? Padding.Depth.ToString(CultureInfo.InvariantCulture) : Padding.ToString();
        string text = $"{Name}(kernel {Kernel}, stride {Stride}, padding {pad}";
        if (Dilation != 1) text += $", dilation {Dilation}";
        if (CeilMode) text += ", ceil mode";
        if (extra is not null) text += ", " + extra;
        return text + ")";
    }

    /// <summary>
    /// Checks <paramref name="x"/> (floating point, <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c>, large enough for one
    /// window) and returns the kernel geometry and the output shape.
    /// </summary>
    public (Pool3DGeometry Geometry, Shape Output) Resolve(Tensor x, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        x.CheckFloatingPoint(Name);
        Shape s = x.Shape;
        int minD = PoolGeometry.MinimumInput(Kernel.Depth, Stride.Depth, Padding.Depth, Dilation.Depth, CeilMode);
        int minH = PoolGeometry.MinimumInput(Kernel.Height, Stride.Height, Padding.Height, Dilation.Height, CeilMode);
        int minW = PoolGeometry.MinimumInput(Kernel.Width, Stride.Width, Padding.Width, Dilation.Width, CeilMode);
        bool rankOk = s.Rank is 4 or 5;
        if (!rankOk || s[-3] < minD || s[-2] < minH || s[-1] < minW)
        {
            string sizes = minD == minH && minH == minW
                ? $"D, H, W >= {minD}"
                : string.Create(CultureInfo.InvariantCulture, $"D >= {minD}, H >= {minH}, W >= {minW}");
            throw new ArgumentException($"{Describe(extra)} expects input [N, C, D, H, W] or [C, D, H, W] with {sizes}, got {s}");
        }
        int d = s[-3], h = s[-2], w = s[-1];
        int od = PoolGeometry.OutputSize(d, Kernel.Depth, Stride.Depth, Padding.Depth, Dilation.Depth, CeilMode);
        int oh = PoolGeometry.OutputSize(h, Kernel.Height, Stride.Height, Padding.Height, Dilation.Height, CeilMode);
        int ow = PoolGeometry.OutputSize(w, Kernel.Width, Stride.Width, Padding.Width, Dilation.Width, CeilMode);
        int planes = s.Rank == 5 ? s[0] * s[1] : s[0];
        int[] dims = s.ToArray();
        dims[^3] = od;
        dims[^2] = oh;
        dims[^1] = ow;
        var g = new Pool3DGeometry(planes, d, h, w, od, oh, ow, Kernel.Depth, Kernel.Height, Kernel.Width,
            Stride.Depth, Stride.Height, Stride.Width, Padding.Depth, Padding.Height, Padding.Width,
            Dilation.Depth, Dilation.Height, Dilation.Width);
        return (g, new Shape(dims));
    }
}

/// <summary>
/// The requested output size of a 3-D adaptive pooling (a null dimension keeps the input's size, PyTorch's
/// <c>None</c>) and the checks PyTorch makes on it and on the input.
/// </summary>
internal readonly record struct Adaptive3DOptions(string Name, int? Depth, int? Height, int? Width)
{
    /// <summary>Builds and validates the options.</summary>
    public static Adaptive3DOptions Create(string name, int? depth, int? height, int? width)
    {
        var o = new Adaptive3DOptions(name, depth, height, width);
        if (depth <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"{name}: output size must be positive, got {o.Size}.");
        return o;
    }

    private string Size => $"{Text(Depth, "D")}x{Text(Height, "H")}x{Text(Width, "W")}";

    private static string Text(int? v, string kept) => v?.ToString(CultureInfo.InvariantCulture) ?? kept;

    /// <summary>The settings as printed in messages and by <c>Describe()</c>, e.g. <c>AdaptiveAvgPool3D(output 1x7x7)</c>.</summary>
    public string Describe() => $"{Name}(output {Size})";

    /// <summary>Checks <paramref name="x"/> (floating point, <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c>, no empty dimension) and returns the geometry and output shape.</summary>
    public (Pool3DGeometry Geometry, Shape Output) Resolve(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        x.CheckFloatingPoint(Name);
        Shape s = x.Shape;
        if (s.Rank is not (4 or 5) || s[-3] < 1 || s[-2] < 1 || s[-1] < 1)
            throw new ArgumentException($"{Describe()} expects input [N, C, D, H, W] or [C, D, H, W] with D, H, W >= 1, got {s}");
        int d = s[-3], h = s[-2], w = s[-1];
        int od = Depth ?? d, oh = Height ?? h, ow = Width ?? w;
        int planes = s.Rank == 5 ? s[0] * s[1] : s[0];
        int[] dims = s.ToArray();
        dims[^3] = od;
        dims[^2] = oh;
        dims[^1] = ow;
        return (new Pool3DGeometry(planes, d, h, w, od, oh, ow, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1), new Shape(dims));
    }
}
