using DeepNotes;
using DeepNotes.Serialization;

namespace DeepNotes.Tests.DTypes;

/// <summary>
/// Float16 and BFloat16 as storage-only dtypes: rounding bit for bit as torch 1.13 (reference/half_reference.py),
/// conversions, creation, printing, shape ops, safetensors F16/BF16 read and written bit-exactly (a torch-written
/// fixture), and compute ops refusing them with the advice to convert.
/// </summary>
public class HalfStorageTests
{
    // from reference/half_reference.py
    private static readonly float[] F32 = { 1.0f, 1.00048828125f, 1.00048828125f, 1.00146484375f, 1.0000001192092896f, 65504.0f, 65520.0f, 65519.99609375f, 5.960464477539063e-08f, 2.9802322387695312e-08f, 2.980232594040899e-08f, 1.000000013351432e-10f, -0.0f, float.PositiveInfinity, float.NegativeInfinity, 1.00390625f, 1.01171875f, 1.00390625f, 3.3895313892515355e+38f, 3.4028234663852886e+38f, 0.3333333432674408f, -2.5f, 9.99994610111476e-41f };
    private static readonly ushort[] HalfBits = { 0x3C00, 0x3C00, 0x3C00, 0x3C02, 0x3C00, 0x7BFF, 0x7C00, 0x7BFF, 0x0001, 0x0000, 0x0001, 0x0000, 0x8000, 0x7C00, 0xFC00, 0x3C04, 0x3C0C, 0x3C04, 0x7C00, 0x7C00, 0x3555, 0xC100, 0x0000 };
    private static readonly ushort[] BFloat16Bits = { 0x3F80, 0x3F80, 0x3F80, 0x3F80, 0x3F80, 0x4780, 0x4780, 0x4780, 0x3380, 0x3300, 0x3300, 0x2EDC, 0x8000, 0x7F80, 0xFF80, 0x3F80, 0x3F82, 0x3F80, 0x7F7F, 0x7F80, 0x3EAB, 0xC020, 0x0001 };
    private static readonly double[] F64 = { 1.0004882812509095, 1.00048828125, 0.1, 65519.99999999 };
    private static readonly ushort[] HalfFromDoubleBits = { 0x3C00, 0x3C00, 0x2E66, 0x7C00 };     // torch rounds twice, via float32
    private static readonly ushort[] BFloat16FromDoubleBits = { 0x3F80, 0x3F80, 0x3DCD, 0x4780 };

    private static ushort[] Bits(Tensor t) => t.DType == DType.Float16
        ? t.ToArray<Half>().Select(BitConverter.HalfToUInt16Bits).ToArray()
        : t.ToArray<BFloat16>().Select(b => b.Bits).ToArray();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Serialization", "fixtures", name);

    [Fact]
    public void Rounding_IsBitExactAsTorch()
    {
        Tensor x = Tensor.FromArray(F32);
        Assert.Equal(HalfBits, Bits(x.To(DType.Float16)));
        Assert.Equal(BFloat16Bits, Bits(x.To(DType.BFloat16)));
        Tensor d = Tensor.FromArray(F64);
        Assert.Equal(HalfFromDoubleBits, Bits(d.To(DType.Float16)));
        Assert.Equal(BFloat16FromDoubleBits, Bits(d.To(DType.BFloat16)));
        // NaN: torch gives 0x7E00 (half) and 0xFFFF (bfloat16, vectorised conversion) for a positive NaN
        Tensor nan = Tensor.FromArray(new[] { BitConverter.UInt32BitsToSingle(0x7FC00000) });
        Assert.Equal(new ushort[] { 0x7E00 }, Bits(nan.To(DType.Float16)));
        Assert.Equal(new ushort[] { 0xFFFF }, Bits(nan.To(DType.BFloat16)));
    }

    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void Widening_IsExact_AndEveryDtypeConverts(DType dtype)
    {
        Tensor h = Tensor.FromArray(F32).To(dtype);
        float[] wide = h.To(DType.Float32).ToArray<float>();
        Assert.Equal(wide, h.To(DType.Float32).To(dtype).To(DType.Float32).ToArray<float>()); // round trip is the identity
        Assert.Equal(wide.Select(v => (double)v).ToArray(), h.To(DType.Float64).ToArray<double>());
        var small = Tensor.FromArray(new[] { 2.75f, -3.5f, 0f }).To(dtype);
        Assert.Equal(new[] { 2, -3, 0 }, small.To(DType.Int32).ToArray<int>());
        Assert.Equal(new long[] { 2, -3, 0 }, small.To(DType.Int64).ToArray<long>());
        Assert.Equal(new[] { true, true, false }, small.To(DType.Bool).ToArray<bool>());
        Assert.Equal(new[] { 7f, -1f }, Tensor.FromArray(new[] { 7, -1 }).To(dtype).To(DType.Float32).ToArray<float>());
        Assert.Equal(new[] { 1f, 0f }, Tensor.FromArray(new[] { true, false }).To(dtype).To(DType.Float32).ToArray<float>());
        Assert.Equal(new[] { 2.75f, -3.5f, 0f }, small.To(dtype == DType.Float16 ? DType.BFloat16 : DType.Float16).To(DType.Float32).ToArray<float>());
    }

