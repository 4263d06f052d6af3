namespace DeepNotes;

/// <summary>
/// The library's own seedable random number generator (xoshiro256** seeded through SplitMix64), so that the same
/// seed gives bitwise-identical tensors on every machine and .NET version (<see cref="System.Random"/>'s algorithm
/// may change between releases). Like <c>torch.Generator</c>: pass one to the creation functions, or use
/// <see cref="Default"/>, which <see cref="ManualSeed"/> reseeds.
/// </summary>
/// <remarks>Instances are not thread-safe; <see cref="Default"/> is guarded by a lock inside the creation functions.</remarks>
public sealed class Generator
{
    /// <summary>The seed of <see cref="Default"/> when a program never calls <see cref="ManualSeed"/> (fixed, so runs repeat).</summary>
    public const ulong DefaultSeed = 67280421310721;

    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed = DefaultSeed) => Seed(seed);

    /// <summary>The library-wide default generator used when no generator is passed.</summary>
    public static Generator Default { get; } = new();

    /// <summary>Reseeds <see cref="Default"/>, like <c>torch.manual_seed</c>.</summary>
    public static void ManualSeed(ulong seed)
    {
        lock (Default) Default.Seed(seed);
    }

    /// <summary>The seed this generator was last seeded with.</summary>
    public ulong InitialSeed { get; private set; }

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public void Seed(ulong seed)
    {
        InitialSeed = seed;
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        _spareNormal = null;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 raw bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A standard normal sample (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: log never sees 0
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double theta = 2.0 * Math.PI * u2;
        _spareNormal = r * Math.Sin(theta);
        return r * Math.Cos(theta);
    }

    /// <summary>The pending second value of the last Box–Muller pair, if any, removed (for the block sampler).</summary>
    internal double? TakeSpareNormal()
    {
        double? spare = _spareNormal;
        _spareNormal = null;
        return spare;
    }

    /// <summary>A uniform integer in [<paramref name="low"/>, <paramref name="high"/>), without modulo bias.</summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not greater than <paramref name="low"/>.</exception>
    public int NextInt32(int low, int high)
    {
        if (high <= low)
            throw new ArgumentException($"NextInt32 expects low < high, got low={low}, high={high}.");
        ulong range = (ulong)((long)high - low);
        ulong limit = ulong.MaxValue - ulong.MaxValue % range; // reject the incomplete last block
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)((long)low + (long)(r % range));
    }

    private const byte StateVersion = 1;
    private const int StateLength = 1 + 8 + 32 + 1 + 8;

    /// <summary>
    /// The generator's full state as opaque bytes (like <c>torch.Generator.get_state</c>): the seed, the xoshiro state
    /// and the pending normal sample. <see cref="SetState"/> on any generator continues the exact same sequence.
    /// </summary>
    public byte[] GetState()
    {
        var state = new byte[StateLength];
        var span = state.AsSpan();
        span[0] = StateVersion;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(span[1..], InitialSeed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(span[9..], _s0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(span[17..], _s1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(span[25..], _s2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(span[33..], _s3);
        span[41] = _spareNormal.HasValue ? (byte)1 : (byte)0;
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[42..], _spareNormal ?? 0);
        return state;
    }

    /// <summary>Restores a state returned by <see cref="GetState"/> (like <c>torch.Generator.set_state</c>).</summary>
    /// <exception cref="ArgumentException">The bytes are not a state of this generator type.</exception>
    public void SetState(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Length != StateLength || state[0] != StateVersion)
            throw new ArgumentException(
                $"Generator.SetState expects a {StateLength}-byte state of version {StateVersion}, got {state.Length} bytes{(state.Length > 0 ? $" of version {state[0]}" : "")}.",
                nameof(state));
        var span = state.AsSpan();
        ulong s0 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[9..]);
        ulong s1 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[17..]);
        ulong s2 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[25..]);
        ulong s3 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[33..]);
        if ((s0 | s1 | s2 | s3) == 0)
            throw new ArgumentException("Generator.SetState: an all-zero xoshiro state would only ever produce zeros.", nameof(state));
        if (span[41] > 1)
            throw new ArgumentException($"Generator.SetState: the pending-normal flag must be 0 or 1, got {span[41]}.", nameof(state));
        InitialSeed = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span[1..]);
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        _spareNormal = span[41] == 1 ? System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(span[42..]) : null;
    }
}
