using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Serialization;

namespace DeepNotes.Tests.DTypes;

/// <summary>
/// Int64 in safetensors: I64 read as Int64 and written as I64 bit for bit, Int32 as I32, a file written by torch
/// (Serialization/fixtures/torch_int64.safetensors, from reference/int64_reference.py) read exactly, BatchNorm's
/// <c>num_batches_tracked</c> held as Int64 and older files holding it as I32/I64 still loading.
/// </summary>
public class Int64SerializationTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Serialization", "fixtures", name);

    private static byte[] Bytes(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var stream = new MemoryStream();
        SafeTensors.Save(stream, tensors);
        return stream.ToArray();
    }

    private static OrderedDictionary<string, Tensor> Load(byte[] bytes) => SafeTensors.Load(new MemoryStream(bytes));

    [Fact]
    public void TorchFile_LoadsExactly()
    {
        var t = SafeTensors.Load(Fixture("torch_int64.safetensors"));
        Assert.Equal(DType.Int64, t["big"].DType);
        Assert.Equal(new Shape(2, 2), t["big"].Shape);
        Assert.Equal(new[] { 9007199254740993L, long.MinValue, long.MaxValue, 1L << 40 }, t["big"].ToArray<long>());
        Assert.Equal(3000000000L, t["bn.num_batches_tracked"].Item<long>());
        Assert.Equal(DType.Int32, t["ids32"].DType);
        Assert.Equal(new[] { -5, 6 }, t["ids32"].ToArray<int>());
        // Int64 labels straight from the file index a loss
        var logits = Tensor.FromArray(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }, new Shape(3, 3));
        Assert.Equal(Functional.CrossEntropy(logits, Tensor.FromArray(new[] { 2, 0, 1 })).Item(), Functional.CrossEntropy(logits, t["labels"]).Item());
    }

    [Fact]
    public void TorchFile_IsReproducedByteForByte()
    {
        var t = SafeTensors.Load(Fixture("torch_int64.safetensors"));
        Assert.Equal(File.ReadAllBytes(Fixture("torch_int64.safetensors")), Bytes(t));
    }

    [Fact]
    public void EveryDtype_RoundTrips_WithItsDtype()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["l"] = Tensor.FromArray(new[] { long.MinValue, -1, 0, 9007199254740993L, long.MaxValue }),
            ["i"] = Tensor.FromArray(new[] { int.MinValue, 7, int.MaxValue }),
            ["f"] = Tensor.FromArray(new[] { 1.5f }),
            ["d"] = Tensor.FromArray(new[] { 0.1 }),
            ["b"] = Tensor.FromArray(new[] { true, false }),
            ["sliced"] = Tensor.FromArray(new long[] { 1, 2, 3, 4, 5, 6 }, new Shape(2, 3)).Transpose(0, 1),
        };
        var back = Load(Bytes(tensors));
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.DType, back[name].DType);
            Assert.Equal(t.Shape, back[name].Shape);
        }
        Assert.Equal(tensors["l"].ToArray<long>(), back["l"].ToArray<long>());
        Assert.Equal(tensors["i"].ToArray<int>(), back["i"].ToArray<int>());
        Assert.Equal(new long[] { 1, 4, 2, 5, 3, 6 }, back["sliced"].ToArray<long>());
        string header = System.Text.Encoding.UTF8.GetString(Bytes(tensors));
        Assert.Contains("\"l\":{\"dtype\":\"I64\"", header);
        Assert.Contains("\"i\":{\"dtype\":\"I32\"", header);
    }

    [Fact]
    public void BatchNorm_CountsInInt64_AndLoadsOldI32AndI64Files()
    {
        var bn = new BatchNorm2D(2);
        Assert.Equal(DType.Int64, bn.NumBatchesTracked!.DType);
        bn.Call(Tensor.Randn([3, 2, 2, 2], generator: new Generator(1)));
        Assert.Equal(1L, bn.NumBatchesTracked.Item<long>());
        string header = System.Text.Encoding.UTF8.GetString(Bytes(bn.StateDict()));
        Assert.Contains("\"num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[]", header);

        foreach (DType old in new[] { DType.Int32, DType.Int64 })
        {
            var state = new Dictionary<string, Tensor>(bn.StateDict()) { ["num_batches_tracked"] = Tensor.Scalar(41, old) };
            var loaded = new BatchNorm2D(2);
            Assert.True(loaded.LoadStateDict(Load(Bytes(state))).IsExactMatch);
            Assert.Equal(DType.Int64, loaded.NumBatchesTracked!.DType);
            Assert.Equal(41L, loaded.NumBatchesTracked.Item<long>());
        }
        // a count beyond Int32, as a long-running torch job may save
        var big = new Dictionary<string, Tensor>(bn.StateDict()) { ["num_batches_tracked"] = SafeTensors.Load(Fixture("torch_int64.safetensors"))["bn.num_batches_tracked"] };
        var b2 = new BatchNorm2D(2);
        b2.LoadStateDict(big);
        b2.Call(Tensor.Randn([3, 2, 2, 2], generator: new Generator(1)));
        Assert.Equal(3000000001L, b2.NumBatchesTracked!.Item<long>());
    }
}
