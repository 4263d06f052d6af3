namespace DeepNotes.Tests.Core;

/// <summary>Tests that read or reseed <see cref="Generator.Default"/> run alone, so no other test draws from it meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultGeneratorCollection
{
    public const string Name = "Generator.Default";
}

/// <summary>
/// An independent xoshiro256** with SplitMix64 seeding, written from Blackman &amp; Vigna's published reference C code
/// (prng.di.unimi.it/xoshiro256starstar.c and splitmix64.c), not from DeepNotes' Generator.
/// </summary>
internal sealed class XoshiroReference
{
    private readonly ulong[] _s = new ulong[4];

    public static XoshiroReference FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var r = new XoshiroReference();
        r._s[0] = s0; r._s[1] = s1; r._s[2] = s2; r._s[3] = s3;
        return r;
    }

    /// <summary>Seeds the 256-bit state with four consecutive SplitMix64 outputs, as the authors recommend.</summary>
    public static XoshiroReference FromSeed(ulong seed)
    {
        var sm = new SplitMix64Reference(seed);
        return FromState(sm.Next(), sm.Next(), sm.Next(), sm.Next());
    }

    private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    public ulong Next()
    {
        ulong result = Rotl(_s[1] * 5, 7) * 9;
        ulong t = _s[1] << 17;
        _s[2] ^= _s[0];
        _s[3] ^= _s[1];
        _s[1] ^= _s[2];
        _s[0] ^= _s[3];
        _s[2] ^= t;
        _s[3] = Rotl(_s[3], 45);
        return result;
    }
}

internal sealed class SplitMix64Reference(ulong state)
{
    private ulong _x = state;

    public ulong Next()
    {
        unchecked
        {
            _x += 0x9e3779b97f4a7c15;
            ulong z = _x;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
            z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
            return z ^ (z >> 31);
        }
    }
}

public class GeneratorTests
{
    private const double TwoPow53 = 9007199254740992.0;
    private const float TwoPow24 = 16777216f;

    [Fact]
    public void Reference_SplitMix64_MatchesPublishedVector()
    {
        // splitmix64 seeded with 0: the widely published first outputs.
        var sm = new SplitMix64Reference(0);
        Assert.Equal(0xe220a8397b1dcdafUL, sm.Next());
        Assert.Equal(0x6e789e6aa1b965f4UL, sm.Next());
        Assert.Equal(0x06c45d188009454fUL, sm.Next());
    }

    [Fact]
    public void Reference_Xoshiro_MatchesPublishedVector()
    {
        // State {1, 2, 3, 4}: the test vector used by e.g. the rand_xoshiro crate.
        var r = XoshiroReference.FromState(1, 2, 3, 4);
        ulong[] expected =
        [
            11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600,
            16172922978634559625, 8476171486693032832, 10595114339597558777, 2904607092377533576,
        ];
        foreach (ulong e in expected) Assert.Equal(e, r.Next());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(42UL)]
    [InlineData(Generator.DefaultSeed)]
    [InlineData(ulong.MaxValue)]
    public void NextUInt64_MatchesIndependentReferenceBitForBit(ulong seed)
    {
        var g = new Generator(seed);
        var r = XoshiroReference.FromSeed(seed);
        for (int i = 0; i < 1000; i++) Assert.Equal(r.Next(), g.NextUInt64());
    }

    [Fact]
    public void NextUInt64_Seed42_GoldenValues()
    {
        // Computed with a separate Python implementation of SplitMix64 + xoshiro256**.
        var g = new Generator(42);
        Assert.Equal(0x15780b2e0c2ec716UL, g.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, g.NextUInt64());
        Assert.Equal(0xae17533239e499a1UL, g.NextUInt64());
        Assert.Equal(0xecb8ad4703b360a1UL, g.NextUInt64());
    }

    [Fact]
    public void NextDouble_UsesTheTop53Bits()
    {
        var g = new Generator(123);
        var r = XoshiroReference.FromSeed(123);
        for (int i = 0; i < 1000; i++)
        {
            double expected = (r.Next() >> 11) / TwoPow53;
            double actual = g.NextDouble();
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
            Assert.InRange(actual, 0.0, 1.0 - 1.0 / TwoPow53);
        }
    }

