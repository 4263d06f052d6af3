using DeepNotes.Data;
using static DeepNotes.Tests.Data.DataTestHelpers;

namespace DeepNotes.Tests.Data;

/// <summary>FashionMnist.Load and its relatives on synthetic IDX files written to a temp folder (the real data may be
/// absent on CI machines).</summary>
public class FashionMnistTests
{
    private static readonly byte[] TrainLabels = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9];
    private static readonly byte[] TestLabels = [9, 2, 1, 1, 6];

    [Theory]
    [InlineData(true, true)]   // the Debian layout: gzip files named .gz
    [InlineData(false, false)] // raw files without .gz
    [InlineData(true, false)]  // gzip content under raw names: recognised by content
    public void Load_ReadsTheFourFiles(bool gzipContent, bool gzName)
    {
        using var folder = new TempFolder();
        byte[] trainPixels = SyntheticPixels(TrainLabels.Length), testPixels = SyntheticPixels(TestLabels.Length);
        WriteSplit(folder.Path, "train", trainPixels, TrainLabels, gzipContent, gzName);
        WriteSplit(folder.Path, "t10k", testPixels, TestLabels, gzipContent, gzName);

        Assert.True(FashionMnist.IsAvailable(folder.Path));
        var (train, test) = FashionMnist.Load(folder.Path);
        Assert.Equal(new Shape(12, 1, 28, 28), train.Inputs.Shape);
        Assert.Equal(DType.Float32, train.Inputs.DType);
        Assert.Equal(new Shape(12), train.Targets.Shape);
        Assert.Equal(DType.Int32, train.Targets.DType);
        Assert.Equal(TrainLabels.Select(b => (int)b), train.Targets.ToArray<int>());
        Assert.Equal(new Shape(5, 1, 28, 28), test.Inputs.Shape);
        Assert.Equal(TestLabels.Select(b => (int)b), test.Targets.ToArray<int>());

        // Pixel byte v becomes v / 255 in float32 (checked on the bytes themselves and on hand values).
        float[] x = train.Inputs.ToArray<float>();
        for (int i = 0; i < x.Length; i++) Assert.Equal(trainPixels[i] / 255f, x[i]);
        Assert.Equal((7 * 4 + 3 * 5) % 256 / 255f, test.Inputs.ToArray<float>()[4 * 784 + 5]);
        // Hand-checked bytes: image 0 pixel 0 is 0, pixel 85 is 255 (3·85), image 1 pixel 16 is 55 (7 + 48).
        Assert.Equal(0f, x[0]);
        Assert.Equal(1f, x[85]);
        Assert.Equal(55 / 255f, x[784 + 16]);
    }

    [Fact]
    public void MissingFiles_IsAvailableFalse_TryLoadFalse_LoadNamesTheFile_LoadOrSubsetFallsBack()
    {
        using var folder = new TempFolder();
        WriteSplit(folder.Path, "train", SyntheticPixels(2), [1, 2], gzipContent: true, gzName: true);
        Assert.False(FashionMnist.IsAvailable(folder.Path));
        Assert.False(FashionMnist.TryLoad(folder.Path, out var train, out var test));
        Assert.Null(train);
        Assert.Null(test);
        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(folder.Path));
        Assert.Contains("t10k-images-idx3-ubyte", ex.Message);
        Assert.Contains("dataset-fashion-mnist", ex.Message);

        var (subsetTrain, subsetTest) = FashionMnist.LoadOrSubset(folder.Path, out bool isFull);
        Assert.False(isFull);
        Assert.Equal(2000, subsetTrain.Count);
        Assert.Equal(500, subsetTest.Count);
    }

    [Fact]
    public void TryLoad_And_LoadOrSubset_UseTheFolderWhenComplete()
    {
        using var folder = new TempFolder();
        WriteSplit(folder.Path, "train", SyntheticPixels(3), [1, 2, 3], gzipContent: true, gzName: true);
        WriteSplit(folder.Path, "t10k", SyntheticPixels(2), [4, 5], gzipContent: false, gzName: false);
        Assert.True(FashionMnist.TryLoad(folder.Path, out var train, out var test));
        Assert.Equal(3, train.Count);
        Assert.Equal(2, test.Count);
        var (t, _) = FashionMnist.LoadOrSubset(folder.Path, out bool isFull);
        Assert.True(isFull);
        Assert.Equal(new[] { 1, 2, 3 }, t.Targets.ToArray<int>());
    }

    [Fact]
    public void InvalidContents_AreRejectedWithTheFileName()
    {
        using var folder = new TempFolder();
        WriteSplit(folder.Path, "t10k", SyntheticPixels(2), [0, 1], gzipContent: true, gzName: true);

        WriteSplit(folder.Path, "train", SyntheticPixels(2), [3, 10], gzipContent: true, gzName: true);
        var ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(folder.Path));
        Assert.Contains("label 1 in", ex.Message);
        Assert.Contains("is 10, expected a class index 0..9", ex.Message);

        WriteSplit(folder.Path, "train", SyntheticPixels(1), [3], gzipContent: true, gzName: true);
        Idx.Write(folder.File("train-images-idx3-ubyte.gz"), new IdxArray(IdxElementType.UByte, [2, 28, 28], SyntheticPixels(2)));
        ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(folder.Path));
        Assert.Contains("holds 2 images but", ex.Message);
        Assert.Contains("holds 1 labels", ex.Message);

        Idx.Write(folder.File("train-images-idx3-ubyte.gz"), new IdxArray(IdxElementType.UByte, [1, 27, 29], new byte[27 * 29]));
        ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(folder.Path));
        Assert.Contains("should hold ubyte images [N, 28, 28], got ubyte [1, 27, 29]", ex.Message);

        File.WriteAllBytes(folder.File("train-images-idx3-ubyte.gz"), [0, 0, 8, 3, 0, 0]);
        ex = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(folder.Path));
        Assert.StartsWith(folder.File("train-images-idx3-ubyte.gz") + ": IDX:", ex.Message);
    }

    [Fact]
    public void ClassNames_AreTheTenFashionMnistClasses()
    {
        Assert.Equal(
            new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" },
            FashionMnist.ClassNames);
        Assert.Equal("/usr/share/datasets/fashion-mnist", FashionMnist.DefaultFolder);
    }
}
