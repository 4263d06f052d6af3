using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Serialization;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>Every module kind and every dtype survives a save and load bit for bit.</summary>
public class RoundTripTests
{
    private static void RoundTrip(Module source, Module destination) => AssertRoundTrip(source, destination);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void DenseWithAndWithoutBias(DType dtype)
    {
        RoundTrip(new Dense(3, 5, dtype: dtype, generator: new Generator(1)), new Dense(3, 5, dtype: dtype, generator: new Generator(2)));
        var a = new Dense(3, 5, bias: false, dtype: dtype, generator: new Generator(1));
        Assert.Equal(["weight"], a.StateDict().Keys);
        RoundTrip(a, new Dense(3, 5, bias: false, dtype: dtype, generator: new Generator(2)));
    }

    [Fact]
    public void PRelu()
    {
        var a = new PRelu(4, 0.1);
        var b = new PRelu(4);
        RoundTrip(a, b);
        Assert.Equal(0.1f, b.StateDict()["weight"].ToArray<float>()[3]);
    }

    [Fact]
    public void NestedSequential()
    {
        Sequential Make(int seed) => new(
            new Dense(4, 6, generator: new Generator((ulong)seed)), new Relu(),
            new Sequential(new Dense(6, 6, generator: new Generator((ulong)seed + 1)), new Tanh(), new PRelu(6)),
            new Dropout(0.5), new Dense(6, 2, bias: false, generator: new Generator((ulong)seed + 2)));
        var a = Make(1);
        Assert.Equal(["0.weight", "0.bias", "2.0.weight", "2.0.bias", "2.2.weight", "4.weight"], a.StateDict().Keys);
        RoundTrip(a, Make(10));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ModuleWithBuffers_IncludingInt32_ExcludingNonPersistent(DType dtype)
    {
        var a = new BufferedModule(3, dtype);
        using (Autograd.NoGrad())
        {
            a.StateDict()["running_mean"].CopyFrom(Tensor.FromArray(new[] { 1.5, -2, 3 }).To(dtype));
            a.Counter.Fill(123456);
        }
        var b = new BufferedModule(3, dtype);
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked", "proj.weight", "proj.bias"], a.StateDict().Keys);
        RoundTrip(a, b);
        Assert.Equal(123456, b.Counter.Item<int>());

        // The Int64 counter is written as I64, as PyTorch stores num_batches_tracked.
        var header = System.Text.Encoding.UTF8.GetString(ToBytes(a.StateDict()));
        Assert.Contains("\"num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[]", header);
    }

    [Fact]
    public void LossWithWeightBuffer()
    {
        var a = new CrossEntropyLoss(Tensor.FromArray(new[] { 0.5f, 2f, 1f }));
        var b = new CrossEntropyLoss(Tensor.Ones([3]));
        RoundTrip(a, b);
        Assert.Equal([0.5f, 2f, 1f], b.Weight!.ToArray<float>());
    }

    [Fact]
    public void Load_KeepsTensorIdentityAndRequiresGrad()
    {
        var a = new Dense(2, 2, generator: new Generator(1));
        var b = new Dense(2, 2, generator: new Generator(2));
        var before = b.Parameters().ToList();
        RoundTrip(a, b);
        Assert.Equal(before, b.Parameters().ToList());
        Assert.All(b.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void SaveAndLoadFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            var a = new Dense(3, 2, generator: new Generator(3));
            a.Save(path, new Dictionary<string, string> { ["note"] = "hi" });
            var b = new Dense(3, 2, generator: new Generator(4));
            b.Load(path);
            AssertSame(a.StateDict()["weight"], b.StateDict()["weight"]);
            Assert.Equal("hi", SafeTensors.Read(path).Metadata["note"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Randomized_NamesShapesDTypes()
    {
        var gen = new Generator(2024);
        for (int round = 0; round < 40; round++)
        {
            var tensors = new Dictionary<string, Tensor>();
            int count = gen.NextInt32(0, 8);
            for (int k = 0; k < count; k++)
            {
                string name = RandomName(gen);
                if (name == "__metadata__" || tensors.ContainsKey(name)) continue;
                int rank = gen.NextInt32(0, 4);
                var dims = new int[rank];
                for (int d = 0; d < rank; d++) dims[d] = gen.NextInt32(0, 5);
                var dtype = (DType)gen.NextInt32(0, 4);
                var t = new Tensor(new Shape(dims), dtype);
                for (int i = 0; i < t.ElementCount; i++)
                    t.SetRaw(i, dtype switch
                    {
                        DType.Int32 => gen.NextInt32(int.MinValue, int.MaxValue),
                        DType.Bool => gen.NextInt32(0, 2),
                        _ => gen.NextNormal() * Math.Pow(10, gen.NextInt32(-30, 30)),
                    });
                // Sometimes a non-contiguous view: the writer must write logical order.
                if (rank == 2 && gen.NextInt32(0, 2) == 1) t = t.Transpose(0, 1);
                tensors[name] = t;
            }
            var metadata = new Dictionary<string, string>();
            for (int k = gen.NextInt32(0, 3); k > 0; k--) metadata[RandomName(gen)] = RandomName(gen);

            var bytes = ToBytes(tensors, metadata);
            var back = FromBytes(bytes);
            Assert.Equal(tensors.Count, back.Tensors.Count);
            foreach (var (name, t) in tensors) AssertSame(t, back.Tensors[name]);
            Assert.Equal(metadata.Count, back.Metadata.Count);
            foreach (var (k, v) in metadata) Assert.Equal(v, back.Metadata[k]);
            // Writing what was read gives the same bytes (order and layout are canonical).
            Assert.Equal(bytes, ToBytes(back.Tensors, back.Metadata.Count == 0 ? null : back.Metadata));
        }
    }

    private static string RandomName(Generator gen)
    {
        const string alphabet = "abcXYZ019._-\"\\/ éλ中🙂";
        var chars = new System.Text.StringBuilder();
        int length = gen.NextInt32(0, 10);
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var list = new List<string>();
        while (elements.MoveNext()) list.Add(elements.GetTextElement());
        for (int i = 0; i < length; i++) chars.Append(list[gen.NextInt32(0, list.Count)]);
        return chars.ToString();
    }
}
