using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;

namespace DeepNotes.Data;

/// <summary>
/// The Fashion-MNIST dataset (Zalando, MIT licence): 28×28 grey-scale images of clothing in 10 classes
/// (<see cref="ClassNames"/>), 60,000 for training and 10,000 for testing, read from the four IDX files of the Debian
/// package <c>dataset-fashion-mnist</c> (<see cref="DefaultFolder"/>), plus a small class-balanced subset shipped
/// inside this assembly (<see cref="LoadEmbeddedSubset"/>) so that examples run with no download.
/// </summary>
/// <remarks>
/// Every loader returns <see cref="TensorDataset"/>s with inputs Float32 <c>[N, 1, 28, 28]</c> (NCHW, one channel),
/// the pixel bytes divided by 255 so that values lie in [0, 1] (like torchvision's <c>ToTensor()</c>; no
/// normalisation by mean and standard deviation), and targets Int32 <c>[N]</c> holding the class index 0..9.
/// </remarks>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The image height and width, 28.</summary>
    public const int ImageSize = 28;

    /// <summary>The number of classes, 10.</summary>
    public const int ClassCount = 10;

    /// <summary>The class names by class index: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new ReadOnlyCollection<string>(
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);

    private static readonly string[] Stems =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private const string ResourcePrefix = "DeepNotes.Data.Resources.fashion-mnist-subset-";

    /// <summary>
    /// True when <paramref name="folder"/> holds the four files, each named as in the original distribution
    /// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
    /// <c>t10k-labels-idx1-ubyte</c>) with or without the <c>.gz</c> suffix. Does not read them.
    /// </summary>
    /// <param name="folder">The folder; null means <see cref="DefaultFolder"/>.</param>
    public static bool IsAvailable(string? folder = null) => FindFiles(folder ?? DefaultFolder, out _) is null;

    /// <summary>
    /// Loads the full dataset from <paramref name="folder"/>: train 60,000 and test 10,000 examples, inputs Float32
    /// <c>[N, 1, 28, 28]</c> in [0, 1], targets Int32 <c>[N]</c> in 0..9 (for the real files; any N is accepted).
    /// Each file may be gzip-compressed or raw (recognised by content) and named with or without <c>.gz</c>.
    /// </summary>
    /// <param name="folder">The folder holding the four IDX files; null means <see cref="DefaultFolder"/>.</param>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it and how to install the data).</exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX, or does not hold Fashion-MNIST-shaped images and labels.</exception>
    public static (TensorDataset Train, TensorDataset Test) Load(string? folder = null)
    {
        folder ??= DefaultFolder;
        string? missing = FindFiles(folder, out string[] paths);
        if (missing is not null)
            throw new FileNotFoundException(
                $"Fashion-MNIST: {missing} (or {missing}.gz) not found in {folder}. Install the Debian package dataset-fashion-mnist, " +
                "download the four IDX files from https://github.com/zalandoresearch/fashion-mnist, or use FashionMnist.LoadEmbeddedSubset().",
                Path.Combine(folder, missing));
        return (LoadSplit(Idx.Read(paths[0]), Idx.Read(paths[1]), paths[0], paths[1]),
                LoadSplit(Idx.Read(paths[2]), Idx.Read(paths[3]), paths[2], paths[3]));
    }

    /// <summary>
    /// Loads the full dataset like <see cref="Load"/> when all four files are in <paramref name="folder"/>; returns
    /// false (and nulls) when any is missing. Files that exist but are invalid still throw.
    /// </summary>
    /// <param name="folder">The folder; null means <see cref="DefaultFolder"/>.</param>
    /// <param name="train">The 60,000 training examples, when found.</param>
    /// <param name="test">The 10,000 test examples, when found.</param>
    /// <exception cref="InvalidDataException">A file is present but invalid.</exception>
    public static bool TryLoad(string? folder, [NotNullWhen(true)] out TensorDataset? train, [NotNullWhen(true)] out TensorDataset? test)
    {
        train = test = null;
        if (!IsAvailable(folder)) return false;
        (train, test) = Load(folder);
        return true;
    }

    /// <summary>
    /// The subset embedded in this assembly: for each class, the first 200 training and the first 50 test examples
    /// of the real files, in file order, so train holds 2,000 and test 500 examples (inputs Float32
    /// <c>[N, 1, 28, 28]</c> in [0, 1], targets Int32 <c>[N]</c>). Built by <c>tools/make_fmnist_subset.py</c>.
    /// Each call decodes fresh tensors (about 10 ms).
    /// </summary>
    public static (TensorDataset Train, TensorDataset Test) LoadEmbeddedSubset() =>
        (LoadEmbeddedSplit("train"), LoadEmbeddedSplit("test"));

    /// <summary>
    /// The full dataset from <paramref name="folder"/> when its files are there (<paramref name="isFull"/> true),
    /// else the embedded subset (<paramref name="isFull"/> false; see <see cref="LoadEmbeddedSubset"/>).
    /// </summary>
    /// <param name="folder">The folder; null means <see cref="DefaultFolder"/>.</param>
    /// <param name="isFull">True when the full dataset was loaded, false for the embedded subset.</param>
    /// <exception cref="InvalidDataException">The files are present but invalid.</exception>
    public static (TensorDataset Train, TensorDataset Test) LoadOrSubset(string? folder, out bool isFull)
    {
        isFull = TryLoad(folder, out var train, out var test);
        return isFull ? (train!, test!) : LoadEmbeddedSubset();
    }

    /// <summary>
    /// The full dataset from <see cref="DefaultFolder"/> when installed (<paramref name="isFull"/> true), else the
    /// embedded subset (<paramref name="isFull"/> false).
    /// </summary>
    /// <param name="isFull">True when the full dataset was loaded, false for the embedded subset.</param>
    /// <exception cref="InvalidDataException">The files are present but invalid.</exception>
    public static (TensorDataset Train, TensorDataset Test) LoadOrSubset(out bool isFull) => LoadOrSubset(null, out isFull);

    /// <summary>Finds the four files (gzip name first); returns the stem of the first missing file, or null.</summary>
    private static string? FindFiles(string folder, out string[] paths)
    {
        paths = new string[Stems.Length];
        for (int i = 0; i < Stems.Length; i++)
        {
            string gz = Path.Combine(folder, Stems[i] + ".gz");
            string raw = Path.Combine(folder, Stems[i]);
            if (File.Exists(gz)) paths[i] = gz;
            else if (File.Exists(raw)) paths[i] = raw;
            else return Stems[i];
        }
        return null;
    }

    private static TensorDataset LoadEmbeddedSplit(string split)
    {
        var assembly = typeof(FashionMnist).Assembly;
        string imagesName = $"{ResourcePrefix}{split}-images-idx3-ubyte.gz";
        string labelsName = $"{ResourcePrefix}{split}-labels-idx1-ubyte.gz";
        using Stream images = assembly.GetManifestResourceStream(imagesName)
            ?? throw new InvalidOperationException($"Fashion-MNIST: embedded resource {imagesName} is missing from {assembly.GetName().Name}.");
        using Stream labels = assembly.GetManifestResourceStream(labelsName)
            ?? throw new InvalidOperationException($"Fashion-MNIST: embedded resource {labelsName} is missing from {assembly.GetName().Name}.");
        return LoadSplit(Idx.Read(images), Idx.Read(labels), imagesName, labelsName);
    }

    /// <summary>Checks ubyte images [N, 28, 28] and ubyte labels [N] in 0..9, and converts them to tensors.</summary>
    internal static TensorDataset LoadSplit(IdxArray images, IdxArray labels, string imagesSource, string labelsSource)
    {
        if (images.ElementType != IdxElementType.UByte || images.Shape.Rank != 3 || images.Shape[1] != ImageSize || images.Shape[2] != ImageSize)
            throw new InvalidDataException(
                $"Fashion-MNIST: {imagesSource} should hold ubyte images [N, 28, 28], got {images.ElementType.Name()} {images.Shape}.");
        if (labels.ElementType != IdxElementType.UByte || labels.Shape.Rank != 1)
            throw new InvalidDataException(
                $"Fashion-MNIST: {labelsSource} should hold ubyte labels [N], got {labels.ElementType.Name()} {labels.Shape}.");
        int n = images.Shape[0];
        if (labels.Shape[0] != n)
            throw new InvalidDataException(
                $"Fashion-MNIST: {imagesSource} holds {n} images but {labelsSource} holds {labels.Shape[0]} labels.");
        var labelBytes = (byte[])labels.Data;
        for (int i = 0; i < labelBytes.Length; i++)
        {
            if (labelBytes[i] >= ClassCount)
                throw new InvalidDataException($"Fashion-MNIST: label {i} in {labelsSource} is {labelBytes[i]}, expected a class index 0..9.");
        }

        var pixels = new Tensor([n, 1, ImageSize, ImageSize], DType.Float32);
        Span<float> x = pixels.Span<float>();
        TensorPrimitives.ConvertTruncating<byte, float>((byte[])images.Data, x); // exact: integers 0..255
        TensorPrimitives.Divide(x, 255f, x);                                    // correctly rounded, as torch's div(255)
        return new TensorDataset(pixels, labels.ToTensor(DType.Int32));
    }
}
