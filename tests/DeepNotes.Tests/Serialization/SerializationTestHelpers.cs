using DeepNotes.Layers;

namespace DeepNotes.Tests.Serialization;

/// <summary>A module with BatchNorm-like buffers (Float running stats, an Int32 counter, a non-persistent buffer) and a child.</summary>
internal sealed class BufferedModule : Module<Tensor, Tensor>
{
    public BufferedModule(int features, DType dtype = DType.Float32)
    {
        RegisterParameter("weight", Tensor.Ones([features], dtype));
        RegisterParameter("bias", Tensor.Zeros([features], dtype));
        RegisterBuffer("running_mean", Tensor.Zeros([features], dtype));
        RegisterBuffer("running_var", Tensor.Ones([features], dtype));
        RegisterBuffer("num_batches_tracked", Tensor.Scalar(0, DType.Int64)); // torch.long, as BatchNorm
        RegisterBuffer("scratch", Tensor.Zeros([features], dtype), persistent: false);
        RegisterModule("proj", new Dense(features, 2, dtype: dtype));
    }

    public Tensor Counter => GetBuffer("num_batches_tracked");

    public override Tensor Forward(Tensor input) => input;
}

internal static class SerializationTestHelpers
{
    /// <summary>The fixtures, copied next to the test assembly by the test project (source paths are mapped to /_/ in CI builds).</summary>
    public static string FixtureDirectory() => Path.Combine(AppContext.BaseDirectory, "Serialization", "fixtures");

    public static byte[] ToBytes(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        DeepNotes.Serialization.SafeTensors.Save(stream, tensors, metadata);
        return stream.ToArray();
    }

    public static DeepNotes.Serialization.SafeTensorsContent FromBytes(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return DeepNotes.Serialization.SafeTensors.Read(stream);
    }

    /// <summary>A file made of a header string (unpadded unless given padded) and <paramref name="dataLength"/> zero bytes.</summary>
    public static byte[] Craft(string header, int dataLength, ulong? headerLength = null)
    {
        var h = System.Text.Encoding.UTF8.GetBytes(header);
        return Craft(h, new byte[dataLength], headerLength);
    }

    public static byte[] Craft(byte[] header, byte[] data, ulong? headerLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    public static void AssertSame(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.DType, actual.DType);
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.ElementCount; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.GetRaw(i)), BitConverter.DoubleToInt64Bits(actual.GetRaw(i)));
    }

    /// <summary>Saves <paramref name="source"/> to safetensors, loads the bytes strictly into <paramref name="destination"/>
    /// and checks that every state-dict entry came across bit for bit.</summary>
    public static void AssertRoundTrip(DeepNotes.Layers.Module source, DeepNotes.Layers.Module destination)
    {
        using var stream = new MemoryStream();
        DeepNotes.Serialization.ModuleSerialization.Save(source, stream);
        stream.Position = 0;
        var result = DeepNotes.Serialization.ModuleSerialization.Load(destination, stream);
        Assert.True(result.IsExactMatch);
        var expected = source.StateDict();
        var actual = destination.StateDict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, value) in expected) AssertSame(value, actual[key]);
    }
}