    [Fact]
    public void Creation_Item_Printing()
    {
        var h = Tensor.FromArray(new[] { (Half)1.5f, (Half)(-0.25f), (Half)65504f });
        Assert.Equal(DType.Float16, h.DType);
        Assert.Equal(2, DType.Float16.ElementSize());
        Assert.True(DType.Float16.IsStorageOnly());
        Assert.False(DType.Float16.IsFloatingPoint());
        Assert.Equal((Half)1.5f, h[0].Item<Half>());
        Assert.Equal(-0.25, h[1].Item());
        // torch: tensor([ 1.5000e+00, -2.5000e-01,  6.5504e+04], dtype=torch.float16)
        Assert.Equal("tensor([ 1.5000e+00, -2.5000e-01,  6.5504e+04], shape=[3], dtype=Float16)", h.ToString());
        var b = Tensor.FromArray(new[] { (BFloat16)1.5f, (BFloat16)(-2f) });
        Assert.Equal(DType.BFloat16, b.DType);
        Assert.Equal(new[] { 1.5f, -2f }, b.ToArray<float>());
        Assert.Equal(new ushort[] { 0x3C00, 0x3C00 }, Bits(Tensor.Full([2], 1.0, DType.Float16)));
        Assert.Equal(new ushort[] { 0, 0 }, Bits(Tensor.Zeros([2], DType.BFloat16)));
        Assert.Equal("1.5", ((BFloat16)1.5f).ToString());
        Assert.Equal((BFloat16)1.5f, BFloat16.FromBits(0x3FC0));
    }

    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void ShapeOps_MoveTheBitsUnchanged(DType dtype)
    {
        Tensor x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, new Shape(2, 3)).To(dtype);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, x.T.Contiguous().To(DType.Float32).ToArray<float>());
        Assert.Equal(new float[] { 6, 5, 4, 3, 2, 1 }, x.Flip(0, 1).To(DType.Float32).ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6 }, Tensor.Cat([x, x]).To(DType.Float32).ToArray<float>());
        Assert.Equal(dtype, Tensor.Stack([x, x]).DType);
        Assert.Equal(new float[] { 4, 5, 6 }, x[1].To(DType.Float32).ToArray<float>());
        Assert.Equal(new float[] { 2, 5 }, x.Narrow(1, 1, 1).Reshape(-1).To(DType.Float32).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 0, 4, 5, 0 }, x.Tril().To(DType.Float32).ToArray<float>());
        Assert.Equal(new float[] { 1, 1, 2, 2 }, x[0].Narrow(0, 0, 2).Contiguous().Repeat(2).Reshape(2, 2).T.Contiguous().Reshape(-1).To(DType.Float32).ToArray<float>());
        Assert.Equal(DType.Float32, Tensor.Cat([x, Tensor.Zeros([1, 3])]).DType); // mixed with Float32: Float32
    }

    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void ComputeOps_Refuse_AdvisingTheConversion(DType dtype)
    {
        Tensor x = Tensor.Ones([2, 2], dtype);
        void Refused(Action a)
        {
            var e = Assert.Throws<NotSupportedException>(a);
            Assert.Contains(dtype.ToString(), e.Message);
            Assert.Contains("To(DType.Float32)", e.Message);
        }
        Refused(() => _ = x + x);
        Refused(() => _ = x * Tensor.Ones([2, 2]));
        Refused(() => _ = x + 1);
        Refused(() => x.Exp());
        Refused(() => x.Sin());
        Refused(() => x.Abs());
        Refused(() => x.Sum());
        Refused(() => x.Max());
        Refused(() => x.MatMul(x));
        Refused(() => x.Greater(0.5));
        Refused(() => x.Sort());
        Refused(() => Tensor.Where(Tensor.Ones([2, 2], DType.Bool), x, x));
        Refused(() => x.Gather(1, Tensor.Zeros([2, 1], DType.Int32)));
        Refused(() => _ = x[Tensor.FromArray(new[] { 0 })]);
        Assert.Throws<InvalidOperationException>(() => x.RequiresGrad = true);
        // converting first works
        Assert.Equal(new[] { 2f, 2f, 2f, 2f }, (x.To(DType.Float32) * 2).ToArray<float>());
    }

    [Fact]
    public void SafeTensors_TorchFile_ReadAndWrittenBitExactly()
    {
        var t = SafeTensors.Load(Fixture("torch_half.safetensors"));
        Assert.Equal(DType.Float16, t["h"].DType);
        Assert.Equal(DType.BFloat16, t["b"].DType);
        Assert.Equal(HalfBits, Bits(t["h"]));
        Assert.Equal(BFloat16Bits, Bits(t["b"]));
        using var stream = new MemoryStream();
        SafeTensors.Save(stream, t);
        Assert.Equal(File.ReadAllBytes(Fixture("torch_half.safetensors")), stream.ToArray());
        // a NaN payload and −0 survive a round trip untouched
        var odd = Tensor.FromArray(new[] { BitConverter.UInt16BitsToHalf(0x7D01), BitConverter.UInt16BitsToHalf(0x8000) });
        using var s2 = new MemoryStream();
        SafeTensors.Save(s2, new Dictionary<string, Tensor> { ["odd"] = odd });
        Assert.Equal(new ushort[] { 0x7D01, 0x8000 }, Bits(SafeTensors.Load(new MemoryStream(s2.ToArray()))["odd"]));
    }

    [Fact]
    public void HalfWeights_LoadIntoAFloat32Module()
    {
        var dense = new DeepNotes.Layers.Dense(2, 1);
        var state = new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.FromArray(new[] { 0.5f, -1.5f }, new Shape(1, 2)).To(DType.Float16),
            ["bias"] = Tensor.FromArray(new[] { 0.25f }).To(DType.BFloat16),
        };
        Assert.True(dense.LoadStateDict(state).IsExactMatch);
        Assert.Equal(DType.Float32, dense.StateDict()["weight"].DType);
        Assert.Equal(new[] { 0.5f, -1.5f }, dense.StateDict()["weight"].ToArray<float>());
        Assert.Equal(new[] { 0.25f }, dense.StateDict()["bias"].ToArray<float>());
    }
}
