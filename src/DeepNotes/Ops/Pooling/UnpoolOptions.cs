using System.Globalization;

namespace DeepNotes.Ops.Pooling;

/// <summary>
/// The settings of a max unpooling (kernel, stride, padding per spatial dimension) and PyTorch's checks of them, of the
/// input and indices, and of a requested output size (<c>F._unpool_output_size</c>): by default each output size is
/// (in − 1)·stride − 2·padding + kernel; a given size must lie strictly between that default ∓ stride (the sizes a max
/// pooling with these settings maps to the input's size), and may also list the leading N, C dimensions.
/// </summary>
internal readonly record struct UnpoolOptions(string Name, int[] Kernel, int[] Stride, int[] Padding)
{
    /// <summary>Builds and validates the options; a null stride means stride = kernel, as in PyTorch.</summary>
    public static UnpoolOptions Create(string name, int[] kernel, int[]? stride, int[] padding)
    {
        var o = new UnpoolOptions(name, kernel, stride ?? kernel, padding);
        if (kernel.Any(k => k <= 0)) throw new ArgumentException($"{name}: kernel size must be positive, got {Text(kernel)}.");
        if (o.Stride.Any(s => s <= 0)) throw new ArgumentException($"{name}: stride must be positive, got {Text(o.Stride)}.");
        if (padding.Any(p => p < 0)) throw new ArgumentException($"{name}: padding must be non-negative, got {Text(padding)}.");
        return o;
    }

    private int Spatial => Kernel.Length;

    private static string Text(int[] v) => v.Length == 1 ? v[0].ToString(CultureInfo.InvariantCulture) : string.Join("x", v);

    /// <summary>The settings as printed by <c>Describe()</c> and in messages, e.g. <c>MaxUnpool2D(kernel 2x2, stride 2x2, padding 0)</c>.</summary>
    public string Describe()
    {
        int[] padding = Padding;
        string pad = padding.All(p => p == padding[0]) ? padding[0].ToString(CultureInfo.InvariantCulture) : Text(padding);
        return $"{Name}(kernel {Text(Kernel)}, stride {Text(Stride)}, padding {pad})";
    }

    /// <summary>
    /// Checks the input (floating point, <c>[N, C, *in]</c> or <c>[C, *in]</c>, non-empty spatial dimensions) and the
    /// indices (Int32, the input's shape), and returns the output's spatial size.
    /// </summary>
    public int[] Resolve(Tensor input, Tensor indices, ReadOnlySpan<int> outputSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(indices);
        input.CheckFloatingPoint(Name);
        string layout = Spatial switch { 1 => "L", 2 => "H, W", _ => "D, H, W" };
        Shape s = input.Shape;
        bool rankOk = s.Rank == Spatial + 1 || s.Rank == Spatial + 2;
        bool emptySpatial = false;
        for (int d = Math.Max(s.Rank - Spatial, 0); d < s.Rank; d++) emptySpatial |= s[d] < 1;
        if (!rankOk || emptySpatial)
            throw new ArgumentException($"{Describe()} expects input [N, C, {layout}] or [C, {layout}] with non-zero {layout}, got {s}", nameof(input));
        if (indices.DType != DType.Int32)
            throw new ArgumentException($"{Name}: indices must be Int32 (as a max pooling with indices returns them), got {indices.DType}.", nameof(indices));
        if (indices.Shape != s)
            throw new ArgumentException($"{Name}: indices must have the input's shape {s}, got {indices.Shape}.", nameof(indices));
        var defaults = new int[Spatial];
        for (int d = 0; d < Spatial; d++)
            defaults[d] = (s[s.Rank - Spatial + d] - 1) * Stride[d] - 2 * Padding[d] + Kernel[d];
        if (outputSize.IsEmpty)
        {
            if (defaults.Any(v => v < 1))
                throw new ArgumentException($"{Describe()} gives an empty output [{string.Join(", ", defaults)}] for input {s}.", nameof(input));
            return defaults;
        }
        ReadOnlySpan<int> size = outputSize.Length == Spatial + 2 ? outputSize[2..] : outputSize;
        if (size.Length != Spatial)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{Name}: output size should list {Spatial} or {Spatial + 2} sizes, got {outputSize.Length} ([{string.Join(", ", outputSize.ToArray())}])."), nameof(outputSize));
        var result = size.ToArray();
        for (int d = 0; d < Spatial; d++)
        {
            int min = defaults[d] - Stride[d], max = defaults[d] + Stride[d];
            if (!(result[d] > min && result[d] < max) || result[d] < 1)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{Name}: invalid output size [{string.Join(", ", outputSize.ToArray())}] (dimension {d} must be between {Math.Max(min, 0)} and {max}, exclusive)."), nameof(outputSize));
        }
        return result;
    }
}
