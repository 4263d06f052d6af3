using System.Globalization;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// The settings of a sliding-window pooling (kernel, stride, padding, dilation, ceil mode) and the checks PyTorch makes
/// on them and on the input. A 1-D pooling is the 2-D one with a 1-high window over <c>[N, C, 1, L]</c>.
/// </summary>
internal readonly record struct PoolOptions(
    string Name, int KH, int KW, int SH, int SW, int PH, int PW, int DH = 1, int DW = 1, bool CeilMode = false, bool OneD = false)
{
    /// <summary>Builds 2-D options; a null stride means stride = kernel, as in PyTorch.</summary>
    public static PoolOptions Create2D(string name, Size2D kernel, Size2D? stride, Size2D padding, Size2D dilation, bool ceilMode)
    {
        Size2D s = stride ?? kernel;
        var o = new PoolOptions(name, kernel.Height, kernel.Width, s.Height, s.Width, padding.Height, padding.Width,
            dilation.Height, dilation.Width, ceilMode);
        o.Validate();
        return o;
    }

    /// <summary>Builds 1-D options (a 1-high 2-D window); a null stride means stride = kernel.</summary>
    public static PoolOptions Create1D(string name, int kernel, int? stride, int padding, int dilation, bool ceilMode)
    {
        var o = new PoolOptions(name, 1, kernel, 1, stride ?? kernel, 0, padding, 1, dilation, ceilMode, OneD: true);
        o.Validate();
        return o;
    }

    /// <summary>Throws when a setting is out of range, like PyTorch's pooling shape checks.</summary>
    public void Validate()
    {
        if (KH <= 0 || KW <= 0)
            throw new ArgumentException($"{Name}: kernel size must be positive, got {Pair(KH, KW)}.");
        if (SH <= 0 || SW <= 0)
            throw new ArgumentException($"{Name}: stride must be positive, got {Pair(SH, SW)}.");
        if (DH <= 0 || DW <= 0)
            throw new ArgumentException($"{Name}: dilation must be positive, got {Pair(DH, DW)}.");
        if (PH < 0 || PW < 0)
            throw new ArgumentException($"{Name}: padding must be non-negative, got {Pair(PH, PW)}.");
        if (PH > KH / 2 || PW > KW / 2)
            throw new ArgumentException(
                $"{Name}: padding should be at most half of the kernel size, got padding {Pair(PH, PW)} for kernel {Pair(KH, KW)}.");
    }

    /// <summary>The settings as printed in messages and by <c>Describe()</c>, e.g. <c>MaxPool2D(kernel 2x2, stride 2x2, padding 0)</c>.</summary>
    public string Describe(string? extra = null)
    {
        string text = $"{Name}(kernel {Pair(KH, KW)}, stride {Pair(SH, SW)}, padding {Pad()}";
        if (DH != 1 || DW != 1) text += $", dilation {Pair(DH, DW)}";
        if (CeilMode) text += ", ceil mode";
        if (extra is not null) text += ", " + extra;
        return text + ")";
    }

    private string Pad() => OneD ? PW.ToString(CultureInfo.InvariantCulture)
        : PH == PW ? PH.ToString(CultureInfo.InvariantCulture) : $"{PH}x{PW}";

    private string Pair(int h, int w) => OneD ? w.ToString(CultureInfo.InvariantCulture) : $"{h}x{w}";

    /// <summary>
    /// Checks <paramref name="x"/> (floating point, <c>[N, C, H, W]</c> or <c>[C, H, W]</c>; 1-D: <c>[N, C, L]</c> or
    /// <c>[C, L]</c>) and returns the kernel geometry and the output shape.
    /// </summary>
    public (PoolGeometry Geometry, Shape Output) Resolve(Tensor x, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        x.CheckFloatingPoint(Name);
        Shape s = x.Shape;
        int spatial = OneD ? 1 : 2;
        int minH = PoolGeometry.MinimumInput(KH, SH, PH, DH, CeilMode), minW = PoolGeometry.MinimumInput(KW, SW, PW, DW, CeilMode);
        bool rankOk = s.Rank == spatial + 1 || s.Rank == spatial + 2;
        int h = OneD ? 1 : rankOk ? s[-2] : 0, w = rankOk ? s[-1] : 0;
        if (!rankOk || h < minH || w < minW)
        {
            string expected = OneD ? $"[N, C, L] or [C, L] with L >= {minW}"
                : minH == minW ? $"[N, C, H, W] or [C, H, W] with H, W >= {minH}"
                : $"[N, C, H, W] or [C, H, W] with H >= {minH}, W >= {minW}";
            throw new ArgumentException($"{Describe(extra)} expects input {expected}, got {s}");
        }
        int oh = PoolGeometry.OutputSize(h, KH, SH, PH, DH, CeilMode), ow = PoolGeometry.OutputSize(w, KW, SW, PW, DW, CeilMode);
        int planes = 1;
        for (int d = 0; d < s.Rank - spatial; d++) planes *= s[d];
        int[] dims = s.ToArray();
        if (!OneD) dims[^2] = oh;
        dims[^1] = ow;
        return (new PoolGeometry(planes, h, w, oh, ow, KH, KW, SH, SW, PH, PW, DH, DW), new Shape(dims));
    }
}
