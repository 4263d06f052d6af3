using System.IO.Compression;
using DeepNotes.Data;

namespace DeepNotes.Tests.Data;

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "deepnotes-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}


internal static class DataTestHelpers
{
    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return output.ToArray();
    }

    /// <summary>An IDX header built byte by byte: 00 00 code rank, then big-endian dims.</summary>
    public static byte[] Header(byte code, params int[] dims)
    {
        var bytes = new List<byte> { 0, 0, code, (byte)dims.Length };
        foreach (int d in dims)
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        return bytes.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Writes synthetic Fashion-MNIST-shaped IDX files (ubyte images [n, 28, 28], labels [n]) into a folder.</summary>
    public static void WriteSplit(string folder, string prefix, byte[] pixels, byte[] labels, bool gzipContent, bool gzName)
    {
        string suffix = gzName ? ".gz" : "";
        Idx.Write(System.IO.Path.Combine(folder, $"{prefix}-images-idx3-ubyte{suffix}"),
            new IdxArray(IdxElementType.UByte, [labels.Length, 28, 28], pixels), gzipContent);
        Idx.Write(System.IO.Path.Combine(folder, $"{prefix}-labels-idx1-ubyte{suffix}"),
            new IdxArray(IdxElementType.UByte, [labels.Length], labels), gzipContent);
    }

    /// <summary>Deterministic synthetic pixels: pixel p of image i is (7·i + 3·p) mod 256.</summary>
    public static byte[] SyntheticPixels(int n)
    {
        var pixels = new byte[n * 784];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < 784; p++)
                pixels[i * 784 + p] = (byte)((7 * i + 3 * p) % 256);
        return pixels;
    }
}
