using DeepNotes.Kernels;

namespace DeepNotes.Data;

/// <summary>
/// Random permutations of 0..n−1 for the data layer, like <c>torch.randperm</c>. The Fisher–Yates core lives in the
/// core's <see cref="RandomSampling"/> (shared with <see cref="Tensor.RandPerm"/>), so both give the same sequence
/// for the same generator state.
/// </summary>
internal static class RandomPermutation
{
    /// <summary>A new uniformly random permutation of 0..<paramref name="n"/>−1 drawn from <paramref name="generator"/>
    /// (or <see cref="Generator.Default"/> under its lock).</summary>
    public static int[] Draw(int n, Generator? generator)
    {
        if (generator is not null) return RandomSampling.Permutation(n, generator);
        lock (Generator.Default) return RandomSampling.Permutation(n, Generator.Default);
    }
}