    [Fact]
    public void NextSingle_UsesTheTop24Bits()
    {
        var g = new Generator(321);
        var r = XoshiroReference.FromSeed(321);
        for (int i = 0; i < 1000; i++)
        {
            float expected = (r.Next() >> 40) / TwoPow24;
            float actual = g.NextSingle();
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
            Assert.True(actual < 1f);
        }
    }

    [Fact]
    public void Seed_RestartsTheSequenceAndForgetsTheSpareNormal()
    {
        var g = new Generator(5);
        Assert.Equal(5UL, g.InitialSeed);
        double n0 = g.NextNormal();
        g.NextNormal();
        g.NextNormal(); // leaves a spare normal behind
        g.Seed(5);
        Assert.Equal(n0, g.NextNormal());
        g.Seed(9);
        Assert.Equal(9UL, g.InitialSeed);
        Assert.Equal(XoshiroReference.FromSeed(9).Next(), g.NextUInt64());
    }

    [Fact]
    public void NextNormal_IsBoxMullerOverTheReferenceStream()
    {
        var g = new Generator(77);
        var r = XoshiroReference.FromSeed(77);
        for (int pair = 0; pair < 100; pair++)
        {
            double u1 = 1.0 - (r.Next() >> 11) / TwoPow53;
            double u2 = (r.Next() >> 11) / TwoPow53;
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            Assert.Equal(radius * Math.Cos(2.0 * Math.PI * u2), g.NextNormal());
            Assert.Equal(radius * Math.Sin(2.0 * Math.PI * u2), g.NextNormal());
        }
    }

    [Fact]
    public void NextInt32_StaysInRangeAndRejectsBadBounds()
    {
        var g = new Generator(3);
        for (int i = 0; i < 1000; i++) Assert.InRange(g.NextInt32(-2, 3), -2, 2);
        Assert.Equal(7, g.NextInt32(7, 8));
        // The full int range must not overflow.
        for (int i = 0; i < 100; i++) g.NextInt32(int.MinValue, int.MaxValue);
        var ex = Assert.Throws<ArgumentException>(() => g.NextInt32(4, 4));
        Assert.Contains("low=4", ex.Message);
        Assert.Contains("high=4", ex.Message);
    }

    // ---------------- Golden tensors (values from an independent Python implementation) ----------------

