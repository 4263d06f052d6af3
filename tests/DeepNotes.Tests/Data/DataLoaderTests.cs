using DeepNotes.Data;

namespace DeepNotes.Tests.Data;

public class DataLoaderTests
{
    /// <summary>n examples whose input row i is (i, −i) and target i, so a batch tells which examples it holds.</summary>
    private static TensorDataset Numbered(int n)
    {
        var ids = Tensor.Arange(n, DType.Int32);
        var inputs = Tensor.Stack([ids.To(DType.Float32), -ids.To(DType.Float32)], 1);
        return new TensorDataset(inputs, ids);
    }

    private static List<int[]> Epoch(DataLoader loader) => loader.Select(b => b.Target.ToArray<int>()).ToList();

    [Theory]
    [InlineData(10, 3, false, 4, new[] { 3, 3, 3, 1 })]
    [InlineData(10, 3, true, 3, new[] { 3, 3, 3 })]
    [InlineData(9, 3, false, 3, new[] { 3, 3, 3 })]
    [InlineData(9, 3, true, 3, new[] { 3, 3, 3 })]
    [InlineData(5, 8, false, 1, new[] { 5 })]
    [InlineData(5, 8, true, 0, new int[0])]
    [InlineData(0, 4, false, 0, new int[0])]
    [InlineData(7, 1, false, 7, new[] { 1, 1, 1, 1, 1, 1, 1 })]
    public void Count_AndBatchSizes(int n, int batchSize, bool dropLast, int count, int[] sizes)
    {
        foreach (bool shuffle in new[] { false, true })
        {
            var loader = new DataLoader(Numbered(n), batchSize, shuffle, dropLast, new Generator(5));
            Assert.Equal(count, loader.Count);
            var batches = loader.ToList();
            Assert.Equal(sizes, batches.Select(b => b.Size).ToArray());
            Assert.All(batches, b => Assert.Equal(new Shape(b.Size, 2), b.Input.Shape));
            Assert.All(batches, b => Assert.Equal(new Shape(b.Size), b.Target.Shape));
        }
    }

    [Fact]
    public void WithoutShuffle_VisitsExamplesInOrder_AndInputsMatchTargets()
    {
        var batches = new DataLoader(Numbered(10), 4).ToList();
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(b => b.Target.ToArray<int>()));
        foreach (var (x, y) in batches)
        {
            int[] ids = y.ToArray<int>();
            float[] xs = x.ToArray<float>();
            for (int i = 0; i < ids.Length; i++)
            {
                Assert.Equal(ids[i], xs[2 * i]);
                Assert.Equal(-ids[i], xs[2 * i + 1]);
            }
        }
    }

    [Fact]
    public void Shuffle_VisitsEveryExampleExactlyOncePerEpoch()
    {
        var loader = new DataLoader(Numbered(103), 10, shuffle: true, generator: new Generator(9));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            int[] seen = Epoch(loader).SelectMany(b => b).ToArray();
            Assert.Equal(103, seen.Length);
            Assert.Equal(Enumerable.Range(0, 103), seen.Order());
            Assert.NotEqual(Enumerable.Range(0, 103), seen);
        }
        // With dropLast, the 3 examples of the dropped partial batch are the only ones missing, all distinct.
        var dropping = new DataLoader(Numbered(103), 10, shuffle: true, dropLast: true, generator: new Generator(9));
        int[] kept = Epoch(dropping).SelectMany(b => b).ToArray();
        Assert.Equal(100, kept.Length);
        Assert.Equal(100, kept.Distinct().Count());
    }

    [Fact]
    public void Shuffle_ReproducibleForASeed_DifferentAcrossEpochsAndSeeds()
    {
        var a = new DataLoader(Numbered(50), 7, shuffle: true, generator: new Generator(42));
        var b = new DataLoader(Numbered(50), 7, shuffle: true, generator: new Generator(42));
        var c = new DataLoader(Numbered(50), 7, shuffle: true, generator: new Generator(43));
        int[] a1 = Epoch(a).SelectMany(x => x).ToArray(), a2 = Epoch(a).SelectMany(x => x).ToArray();
        int[] b1 = Epoch(b).SelectMany(x => x).ToArray(), b2 = Epoch(b).SelectMany(x => x).ToArray();
        int[] c1 = Epoch(c).SelectMany(x => x).ToArray();
        Assert.Equal(a1, b1);
        Assert.Equal(a2, b2);
        Assert.NotEqual(a1, a2);
        Assert.NotEqual(a1, c1);
    }

    [Fact]
    public void Shuffle_DrawsThePermutationWhenTheEpochStarts()
    {
        var loader = new DataLoader(Numbered(20), 20, shuffle: true, generator: new Generator(1));
        using var first = loader.GetEnumerator();
        using var second = loader.GetEnumerator(); // two epochs started back to back get different orders
        Assert.True(first.MoveNext());
        Assert.True(second.MoveNext());
        Assert.NotEqual(first.Current.Target.ToArray<int>(), second.Current.Target.ToArray<int>());
    }

    [Fact]
    public void Shuffle_WithoutAGenerator_FollowsManualSeed()
    {
        Generator.ManualSeed(1234);
        int[] first = Epoch(new DataLoader(Numbered(30), 30, shuffle: true))[0];
        Generator.ManualSeed(1234);
        int[] second = Epoch(new DataLoader(Numbered(30), 30, shuffle: true))[0];
        Assert.Equal(first, second);
    }

    [Fact]
    public void Shuffle_IsUniformOverPermutations()
    {
        // 6000 shuffles of 3 examples: each of the 6 orders should come up 1000 times. A chi-square statistic above
        // 20.5 (p = 0.001 with 5 degrees of freedom) would show a biased Fisher–Yates (e.g. an off-by-one in j's range).
        var loader = new DataLoader(Numbered(3), 3, shuffle: true, generator: new Generator(2024));
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 6000; i++)
        {
            string key = string.Join(",", Epoch(loader)[0]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(6, counts.Count);
        double chi2 = counts.Values.Sum(c => (c - 1000.0) * (c - 1000.0) / 1000.0);
        Assert.True(chi2 < 20.5, $"chi-square {chi2:F1}: {string.Join(" ", counts)}");
    }

    [Fact]
    public void WorksForAnyDataset_AndForSubsets()
    {
        var computed = new Subset(Numbered(6), [5, 4, 3, 2, 1, 0]);
        var batches = new DataLoader(computed, 4).ToList();
        Assert.Equal(new[] { 5, 4, 3, 2 }, batches[0].Target.ToArray<int>());
        Assert.Equal(new[] { 1, 0 }, batches[1].Target.ToArray<int>());
    }

    [Fact]
    public void BatchSize_MustBePositive()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbered(3), 0));
        Assert.Contains("batchSize must be at least 1, got 0", ex.Message);
    }
}
