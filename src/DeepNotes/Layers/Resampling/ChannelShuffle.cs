using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Like <c>nn.ChannelShuffle</c>: <c>[N, C, *] -> [N, C, *]</c>; each call is <see cref="Functional.ChannelShuffle"/>. No parameters.
/// </summary>
public sealed class ChannelShuffle : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="groups">The factor (≥ 1).</param>
    /// <exception cref="ArgumentException">A factor below 1.</exception>
    public ChannelShuffle(int groups)
    {
        if (groups < 1) throw new ArgumentException($"ChannelShuffle: groups must be positive, got {groups}.", nameof(groups));
        Groups = groups;
    }

    /// <summary>The factor given at construction.</summary>
    public int Groups { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.ChannelShuffle(input, Groups);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"ChannelShuffle(groups: {Groups})");
}