    [Fact]
    public void Rand_Float32_Seed42_Golden()
    {
        int[] k = [1406987, 6358233, 11409235, 15513773, 16639708, 12914085];
        float[] expected = k.Select(v => v / TwoPow24).ToArray();
        float[] actual = Tensor.Rand([6], generator: new Generator(42)).ToArray<float>();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Rand_Float64_Seed42_Golden()
    {
        long[] k = [755370490430936, 3413550631330343, 6125286505004179, 8328893607999084];
        double[] expected = k.Select(v => v / TwoPow53).ToArray();
        double[] actual = Tensor.Rand([2, 2], DType.Float64, new Generator(42)).ToArray<double>();
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void RandInt_Seed42_Golden()
    {
        Assert.Equal(new[] { 2, 2, 9, 3, 6, 4, 4, 7 }, Tensor.RandInt(0, 10, [8], new Generator(42)).ToArray<int>());
        Assert.Equal(new[] { -3, -3, 4, -2, 1, -1, -1, 2 }, Tensor.RandInt(-5, 5, [2, 4], new Generator(42)).ToArray<int>());
    }

    [Fact]
    public void Randn_Seed42_Golden()
    {
        double[] python = [-0.303263064678738, 0.28846173882942383, 1.3438117634372806, -0.6879751798977497];
        double[] actual = Tensor.Randn([4], DType.Float64, new Generator(42)).ToArray<double>();
        for (int i = 0; i < 4; i++) Assert.Equal(python[i], actual[i], 1e-14);
        float[] single = Tensor.Randn([4], DType.Float32, new Generator(42)).ToArray<float>();
        for (int i = 0; i < 4; i++) Assert.Equal((float)actual[i], single[i]);
    }

    [Fact]
    public void SameSeed_GivesBitwiseIdenticalTensorsAcrossInstances()
    {
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            var a = Tensor.Rand([1000], dtype, new Generator(2024)).ToArray<double>();
            var b = Tensor.Rand([1000], dtype, new Generator(2024)).ToArray<double>();
            Assert.Equal(a, b);
            var c = Tensor.Randn([31, 33], dtype, new Generator(2024)).ToArray<double>();
            var d = Tensor.Randn([31, 33], dtype, new Generator(2024)).ToArray<double>();
            Assert.Equal(c, d);
            var e = Tensor.Rand([1000], dtype, new Generator(2025)).ToArray<double>();
            Assert.NotEqual(a, e);
        }
        Assert.Equal(Tensor.RandInt(0, 1000, [500], new Generator(8)).ToArray<int>(),
                     Tensor.RandInt(0, 1000, [500], new Generator(8)).ToArray<int>());
    }

    [Fact]
    public void SuccessiveDrawsContinueTheStream()
    {
        var g = new Generator(11);
        var first = Tensor.Rand([3], DType.Float64, g).ToArray<double>();
        var second = Tensor.Rand([2], DType.Float64, g).ToArray<double>();
        var all = Tensor.Rand([5], DType.Float64, new Generator(11)).ToArray<double>();
        Assert.Equal(all, first.Concat(second));
    }
}

[Collection(DefaultGeneratorCollection.Name)]
public class DefaultGeneratorTests
{
    [Fact]
    public void ManualSeed_ReseedsTheDefaultGenerator()
    {
        try
        {
            Generator.ManualSeed(7);
            Assert.Equal(7UL, Generator.Default.InitialSeed);
            var a = Tensor.Rand([5], DType.Float64).ToArray<double>();
            var n = Tensor.Randn([3], DType.Float64).ToArray<double>();
            var k = Tensor.RandInt(0, 100, [4]).ToArray<int>();
            Generator.ManualSeed(7);
            Assert.Equal(a, Tensor.Rand([5], DType.Float64).ToArray<double>());
            Assert.Equal(n, Tensor.Randn([3], DType.Float64).ToArray<double>());
            Assert.Equal(k, Tensor.RandInt(0, 100, [4]).ToArray<int>());

            var g = new Generator(7);
            Assert.Equal(a, Tensor.Rand([5], DType.Float64, g).ToArray<double>());
        }
        finally
        {
            Generator.ManualSeed(Generator.DefaultSeed);
        }
    }

    [Fact]
    public void DefaultGenerator_UsesTheReferenceStream()
    {
        try
        {
            Generator.ManualSeed(99);
            var r = XoshiroReference.FromSeed(99);
            Assert.Equal(r.Next(), Generator.Default.NextUInt64());
        }
        finally
        {
            Generator.ManualSeed(Generator.DefaultSeed);
        }
    }
}

public class GeneratorStateTests
{
    [Fact]
    public void SetState_continues_the_exact_sequence_including_a_pending_normal()
    {
        var a = new Generator(5);
        a.NextNormal(); // leaves the second value of a Box–Muller pair pending
        byte[] state = a.GetState();
        var expected = new[] { a.NextNormal(), a.NextDouble(), a.NextNormal(), a.NextInt32(0, 1000) };

        var b = new Generator(123);
        b.SetState(state);
        Assert.Equal(expected, new[] { b.NextNormal(), b.NextDouble(), b.NextNormal(), b.NextInt32(0, 1000) });
        Assert.Equal(5UL, b.InitialSeed);
    }

    [Fact]
    public void GetState_is_a_copy()
    {
        var g = new Generator(1);
        byte[] state = g.GetState();
        g.NextUInt64();
        Assert.NotEqual(state, g.GetState());
    }

    [Fact]
    public void Bad_states_are_rejected_and_leave_the_generator_unchanged()
    {
        var g = new Generator(9);
        byte[] before = g.GetState();
        Assert.Contains("50-byte state", Assert.Throws<ArgumentException>(() => g.SetState(new byte[3])).Message);
        var wrongVersion = g.GetState();
        wrongVersion[0] = 7;
        Assert.Contains("version 7", Assert.Throws<ArgumentException>(() => g.SetState(wrongVersion)).Message);
        var zero = new byte[before.Length];
        zero[0] = before[0];
        Assert.Contains("all-zero", Assert.Throws<ArgumentException>(() => g.SetState(zero)).Message);
        Assert.Equal(before, g.GetState());
    }
}
