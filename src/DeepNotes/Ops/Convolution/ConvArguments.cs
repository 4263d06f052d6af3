using System.Globalization;
using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// The hyper-parameters of one convolution call (1-D or 2-D, plain or transposed) with their checks: turns an input
/// shape and a weight shape into a <see cref="ConvGeometry"/>, or throws an <see cref="ArgumentException"/> whose
/// message names the layer (<c>Conv2D(1 -> 32, kernel 3x3, stride 1, padding 0)</c>), what input it expects and what
/// came.
/// </summary>
internal sealed class ConvArguments
{
    public ConvArguments(string name, int dims, bool transposed, Shape weight, Size2D stride, Padding padding,
        Size2D dilation, int groups, Size2D outputPadding)
    {
        Name = name;
        Dims = dims;
        Transposed = transposed;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        OutputPadding = outputPadding;
        if (groups < 1)
            throw new ArgumentException($"{name}: groups must be at least 1, got {groups}.", nameof(groups));
        if (stride.Height < 1 || stride.Width < 1)
            throw new ArgumentException($"{name}: stride must be at least 1, got {Pair(stride.Height, stride.Width)}.", nameof(stride));
        if (dilation.Height < 1 || dilation.Width < 1)
            throw new ArgumentException($"{name}: dilation must be at least 1, got {Pair(dilation.Height, dilation.Width)}.", nameof(dilation));
        if (weight.Rank != dims + 2)
        {
            string layout = transposed ? "[in, out/groups, " : "[out, in/groups, ";
            throw new ArgumentException($"{name}: weight must be {layout}{(dims == 1 ? "k" : "kH, kW")}], got {weight}.", nameof(weight));
        }
        KernelH = dims == 1 ? 1 : weight[2];
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
            if (stride.Height != 1 || stride.Width != 1)
                throw new ArgumentException($"{Describe()}: padding 'same' is not supported for strided convolutions (stride must be 1).", nameof(padding));
        }
        if (dims == 1 && !padding.IsSame && padding.Height != padding.Width)
            throw new ArgumentException($"{name}: a 1-D padding is one number, got {padding}.", nameof(padding));
        if (outputPadding.Height < 0 || outputPadding.Width < 0
            || (outputPadding.Height >= stride.Height && outputPadding.Height >= dilation.Height)
            || (outputPadding.Width >= stride.Width && outputPadding.Width >= dilation.Width))
        {
            throw new ArgumentException(
                $"{name}: output padding must be non-negative and smaller than either stride or dilation, got output padding {Pair(outputPadding.Height, outputPadding.Width)} with stride {Pair(stride.Height, stride.Width)} and dilation {Pair(dilation.Height, dilation.Width)}.",
                nameof(outputPadding));
        }
    }

    public string Name { get; }

    public int Dims { get; }

    public bool Transposed { get; }

    public Size2D Stride { get; }

    public Padding Padding { get; }

    public Size2D Dilation { get; }

    public int Groups { get; }

    public Size2D OutputPadding { get; }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelH { get; }

    public int KernelW { get; }

    /// <summary><c>Conv2D(1 -> 32, kernel 3x3, stride 1, padding 0)</c>, with dilation, groups and output padding when not default.</summary>
    public string Describe()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Name}({InChannels} -> {OutChannels}, kernel {(Dims == 1 ? KernelW.ToString(CultureInfo.InvariantCulture) : $"{KernelH}x{KernelW}")}, stride {Pair(Stride.Height, Stride.Width)}, padding {(Dims == 1 && !Padding.IsSame && Padding != Padding.Valid ? Padding.Width.ToString(CultureInfo.InvariantCulture) : Padding.ToString())}");
        if (Dilation.Height != 1 || Dilation.Width != 1) text += $", dilation {Pair(Dilation.Height, Dilation.Width)}";
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups {Groups}");
        if (OutputPadding.Height != 0 || OutputPadding.Width != 0) text += $", output padding {Pair(OutputPadding.Height, OutputPadding.Width)}";
        return text + ")";
    }

    /// <summary>
    /// The geometry for input <paramref name="x"/> (<c>[N, C, L]</c> in 1-D, <c>[N, C, H, W]</c> in 2-D). For a
    /// transposed convolution it is the geometry of the convolution being transposed: its input is this call's output.
    /// </summary>
    public ConvGeometry Resolve(Shape x)
    {
        string layout = Dims == 1 ? $"[N, {InChannels}, L]" : $"[N, {InChannels}, H, W]";
        if (x.Rank != Dims + 2 || x[1] != InChannels)
            throw new ArgumentException($"{Describe()} expects input {layout}, got {x}.", "input");
        int n = x[0], h = Dims == 1 ? 1 : x[2], w = x[Dims + 1];
        int dh = Dims == 1 ? 1 : Dilation.Height, sh = Dims == 1 ? 1 : Stride.Height;
        (int top, int bottom) = Dims == 1 ? (0, 0) : Padding.Resolve(true, KernelH, dh);
        (int left, int right) = Padding.Resolve(false, KernelW, Dilation.Width);
        if (!Transposed)
        {
            int oh = ConvGeometry.OutputSize(h, KernelH, sh, top, bottom, dh);
            int ow = ConvGeometry.OutputSize(w, KernelW, Stride.Width, left, right, Dilation.Width);
            if (oh < 1 || ow < 1)
            {
                int minH = Math.Max(1, dh * (KernelH - 1) + 1 - top - bottom);
                int minW = Math.Max(1, Dilation.Width * (KernelW - 1) + 1 - left - right);
                string need = Dims == 1 ? $"L >= {minW}" : minH == minW ? $"H, W >= {minH}" : $"H >= {minH}, W >= {minW}";
                throw new ArgumentException($"{Describe()} expects input {layout} with {need}, got {x}.", "input");
            }
            return new ConvGeometry(n, InChannels, h, w, OutChannels, KernelH, KernelW, sh, Stride.Width, top, left,
                dh, Dilation.Width, Groups, oh, ow);
        }

        int oph = Dims == 1 ? 0 : OutputPadding.Height;
        int outH = (h - 1) * sh - top - bottom + dh * (KernelH - 1) + oph + 1;
        int outW = (w - 1) * Stride.Width - left - right + Dilation.Width * (KernelW - 1) + OutputPadding.Width + 1;
        if (h < 1 || w < 1 || outH < 1 || outW < 1)
        {
            string size = Dims == 1 ? $"length {outW}" : $"size {outH}x{outW}";
            throw new ArgumentException($"{Describe()} expects input {layout} with a positive output size, got {x} (output {size}).", "input");
        }
        // The convolution being transposed: input [N, Out, outH, outW] -> output [N, In, h, w], weight [In, Out/G, kH, kW].
        return new ConvGeometry(n, OutChannels, outH, outW, InChannels, KernelH, KernelW, sh, Stride.Width, top, left,
            dh, Dilation.Width, Groups, h, w);
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

    private string Pair(int h, int w) =>
        Dims == 1 ? w.ToString(CultureInfo.InvariantCulture)
        : h == w ? h.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"({h}, {w})");
}
