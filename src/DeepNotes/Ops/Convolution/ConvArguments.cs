using System.Globalization;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Convolution;

/// <summary>
/// The hyper-parameters of one convolution call (1-D, 2-D or 3-D, plain or transposed) with their checks: turns an
/// input shape and a weight shape into a <see cref="ConvGeometry"/>, or throws an <see cref="ArgumentException"/> whose
/// message names the layer (<c>Conv2D(1 -> 32, kernel 3x3, stride 1, padding 0)</c>), what input it expects and what
/// came. 1-D runs as 2-D with a height of one; 3-D adds the depth members of the geometry.
/// </summary>
internal sealed class ConvArguments
{
    /// <summary>The arguments of a 1-D (<paramref name="dims"/> = 1, height values ignored) or 2-D convolution.</summary>
    public ConvArguments(string name, int dims, bool transposed, Shape weight, Size2D stride, Padding padding,
        Size2D dilation, int groups, Size2D outputPadding)
        : this(name, dims, transposed, weight, new Size3D(1, stride.Height, stride.Width), padding,
            new Size3D(1, dilation.Height, dilation.Width), groups, new Size3D(0, outputPadding.Height, outputPadding.Width))
    {
    }

    private ConvArguments(string name, int dims, bool transposed, Shape weight, Size3D stride, Padding padding,
        Size3D dilation, int groups, Size3D outputPadding)
    {
        Name = name;
        Dims = dims;
        Transposed = transposed;
        Stride = new Size2D(stride.Height, stride.Width);
        StrideDepth = stride.Depth;
        Padding = padding;
        Dilation = new Size2D(dilation.Height, dilation.Width);
        DilationDepth = dilation.Depth;
        Groups = groups;
        OutputPadding = new Size2D(outputPadding.Height, outputPadding.Width);
        OutputPaddingDepth = outputPadding.Depth;
        if (groups < 1)
            throw new ArgumentException($"{name}: groups must be at least 1, got {groups}.", nameof(groups));
        if (stride.Depth < 1 || stride.Height < 1 || stride.Width < 1)
            throw new ArgumentException($"{name}: stride must be at least 1, got {Values(stride)}.", nameof(stride));
        if (dilation.Depth < 1 || dilation.Height < 1 || dilation.Width < 1)
            throw new ArgumentException($"{name}: dilation must be at least 1, got {Values(dilation)}.", nameof(dilation));
        if (weight.Rank != dims + 2)
        {
            string layout = transposed ? "[in, out/groups, " : "[out, in/groups, ";
            string kernel = dims switch { 1 => "k", 2 => "kH, kW", _ => "kD, kH, kW" };
            throw new ArgumentException($"{name}: weight must be {layout}{kernel}], got {weight}.", nameof(weight));
        }
        KernelD = dims == 3 ? weight[2] : 1;
        KernelH = dims == 1 ? 1 : weight[dims];
        KernelW = weight[dims + 1];
        if (transposed)
        {
            InChannels = weight[0];
            OutChannels = weight[1] * groups;
            if (InChannels % groups != 0)
                throw new ArgumentException($"{name}: in channels ({InChannels}) must be divisible by groups ({groups}).", nameof(groups));
        }
        else
        {
            InChannels = weight[1] * groups;
            OutChannels = weight[0];
            if (OutChannels % groups != 0)
                throw new ArgumentException($"{name}: out channels ({OutChannels}) must be divisible by groups ({groups}).", nameof(groups));
        }
        if (padding.IsSame)
        {
            if (transposed) throw new ArgumentException($"{name}: padding 'same' is not supported for transposed convolutions.", nameof(padding));
            if (stride.Depth != 1 || stride.Height != 1 || stride.Width != 1)
                throw new ArgumentException($"{Describe()}: padding 'same' is not supported for strided convolutions (stride must be 1).", nameof(padding));
        }
        if (dims == 1 && !padding.IsSame && (padding.Height != padding.Width || padding.IsThreeValued))
            throw new ArgumentException($"{name}: a 1-D padding is one number, got {padding}.", nameof(padding));
        if (dims == 2 && padding.IsThreeValued)
            throw new ArgumentException($"{name}: a 2-D padding is one number or (height, width), got {padding}.", nameof(padding));
        if (dims == 3 && padding.Depth < 0)
            throw new ArgumentException($"{name}: a 3-D padding is one number or (depth, height, width), got {padding}.", nameof(padding));
        if (Bad(outputPadding.Width, stride.Width, dilation.Width)
            || (dims >= 2 && Bad(outputPadding.Height, stride.Height, dilation.Height))
            || (dims == 3 && Bad(outputPadding.Depth, stride.Depth, dilation.Depth)))
        {
            throw new ArgumentException(
                $"{name}: output padding must be non-negative and smaller than either stride or dilation, got output padding {Values(outputPadding)} with stride {Values(stride)} and dilation {Values(dilation)}.",
                nameof(outputPadding));
        }

        static bool Bad(int op, int s, int d) => op < 0 || (op >= s && op >= d);
    }

