namespace DeepNotes.Data;

/// <summary>
/// Where a <see cref="DataLoader"/> stands in its current epoch, for resuming training exactly mid-epoch: the order of
/// the examples the epoch visits and the index of the next batch to serve. Saved in checkpoints
/// (<see cref="Serialization.Checkpoint"/>) and given back to <see cref="DataLoader.SetState"/>.
/// </summary>
/// <param name="Order">The example indices of the current epoch in visiting order (a permutation of 0..N−1; the identity
/// without shuffling), or null between epochs (no epoch started, or the last one finished).</param>
/// <param name="NextBatch">The index of the next batch the epoch serves: the number of batches already served
/// (0 between epochs).</param>
public sealed record DataLoaderState(IReadOnlyList<int>? Order, int NextBatch)
{
    /// <summary>The state between epochs: the next enumeration starts a new epoch.</summary>
    public static DataLoaderState BetweenEpochs { get; } = new(null, 0);

    /// <summary>True between epochs (<see cref="Order"/> is null).</summary>
    public bool IsBetweenEpochs => Order is null;
}
