using DeepNotes.Serialization;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>
/// fixtures/dtypes.safetensors, written from PyTorch tensors by make_fixture.py: every readable dtype becomes the
/// expected DeepNotes dtype and value. Expected values are the exactly representable inputs of the script (or, for
/// BF16 1/3, the value the script printed: 0.333984375).
/// </summary>
public class DTypeFixtureTests
{
    private static readonly OrderedDictionary<string, Tensor> s_tensors = SafeTensors.Load(Path.Combine(FixtureDirectory(), "dtypes.safetensors"));

    [Fact]
    public void Halves_LoadAsStorageDtypes_WithTheFloat32ValuesTorchHas()
    {
        Assert.Equal(DType.Float16, s_tensors["f16"].DType);   // widened to Float32 before Float16/BFloat16 existed
        Assert.Equal(DType.BFloat16, s_tensors["bf16"].DType);
        Assert.Equal([1.5f, -0.25f, 65504f, MathF.Pow(2, -14), MathF.Pow(2, -24)], s_tensors["f16"].ToArray<float>());
        Assert.Equal([1.5f, -0.25f, 3.00405527047391e+38f, MathF.Pow(2, -126), 0.333984375f], s_tensors["bf16"].ToArray<float>());
    }

    [Fact]
    public void Float64_Exact()
    {
        Assert.Equal(DType.Float64, s_tensors["f64"].DType);
        Assert.Equal([0.1, -1e300, double.Epsilon, 2.0], s_tensors["f64"].ToArray<double>());
    }

    [Fact]
    public void Integers_BecomeInt32_AndI64BecomesInt64()
    {
        Assert.Equal(new Shape(), s_tensors["num_batches_tracked"].Shape);
        Assert.Equal(123456789, s_tensors["num_batches_tracked"].Item<int>());
        Assert.Equal([int.MinValue, int.MaxValue, 0], s_tensors["i64"].ToArray<int>());
        Assert.Equal([-7, 8], s_tensors["i32"].ToArray<int>());
        Assert.Equal([-32768, 32767], s_tensors["i16"].ToArray<int>());
        Assert.Equal([-128, 127], s_tensors["i8"].ToArray<int>());
        Assert.Equal([0, 255], s_tensors["u8"].ToArray<int>());
        Assert.All(new[] { "i32", "i16", "i8", "u8" }, k => Assert.Equal(DType.Int32, s_tensors[k].DType));
        Assert.All(new[] { "i64", "num_batches_tracked" }, k => Assert.Equal(DType.Int64, s_tensors[k].DType));
    }

    [Fact]
    public void BoolAndEmpty()
    {
        Assert.Equal([true, false, true], s_tensors["mask"].ToArray<bool>());
        Assert.Equal(new Shape(2, 0, 3), s_tensors["empty"].Shape);
    }

    [Fact]
    public void FileOrder_IsDataOrder_WhichFollowsTheReferenceWriter()
    {
        // Descending dtype (I64 > F64 > F32 > I32 > BF16 > F16 > I16 > I8 > U8 > BOOL), then name.
        Assert.Equal(["i64", "num_batches_tracked", "f64", "empty", "i32", "bf16", "f16", "i16", "i8", "u8", "mask"], s_tensors.Keys);
    }
}
