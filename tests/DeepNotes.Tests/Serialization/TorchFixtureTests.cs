using DeepNotes.Layers;
using DeepNotes.Serialization;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>
/// Files written by PyTorch (fixtures/make_fixture.py, Debian python3-torch 1.13, format written by hand to the
/// specification) load into the DeepNotes model of the same architecture and give PyTorch's outputs.
/// </summary>
public class TorchFixtureTests
{
    private static string Fixture(string name) => Path.Combine(FixtureDirectory(), name);

    [Fact]
    public void TorchMlp_LoadsStrictly_AndReproducesTorchOutputs()
    {
        var model = new Sequential(new Dense(4, 8), new Relu(), new Dense(8, 3));
        var result = model.Load(Fixture("mlp.safetensors"));
        Assert.True(result.IsExactMatch);

        var io = SafeTensors.Load(Fixture("mlp_io.safetensors"));
        var output = model.Forward(io["input"]);
        var expected = io["output"];
        Assert.Equal(expected.Shape, output.Shape);
        var got = output.ToArray<float>();
        var want = expected.ToArray<float>();
        for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(got[i] - want[i]) <= 1e-6f + 1e-5f * Math.Abs(want[i]), $"element {i}: {got[i]} vs {want[i]}");

        // The first printed value of make_fixture.py's output, independent of the fixture file's own encoding.
        Assert.Equal(0.51144939661026, want[0], 6);
    }

    [Fact]
    public void TorchFile_ReadsMetadataAndTorchNames()
    {
        var content = SafeTensors.Read(Fixture("mlp.safetensors"));
        Assert.Equal("pt", content.Metadata["format"]);
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], content.Tensors.Keys);
        Assert.Equal(new Shape(8, 4), content.Tensors["0.weight"].Shape);
        Assert.Equal(-0.003743410110473633f, content.Tensors["0.weight"].ToArray<float>()[0]);
    }

    [Fact]
    public void DeepNotesWriter_IsByteIdenticalToTheSpecWriter()
    {
        // Writing the same tensors and metadata must give the same bytes as make_fixture.py's writer: same header JSON,
        // same tensor order (by dtype then name), same space padding.
        var original = File.ReadAllBytes(Fixture("mlp.safetensors"));
        var content = SafeTensors.Read(Fixture("mlp.safetensors"));
        Assert.Equal(original, ToBytes(content.Tensors, content.Metadata));

        var io = File.ReadAllBytes(Fixture("mlp_io.safetensors"));
        Assert.Equal(io, ToBytes(SafeTensors.Load(Fixture("mlp_io.safetensors"))));
    }

    [Fact]
    public void SavedModel_HasSpecLayout()
    {
        var model = new Sequential(new Dense(4, 8), new Relu(), new Dense(8, 3));
        var bytes = ToBytes(model.StateDict());
        ulong n = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, n % 8);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]},\"0.weight\":", header);
        Assert.EndsWith("}", header.TrimEnd(' '));
        Assert.InRange(header.Length - header.TrimEnd(' ').Length, 0, 7);
        Assert.Equal(8 + (int)n + 4 * (8 + 32 + 3 + 24), bytes.Length);
        // The first tensor's bytes follow the header directly.
        Assert.Equal(model.StateDict()["0.bias"].ToArray<float>()[0], BitConverter.ToSingle(bytes, 8 + (int)n));
    }

    [Fact]
    public void FloatModel64_LoadsTorchF32WithConversion()
    {
        var model = new Sequential(new Dense(4, 8, dtype: DType.Float64), new Relu(), new Dense(8, 3, dtype: DType.Float64));
        model.Load(Fixture("mlp.safetensors"));
        Assert.Equal(DType.Float64, model.StateDict()["0.weight"].DType);
        Assert.Equal((double)-0.003743410110473633f, model.StateDict()["0.weight"].ToArray<double>()[0]);
    }

    [Fact]
    public void EveryWrittenDType_IsByteIdenticalToTheSpecWriter()
    {
        // fixtures/written.safetensors holds the same values as PyTorch tensors (int64 counter, bool mask, empty, 0-dim).
        var tensors = new Dictionary<string, Tensor>
        {
            ["layer.weight"] = Tensor.FromArray(new[,] { { 0.5f, -1.25f }, { 3.0f, 1e-3f } }),
            ["layer.double"] = Tensor.FromArray(new[] { 0.1, 2.5 }),
            ["bn.num_batches_tracked"] = Tensor.Scalar(42, DType.Int64),
            ["mask"] = Tensor.FromArray(new[] { true, false }),
            ["empty"] = Tensor.Zeros([0, 4]),
            ["scalar"] = Tensor.Scalar(7.0),
        };
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "h\u00e9llo" };
        Assert.Equal(File.ReadAllBytes(Fixture("written.safetensors")), ToBytes(tensors, metadata));
    }
}