    /// <summary>The arguments of a 3-D convolution (weight <c>[out, in/groups, kD, kH, kW]</c>, or <c>[in, out/groups, kD, kH, kW]</c> when transposed).</summary>
    public static ConvArguments ThreeD(string name, bool transposed, Shape weight, Size3D stride, Padding padding,
        Size3D dilation, int groups, Size3D outputPadding) =>
        new(name, 3, transposed, weight, stride, padding, dilation, groups, outputPadding);

    public string Name { get; }

    public int Dims { get; }

    public bool Transposed { get; }

    /// <summary>Stride (height, width); 1-D uses the width.</summary>
    public Size2D Stride { get; }

    /// <summary>Stride along the depth (1 below 3-D).</summary>
    public int StrideDepth { get; }

    public Padding Padding { get; }

    /// <summary>Dilation (height, width); 1-D uses the width.</summary>
    public Size2D Dilation { get; }

    /// <summary>Dilation along the depth (1 below 3-D).</summary>
    public int DilationDepth { get; }

    public int Groups { get; }

    /// <summary>Output padding (height, width) of a transposed convolution; 1-D uses the width.</summary>
    public Size2D OutputPadding { get; }

    /// <summary>Output padding along the depth (0 below 3-D).</summary>
    public int OutputPaddingDepth { get; }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelD { get; }

    public int KernelH { get; }

    public int KernelW { get; }

    /// <summary>Stride (depth, height, width).</summary>
    public Size3D Stride3D => new(StrideDepth, Stride.Height, Stride.Width);

    /// <summary>Dilation (depth, height, width).</summary>
    public Size3D Dilation3D => new(DilationDepth, Dilation.Height, Dilation.Width);

    /// <summary>Output padding (depth, height, width).</summary>
    public Size3D OutputPadding3D => new(OutputPaddingDepth, OutputPadding.Height, OutputPadding.Width);

    /// <summary><c>Conv2D(1 -> 32, kernel 3x3, stride 1, padding 0)</c>, with dilation, groups and output padding when not default.</summary>
    public string Describe()
    {
        string kernel = Dims switch
        {
            1 => KernelW.ToString(CultureInfo.InvariantCulture),
            2 => string.Create(CultureInfo.InvariantCulture, $"{KernelH}x{KernelW}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{KernelD}x{KernelH}x{KernelW}"),
        };
        string padding = Dims == 1 && !Padding.IsSame && Padding != Padding.Valid ? Padding.Width.ToString(CultureInfo.InvariantCulture)
            : Dims == 3 && !Padding.IsSame && Padding != Padding.Valid ? Values(new Size3D(Padding.Depth, Padding.Height, Padding.Width))
            : Padding.ToString();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Name}({InChannels} -> {OutChannels}, kernel {kernel}, stride {Values(Stride3D)}, padding {padding}");
        if (Dilation3D != 1) text += $", dilation {Values(Dilation3D)}";
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups {Groups}");
        if (OutputPadding3D != 0) text += $", output padding {Values(OutputPadding3D)}";
        return text + ")";
    }

