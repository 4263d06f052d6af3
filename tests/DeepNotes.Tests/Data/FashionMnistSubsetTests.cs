using System.Security.Cryptography;
using DeepNotes.Data;

namespace DeepNotes.Tests.Data;

/// <summary>The subset embedded in the assembly, built by tools/make_fmnist_subset.py from the real files.</summary>
public class FashionMnistSubsetTests
{
    private static byte[] PixelBytes(TensorDataset ds) =>
        ds.Inputs.ToArray<float>().Select(v => (byte)Math.Round(v * 255)).ToArray();

    private static byte[] LabelBytes(TensorDataset ds) => ds.Targets.ToArray<int>().Select(v => (byte)v).ToArray();

    [Fact]
    public void Subset_HasTheDocumentedShapesCountsAndRange()
    {
        var (train, test) = FashionMnist.LoadEmbeddedSubset();
        foreach (var (ds, n, perClass) in new[] { (train, 2000, 200), (test, 500, 50) })
        {
            Assert.Equal(n, ds.Count);
            Assert.Equal(new Shape(n, 1, 28, 28), ds.Inputs.Shape);
            Assert.Equal(DType.Float32, ds.Inputs.DType);
            Assert.Equal(new Shape(n), ds.Targets.Shape);
            Assert.Equal(DType.Int32, ds.Targets.DType);
            Assert.Equal(Enumerable.Repeat(perClass, 10), ds.Targets.ToArray<int>().CountBy(y => y).OrderBy(p => p.Key).Select(p => p.Value));
            float[] x = ds.Inputs.ToArray<float>();
            Assert.Equal(0f, x.Min());
            Assert.Equal(1f, x.Max());
            int notKOver255 = x.Count(v => (float)Math.Round(v * 255) / 255f != v); // every value is k/255 in float32
            Assert.Equal(0, notKOver255);
        }
    }

    /// <summary>SHA-256 digests of the kept raw pixel and label bytes, printed by tools/make_fmnist_subset.py (numpy)
    /// from the real Fashion-MNIST files: the embedded data decodes back to exactly those bytes.</summary>
    [Fact]
    public void Subset_DecodesToTheBytesTheGeneratorSelected()
    {
        var (train, test) = FashionMnist.LoadEmbeddedSubset();
        Assert.Equal("6c59094797e4bc9e7232843d7bf5085c15b67423354dab959246e3e5faa16517", Convert.ToHexStringLower(SHA256.HashData(PixelBytes(train))));
        Assert.Equal("da01741fd7f7b6c457c1145f1c3363c543fd89efe01e31ff93c18850342e776b", Convert.ToHexStringLower(SHA256.HashData(LabelBytes(train))));
        Assert.Equal("8290027af94aca7e3fc849f33dfc396c78f36427f84a8cde695ad92490d3e4f1", Convert.ToHexStringLower(SHA256.HashData(PixelBytes(test))));
        Assert.Equal("5607b0a13ea6dabee23ada2f03082e47bc85231466a1eaa3ec96f7844721945a", Convert.ToHexStringLower(SHA256.HashData(LabelBytes(test))));
    }

    [Fact]
    public void Subset_WorksWithTheDataLoader()
    {
        var (train, _) = FashionMnist.LoadEmbeddedSubset();
        var loader = new DataLoader(train, batchSize: 128, shuffle: true, generator: new Generator(7));
        Assert.Equal(16, loader.Count);
        var sizes = loader.Select(b => (b.Input.Shape, b.Target.Shape)).ToList();
        Assert.Equal((new Shape(128, 1, 28, 28), new Shape(128)), sizes[0]);
        Assert.Equal((new Shape(2000 - 15 * 128, 1, 28, 28), new Shape(80)), sizes[^1]);
    }

    /// <summary>
    /// When the real files are installed (they are on the development machine, maybe not on CI), the subset must be
    /// the first 200 training and 50 test examples of each class in file order. Without them this test checks
    /// nothing more; the same loading code is covered on synthetic files by FashionMnistTests and the subset's
    /// content by the digests above.
    /// </summary>
    [Fact]
    public void Subset_IsTheFirstExamplesPerClassOfTheRealFiles_WhenInstalled()
    {
        if (!FashionMnist.IsAvailable()) return;
        var (fullTrain, fullTest) = FashionMnist.Load();
        Assert.Equal(60000, fullTrain.Count);
        Assert.Equal(10000, fullTest.Count);
        var (train, test) = FashionMnist.LoadEmbeddedSubset();
        foreach (var (full, subset, perClass) in new[] { (fullTrain, train, 200), (fullTest, test, 50) })
        {
            var keep = new List<int>();
            var seen = new int[10];
            int[] labels = full.Targets.ToArray<int>();
            for (int i = 0; i < labels.Length; i++)
                if (seen[labels[i]]++ < perClass) keep.Add(i);
            Batch expected = full.GetBatch(keep.ToArray());
            Assert.Equal(expected.Target.ToArray<int>(), subset.Targets.ToArray<int>());
            Assert.Equal(expected.Input.ToArray<float>(), subset.Inputs.ToArray<float>());
        }
    }
}
