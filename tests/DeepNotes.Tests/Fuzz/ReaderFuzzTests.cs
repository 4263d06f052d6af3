using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Serialization;
using Xunit.Abstractions;

namespace DeepNotes.Tests.Fuzz;

/// <summary>
/// Property tests over mutated files, with a fixed seed and a time budget per reader: every reader throws only its
/// documented exception types, allocates in proportion to its input, and agrees with an independent minimal reader on
/// every input it accepts.
/// </summary>
public class ReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(2);
    private const int MaxCases = 20_000;

    // ------------------------------------------------------------------ mutation


    private static readonly byte[] s_interesting = [0, 1, 0x7F, 0x80, 0xFF, (byte)'[', (byte)']', (byte)'{', (byte)'}', (byte)'"', (byte)',', (byte)':', (byte)'-', (byte)'9', (byte)'0', (byte)'e', 0x1F, 0x8B];
    private static readonly string[] s_numbers = ["0", "1", "-1", "4294967296", "2147483647", "2147483648", "536870911", "9223372036854775807", "1e3", "0.5", "99999999999999999999", "17"];

    /// <summary>One random mutation of <paramref name="seed"/> (sometimes two stacked).</summary>
    private static byte[] Mutate(byte[] seed, Random r)
    {
        var bytes = seed.ToList();
        int rounds = r.Next(1, 3);
        for (int k = 0; k < rounds && bytes.Count > 0; k++)
        {
            int at = r.Next(bytes.Count);
            switch (r.Next(8))
            {
                case 0: bytes[at] ^= (byte)(1 << r.Next(8)); break;
                case 1: bytes[at] = s_interesting[r.Next(s_interesting.Length)]; break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                case 3: bytes.AddRange(Enumerable.Range(0, r.Next(1, 16)).Select(_ => (byte)r.Next(256))); break; // append
                case 4: bytes.RemoveRange(at, Math.Min(r.Next(1, 8), bytes.Count - at)); break;
                case 5: bytes.InsertRange(at, Enumerable.Range(0, r.Next(1, 8)).Select(_ => (byte)r.Next(256))); break;
                case 6:
                {
                    // Replace a run of ASCII digits (a JSON number, most likely) with another number.
                    int start = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                    if (start < 0) goto case 0;
                    int end = start;
                    while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9') end++;
                    bytes.RemoveRange(start, end - start);
                    bytes.InsertRange(start, Encoding.ASCII.GetBytes(s_numbers[r.Next(s_numbers.Length)]));
                    break;
                }
                default:
                    // Overwrite a multi-byte field (a length or a dimension) with a random 32-bit value.
                    for (int i = 0; i < 4 && at + i < bytes.Count; i++) bytes[at + i] = (byte)r.Next(256);
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Runs <paramref name="check"/> over mutations of the seeds until the budget is spent.</summary>
    private void Fuzz(string reader, IReadOnlyList<byte[]> seeds, Func<byte[], int, bool> check)
    {
        var random = new Random(20261207);
        var clock = Stopwatch.StartNew();
        int cases = 0, accepted = 0;
        foreach (var seed in seeds)
        {
            Assert.True(check(seed, cases), $"{reader}: a seed file was rejected");
            cases++;
        }
        while (clock.Elapsed < s_budget && cases < MaxCases)
        {
            var input = Mutate(seeds[random.Next(seeds.Count)], random);
            if (check(input, cases)) accepted++;
            cases++;
        }
        output.WriteLine($"{reader}: {cases} cases in {clock.Elapsed.TotalSeconds:F1} s, {accepted} mutated inputs accepted");
        Assert.True(cases > 100, $"{reader}: only {cases} cases ran");
    }

    private static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>At most 16 bytes per input byte plus 2 MB of fixed cost (the IDX reader's 1 MB read chunk, JIT-free
    /// bookkeeping): what a file claims never matters, only what it holds.</summary>
    private static void AssertBounded(string reader, long allocated, long inputBytes)
    {
        long bound = 16 * inputBytes + (2 << 20);
        Assert.True(allocated <= bound, $"{reader}: {allocated} bytes allocated for {inputBytes} bytes of input (bound {bound})");
    }

    // ------------------------------------------------------------------ safetensors

    private static List<byte[]> SafeTensorsSeeds()
    {
        var g = new Generator(3);
        var seeds = new List<byte[]>();
        void Add(Dictionary<string, Tensor> t, Dictionary<string, string>? m = null)
        {
            using var s = new MemoryStream();
            SafeTensors.Save(s, t, m);
            seeds.Add(s.ToArray());
        }
        Add(new() { ["w"] = Tensor.Randn([3, 4], generator: g), ["b"] = Tensor.Randn([4], DType.Float64, g) });
        Add(new() { ["n"] = Tensor.Scalar(7, DType.Int32), ["mask"] = Tensor.FromArray(new[] { true, false, true }, [3]) }, new() { ["format"] = "pt" });
        Add(new() { ["empty"] = Tensor.Zeros([0, 3]), ["x"] = Tensor.Randn([2, 1, 2], generator: g) });
        // Dtypes the writer never produces, crafted by hand: F16, BF16, U8, I16.
        seeds.Add(Serialization.SerializationTestHelpers.Craft(
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},\"u\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[8,12]},\"s\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[12,16]}}",
            16));
        return seeds;
    }

    private static bool CheckSafeTensors(byte[] input, int index, bool seekable)
    {
        SafeTensorsContent? content = null;
        Exception? error = null;
        long allocated = Allocated(() =>
        {
            try
            {
                content = SafeTensors.Read(seekable ? new MemoryStream(input, writable: false) : NonSeekableStream.RandomReads(input, index, 299));
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        AssertBounded("safetensors", allocated, input.Length);
        if (error is not null)
        {
            Assert.True(error is InvalidDataException, $"safetensors case {index}: {error.GetType().Name}: {error.Message}");
            return false;
        }
        var expected = MinimalReaders.SafeTensors(input);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), content!.Tensors.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (shape, values)) in expected)
        {
            var t = content.Tensors[name];
            Assert.Equal(shape, t.Shape.Select(d => (long)d));
            for (int i = 0; i < values.Length; i++)
                Assert.True(values[i].Equals(t.GetRaw(i)), $"safetensors case {index}: '{name}'[{i}] is {t.GetRaw(i)}, the minimal reader says {values[i]}");
        }
        return true;
    }

    [Fact]
    public void SafeTensors_Seekable() => Fuzz("safetensors (seekable)", SafeTensorsSeeds(), (b, i) => CheckSafeTensors(b, i, seekable: true));

    [Fact]
    public void SafeTensors_NonSeekable() => Fuzz("safetensors (non-seekable)", SafeTensorsSeeds(), (b, i) => CheckSafeTensors(b, i, seekable: false));

    // ------------------------------------------------------------------ IDX

    private static List<byte[]> IdxSeeds(bool gzip)
    {
        var g = new Generator(5);
        var arrays = new[]
        {
            IdxArray.FromTensor(Tensor.FromArray(Enumerable.Range(0, 24).ToArray(), [2, 3, 4]), IdxElementType.UByte),
            IdxArray.FromTensor(Tensor.FromArray(new[] { -3, 5, 100 }, [3]), IdxElementType.SByte),
            IdxArray.FromTensor(Tensor.FromArray(new[] { -300, 5 }, [2, 1]), IdxElementType.Short),
            IdxArray.FromTensor(Tensor.FromArray(new[] { int.MinValue, 7 }, [2]), IdxElementType.Int),
            IdxArray.FromTensor(Tensor.Randn([3, 2], generator: g), IdxElementType.Float),
            IdxArray.FromTensor(Tensor.Randn([2], DType.Float64, g), IdxElementType.Double),
        };
        return arrays.Select(a =>
        {
            using var s = new MemoryStream();
            Idx.Write(s, a, compress: gzip);
            return s.ToArray();
        }).ToList();
    }

    private static long DecompressedLength(byte[] input)
    {
        if (input.Length < 2 || input[0] != 0x1F || input[1] != 0x8B) return input.Length;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(input), CompressionMode.Decompress);
            long total = 0;
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gzip.Read(buffer)) > 0 && total < 1L << 30) total += n;
            return Math.Max(total, input.Length);
        }
        catch (InvalidDataException)
        {
            return input.Length;
        }
    }

    private static bool CheckIdx(byte[] input, int index, bool chunky)
    {
        IdxArray? array = null;
        Exception? error = null;
        long allocated = Allocated(() =>
        {
            try
            {
                array = Idx.Read(chunky ? NonSeekableStream.RandomReads(input, index, 299) : new MemoryStream(input, writable: false));
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        AssertBounded("IDX", allocated, DecompressedLength(input));
        if (error is not null)
        {
            Assert.True(error is InvalidDataException, $"IDX case {index}: {error.GetType().Name}: {error.Message}");
            return false;
        }
        var (dims, values) = MinimalReaders.Idx(input);
        Assert.Equal(dims, array!.Shape.ToArray());
        var t = array.ToTensor(DType.Float64);
        for (int i = 0; i < values.Length; i++)
            Assert.True(values[i].Equals(t.GetRaw(i)), $"IDX case {index}: element {i} is {t.GetRaw(i)}, the minimal reader says {values[i]}");
        return true;
    }

    [Fact]
    public void Idx_Raw() => Fuzz("IDX (raw)", IdxSeeds(gzip: false), (b, i) => CheckIdx(b, i, chunky: i % 2 == 1));

    [Fact]
    public void Idx_Gzip() => Fuzz("IDX (gzip)", IdxSeeds(gzip: true), (b, i) => CheckIdx(b, i, chunky: i % 2 == 1));

    // ------------------------------------------------------------------ checkpoints

    [Fact]
    public void Checkpoint_LoadsOrRejectsWithoutPartialChanges()
    {
        static Sequential Model() => new(new Dense(3, 4, generator: new Generator(1)), new Tanh(), new BatchNorm1D(4), new Dense(4, 2, generator: new Generator(2)));
        var source = Model();
        var adam = new DeepNotes.Optimizers.Adam(source.Parameters(), 0.01);
        adam.ZeroGrad();
        source.Forward(Tensor.Randn([5, 3], generator: new Generator(4))).Sum().Backward();
        adam.Step();
        var seeds = new List<byte[]>();
        using (var s = new MemoryStream())
        {
            Checkpoint.Save(s, source, adam, 3, generators: new Dictionary<string, Generator> { ["g"] = new Generator(9) });
            seeds.Add(s.ToArray());
        }

        var target = Model();
        var targetAdam = new DeepNotes.Optimizers.Adam(target.Parameters(), 0.01);
        var generator = new Generator(10);
        Fuzz("checkpoint", seeds, (input, index) =>
        {
            var before = Fingerprint(target, targetAdam, generator);
            try
            {
                Checkpoint.Load(new MemoryStream(input, writable: false), target, targetAdam, generators: new Dictionary<string, Generator> { ["g"] = generator });
            }
            catch (Exception e)
            {
                Assert.True(e is InvalidDataException or ArgumentException, $"checkpoint case {index}: {e.GetType().Name}: {e.Message}");
                Assert.Equal(before, Fingerprint(target, targetAdam, generator));
                return false;
            }
            return true;
        });
    }

    private static string Fingerprint(Module model, DeepNotes.Optimizers.Optimizer optimizer, Generator generator)
    {
        var sb = new StringBuilder();
        foreach (var (name, t) in model.StateDict())
            sb.Append(name).Append(':').AppendJoin(',', Enumerable.Range(0, t.ElementCount).Select(i => BitConverter.DoubleToInt64Bits(t.GetRaw(i)))).Append(';');
        foreach (var p in model.Parameters())
            foreach (var (name, t) in optimizer.GetState(p))
                sb.Append(name).Append(':').AppendJoin(',', Enumerable.Range(0, t.ElementCount).Select(i => BitConverter.DoubleToInt64Bits(t.GetRaw(i)))).Append(';');
        foreach (var g in optimizer.ParameterGroups) sb.Append(g.LearningRate.ToString("R")).Append(g.WeightDecay.ToString("R"));
        sb.Append(optimizer.StepCount).Append(Convert.ToBase64String(generator.GetState()));
        sb.Append(string.Concat(model.Modules().Select(m => m.IsTraining ? 'T' : 'E')));
        return sb.ToString();
    }
}