    /// <summary>
    /// The geometry for input <paramref name="x"/> (<c>[N, C, L]</c> in 1-D, <c>[N, C, H, W]</c> in 2-D,
    /// <c>[N, C, D, H, W]</c> in 3-D). For a transposed convolution it is the geometry of the convolution being
    /// transposed: its input is this call's output.
    /// </summary>
    public ConvGeometry Resolve(Shape x)
    {
        string layout = Dims switch { 1 => $"[N, {InChannels}, L]", 2 => $"[N, {InChannels}, H, W]", _ => $"[N, {InChannels}, D, H, W]" };
        if (x.Rank != Dims + 2 || x[1] != InChannels)
            throw new ArgumentException($"{Describe()} expects input {layout}, got {x}.", "input");
        int n = x[0], d = Dims == 3 ? x[2] : 1, h = Dims == 1 ? 1 : x[Dims], w = x[Dims + 1];
        int dd = DilationDepth, sd = StrideDepth;
        int dh = Dims == 1 ? 1 : Dilation.Height, sh = Dims == 1 ? 1 : Stride.Height;
        (int front, int back) = Dims == 3 ? Padding.ResolveDepth(KernelD, dd) : (0, 0);
        (int top, int bottom) = Dims == 1 ? (0, 0) : Padding.Resolve(true, KernelH, dh);
        (int left, int right) = Padding.Resolve(false, KernelW, Dilation.Width);
        if (!Transposed)
        {
            int od = ConvGeometry.OutputSize(d, KernelD, sd, front, back, dd);
            int oh = ConvGeometry.OutputSize(h, KernelH, sh, top, bottom, dh);
            int ow = ConvGeometry.OutputSize(w, KernelW, Stride.Width, left, right, Dilation.Width);
            if (od < 1 || oh < 1 || ow < 1)
            {
                int minD = Math.Max(1, dd * (KernelD - 1) + 1 - front - back);
                int minH = Math.Max(1, dh * (KernelH - 1) + 1 - top - bottom);
                int minW = Math.Max(1, Dilation.Width * (KernelW - 1) + 1 - left - right);
                string need = Dims switch
                {
                    1 => $"L >= {minW}",
                    2 => minH == minW ? $"H, W >= {minH}" : $"H >= {minH}, W >= {minW}",
                    _ => minD == minH && minH == minW ? $"D, H, W >= {minH}" : $"D >= {minD}, H >= {minH}, W >= {minW}",
                };
                throw new ArgumentException($"{Describe()} expects input {layout} with {need}, got {x}.", "input");
            }
            return new ConvGeometry(n, InChannels, h, w, OutChannels, KernelH, KernelW, sh, Stride.Width, top, left,
                dh, Dilation.Width, Groups, oh, ow)
            {
                InDepth = d, OutDepth = od, KernelDepth = KernelD, StrideD = sd, PadD = front, DilationD = dd,
            };
        }

        int opd = Dims == 3 ? OutputPaddingDepth : 0, oph = Dims == 1 ? 0 : OutputPadding.Height;
        int outD = (d - 1) * sd - front - back + dd * (KernelD - 1) + opd + 1;
        int outH = (h - 1) * sh - top - bottom + dh * (KernelH - 1) + oph + 1;
        int outW = (w - 1) * Stride.Width - left - right + Dilation.Width * (KernelW - 1) + OutputPadding.Width + 1;
        if (d < 1 || h < 1 || w < 1 || outD < 1 || outH < 1 || outW < 1)
        {
            string size = Dims switch { 1 => $"length {outW}", 2 => $"size {outH}x{outW}", _ => $"size {outD}x{outH}x{outW}" };
            throw new ArgumentException($"{Describe()} expects input {layout} with a positive output size, got {x} (output {size}).", "input");
        }
        // The convolution being transposed: input [N, Out, (outD,) outH, outW] -> output [N, In, (d,) h, w], weight [In, Out/G, k...].
        return new ConvGeometry(n, OutChannels, outH, outW, InChannels, KernelH, KernelW, sh, Stride.Width, top, left,
            dh, Dilation.Width, Groups, h, w)
        {
            InDepth = outD, OutDepth = d, KernelDepth = KernelD, StrideD = sd, PadD = front, DilationD = dd,
        };
    }

    /// <summary>Throws unless input, weight and bias are floating point with one dtype and the bias is [out].</summary>
    public void CheckTensors(Tensor input, Tensor weight, Tensor? bias)
    {
        input.CheckFloatingPoint(Name);
        Tensor.CheckSameDType(Name, input, weight);
        if (bias is null) return;
        Tensor.CheckSameDType(Name, input, bias);
        if (bias.Rank != 1 || bias.Shape[0] != OutChannels)
            throw new ArgumentException($"{Describe()}: bias must be [{OutChannels}], got {bias.Shape}.", nameof(bias));
    }

    /// <summary>A size in the convolution's dimensions: <c>2</c> when all are equal, else <c>(1, 2)</c> or <c>(1, 2, 2)</c>.</summary>
    private string Values(Size3D s) => Dims switch
    {
        1 => s.Width.ToString(CultureInfo.InvariantCulture),
        2 => s.Height == s.Width ? s.Height.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"({s.Height}, {s.Width})"),
        _ => s.Depth == s.Height && s.Height == s.Width ? s.Height.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"({s.Depth}, {s.Height}, {s.Width})"),
    };
}
