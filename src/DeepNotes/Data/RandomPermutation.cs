namespace DeepNotes.Data;

/// <summary>Random permutations of 0..n−1 (Fisher–Yates with the library's <see cref="Generator"/>), like <c>torch.randperm</c>.</summary>
internal static class RandomPermutation
{
    /// <summary>A new uniformly random permutation of 0..<paramref name="n"/>−1 drawn from <paramref name="generator"/>
    /// (or <see cref="Generator.Default"/> under its lock).</summary>
    public static int[] Draw(int n, Generator? generator)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (generator is not null)
        {
            Shuffle(order, generator);
        }
        else
        {
            lock (Generator.Default) Shuffle(order, Generator.Default);
        }
        return order;
    }

    /// <summary>Shuffles <paramref name="values"/> in place: for i from the end, swap with a uniform j in [0, i].</summary>
    public static void Shuffle(Span<int> values, Generator generator)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = generator.NextInt32(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
