using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// The configuration shared by <see cref="Upsample"/>, <see cref="UpsamplingNearest2D"/> and
/// <see cref="UpsamplingBilinear2D"/>: a size or scale given per dimension, or one value for every spatial dimension
/// (expanded to the input's rank at each call), validated at construction.
/// </summary>
internal sealed class UpsampleSettings
{
    private readonly int[]? _size;
    private readonly double[]? _scale;

    public UpsampleSettings(string layer, int[]? size, double[]? scale, bool perDimension, InterpolationMode mode, bool? alignCorners,
        bool? recomputeScaleFactor)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{layer}: unknown mode {mode}.");
        if ((size is null) == (scale is null))
            throw new ArgumentException($"{layer}: give exactly one of size and scaleFactor (got {(size is null ? "neither" : "both")}).");
        if (size is { Length: 0 } || scale is { Length: 0 } || size?.Length > 3 || scale?.Length > 3)
            throw new ArgumentException($"{layer}: size or scaleFactor needs 1 to 3 entries, got {(size?.Length ?? scale!.Length)}.");
        if (size is not null && size.Any(s => s <= 0))
            throw new ArgumentException($"{layer}: output sizes must be positive, got [{string.Join(", ", size)}].", nameof(size));
        if (scale is not null && scale.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{layer}: scale factors must be positive and finite, got [{string.Join(", ", scale)}]."), nameof(scale));
        bool linearFamily = mode is InterpolationMode.Linear or InterpolationMode.Bilinear or InterpolationMode.Bicubic or InterpolationMode.Trilinear;
        if (!linearFamily && alignCorners is not null)
            throw new ArgumentException($"{layer}: alignCorners can only be set with the interpolating modes Linear, Bilinear, Bicubic and Trilinear, not {mode}.", nameof(alignCorners));
        if (size is not null && recomputeScaleFactor == true)
            throw new ArgumentException($"{layer}: recomputeScaleFactor is not meaningful with an explicit size.", nameof(recomputeScaleFactor));
        Layer = layer;
        _size = size;
        _scale = scale;
        PerDimension = perDimension;
        Mode = mode;
        AlignCorners = alignCorners;
        RecomputeScaleFactor = recomputeScaleFactor;
    }

    public string Layer { get; }

    public bool PerDimension { get; }

    public InterpolationMode Mode { get; }

    public bool? AlignCorners { get; }

    public bool? RecomputeScaleFactor { get; }

    public IReadOnlyList<int>? Size => _size;

    public IReadOnlyList<double>? ScaleFactor => _scale;

    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int dims = Math.Max(input.Rank - 2, 1);
        int[]? size = _size is null ? null : PerDimension ? _size : Enumerable.Repeat(_size[0], dims).ToArray();
        double[]? scale = _scale is null ? null : PerDimension ? _scale : Enumerable.Repeat(_scale[0], dims).ToArray();
        return Functional.Interpolate(input, size, scale, Mode, AlignCorners, RecomputeScaleFactor);
    }

    /// <summary>
    /// Output elements × (2·taps − 1): 2<sup>d</sup> taps for the linear modes, 16 for bicubic, the window for area (an
    /// average), 0 for the nearest modes (a copy).
    /// </summary>
    public long Flops(object? input, object? output)
    {
        if (input is not Tensor x || output is not Tensor y || y.Rank < 3) return 0;
        long taps = Mode switch
        {
            InterpolationMode.Linear => 2,
            InterpolationMode.Bilinear => 4,
            InterpolationMode.Trilinear => 8,
            InterpolationMode.Bicubic => 16,
            InterpolationMode.Area => Math.Max(1, x.Shape.ElementCount / Math.Max(1, y.Shape.ElementCount)),
            _ => 0,
        };
        return taps == 0 ? 0 : y.Shape.ElementCount * (2 * taps - 1);
    }

    public string Describe()
    {
        string what = _size is not null
            ? $"size: {(PerDimension ? "[" + string.Join(", ", _size) + "]" : _size[0].ToString(CultureInfo.InvariantCulture))}"
            : string.Create(CultureInfo.InvariantCulture, $"scaleFactor: {(PerDimension ? "[" + string.Join(", ", _scale!) + "]" : _scale![0].ToString(CultureInfo.InvariantCulture))}");
        string text = $"{Layer}({what}, mode: {Mode}";
        if (AlignCorners is bool a) text += $", alignCorners: {(a ? "true" : "false")}";
        if (RecomputeScaleFactor is bool r) text += $", recomputeScaleFactor: {(r ? "true" : "false")}";
        return text + ")";
    }
}
