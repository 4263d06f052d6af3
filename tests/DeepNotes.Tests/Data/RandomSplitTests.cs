using DeepNotes.Data;

namespace DeepNotes.Tests.Data;

public class RandomSplitTests
{
    private static TensorDataset Numbered(int n) => new(Tensor.Arange(n, DType.Float32).Reshape(n, 1), Tensor.Arange(n, DType.Int32));

    [Fact]
    public void Lengths_GiveDisjointSubsetsCoveringTheDataset()
    {
        var parts = Dataset.RandomSplit(Numbered(100), [30, 0, 70], new Generator(3));
        Assert.Equal(new[] { 30, 0, 70 }, parts.Select(p => p.Count));
        int[] all = parts.SelectMany(p => p.Indices).ToArray();
        Assert.Equal(Enumerable.Range(0, 100), all.Order());
        Assert.NotEqual(Enumerable.Range(0, 30), parts[0].Indices.Order()); // shuffled, not a prefix
        // The subsets read through to the dataset: example i of a part is dataset[Indices[i]].
        Assert.Equal(parts[2].Indices[5], parts[2][5].Target.Item<int>());
    }

    [Fact]
    public void SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var a = Dataset.RandomSplit(Numbered(50), [25, 25], new Generator(8));
        var b = Dataset.RandomSplit(Numbered(50), [25, 25], new Generator(8));
        var c = Dataset.RandomSplit(Numbered(50), [25, 25], new Generator(9));
        Assert.Equal(a[0].Indices, b[0].Indices);
        Assert.NotEqual(a[0].Indices, c[0].Indices);
    }

    /// <summary>Sizes from PyTorch's rule (floor of N·fraction, remainder handed out round robin from the first);
    /// hand-computed and confirmed by reference/random_split_lengths.py (PyTorch 1.13.0a0).</summary>
    [Theory]
    [InlineData(10, new[] { 0.33, 0.33, 0.34 }, new[] { 4, 3, 3 })]
    [InlineData(7, new[] { 0.5, 0.5 }, new[] { 4, 3 })]
    [InlineData(25, new[] { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 }, new[] { 3, 3, 3, 3, 3, 2, 2, 2, 2, 2 })]
    [InlineData(60000, new[] { 5.0 / 6, 1.0 / 6 }, new[] { 50000, 10000 })]
    [InlineData(3, new[] { 0.0, 1.0 }, new[] { 0, 3 })]
    public void Fractions_FollowPyTorchsRoundRobinRule(int n, double[] fractions, int[] sizes)
    {
        var parts = Dataset.RandomSplit(Numbered(n), fractions, new Generator(1));
        Assert.Equal(sizes, parts.Select(p => p.Count));
        Assert.Equal(n, parts.SelectMany(p => p.Indices).Distinct().Count());
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var ds = Numbered(10);
        Assert.Contains("sum to 9, but the dataset has 10 examples",
            Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [4, 5])).Message);
        Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [-1, 11]));
        Assert.Contains("expected 1", Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [0.5, 0.6])).Message);
        Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [0.5, 0.4]));
        Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [1.5, -0.5]));
    }
}
