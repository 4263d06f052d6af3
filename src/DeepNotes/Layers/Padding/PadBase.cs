using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// What the padding layers share (PyTorch's <c>_ConstantPadNd</c>, <c>_ReflectionPadNd</c>, <c>_ReplicationPadNd</c>,
/// <c>_CircularPadNd</c>): a fixed <see cref="Functional.Pad"/> of the last 1, 2 or 3 dimensions with per-side amounts in
/// PyTorch's order — (left, right) for the last dimension, then (top, bottom), then (front, back) — and a
/// <see cref="PaddingMode"/>. No parameters; <see cref="Module.EstimateForwardFlops"/> is 0 (a copy).
/// </summary>
public abstract class PadBase : Module<Tensor, Tensor>
{
    private readonly int[] _padding;
    private readonly int _spatialRank;

    /// <summary>Creates the layer.</summary>
    /// <param name="spatialRank">The padded trailing dimensions: 1, 2 or 3.</param>
    /// <param name="padding">2 × <paramref name="spatialRank"/> amounts, last dimension first (negative crops where the mode allows it).</param>
    /// <param name="mode">How the border is filled.</param>
    /// <param name="value">The fill value of <see cref="PaddingMode.Constant"/>.</param>
    /// <exception cref="ArgumentException">The number of amounts is not 2 × <paramref name="spatialRank"/>.</exception>
    protected PadBase(int spatialRank, int[] padding, PaddingMode mode, double value)
    {
        ArgumentNullException.ThrowIfNull(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(spatialRank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spatialRank, 3);
        if (padding.Length != 2 * spatialRank)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{GetType().Name}: padding needs {2 * spatialRank} amounts, got {padding.Length}."), nameof(padding));
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{GetType().Name}: unknown padding mode.");
        _spatialRank = spatialRank;
        _padding = (int[])padding.Clone();
        Mode = mode;
        Value = value;
    }

    /// <summary>The amounts per side, last dimension first: (left, right[, top, bottom[, front, back]]), PyTorch's <c>padding</c>.</summary>
    public IReadOnlyList<int> Padding => _padding;

    /// <summary>How the border is filled.</summary>
    public PaddingMode Mode { get; }

    /// <summary>The fill value (constant mode; 0 otherwise).</summary>
    public double Value { get; }

    /// <summary>
    /// Pads the last <c>spatialRank</c> dimensions. Constant padding accepts any input with at least that many dimensions
    /// (as <c>F.pad</c>); reflect, replicate and circular take <c>[N, C, *spatial]</c> or <c>[C, *spatial]</c>, as PyTorch's layers.
    /// </summary>
    /// <exception cref="ArgumentException">The input's rank does not fit, or the padding does not fit its sizes (see <see cref="Functional.Pad"/>).</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Mode == PaddingMode.Constant ? input.Rank < _spatialRank : input.Rank != _spatialRank + 1 && input.Rank != _spatialRank + 2)
        {
            string spatial = _spatialRank switch { 1 => "L", 2 => "H, W", _ => "D, H, W" };
            string expected = Mode == PaddingMode.Constant ? $"at least {_spatialRank} dimensions ([*, {spatial}])" : $"[N, C, {spatial}] or [C, {spatial}]";
            throw new ArgumentException($"{Describe()} expects input {expected}, got {input.Shape}.", nameof(input));
        }
        return Functional.Pad(input, _padding, Mode, Value);
    }

    /// <summary>The layer, its amounts and (constant mode) value, e.g. <c>ReflectionPad2D(padding: (1, 1, 2, 0))</c>.</summary>
    public override string Describe()
    {
        string text = $"{GetType().Name}(padding: ({string.Join(", ", _padding)})";
        if (GetType().Name.StartsWith("ConstantPad", StringComparison.Ordinal)) text += string.Create(CultureInfo.InvariantCulture, $", value: {Value}");
        return text + ")";
    }
}
