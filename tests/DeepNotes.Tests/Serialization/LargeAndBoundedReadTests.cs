using System.Text;
using DeepNotes.Serialization;
using Xunit.Abstractions;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>A stream of unknown length costs memory in proportion to the bytes it holds, not to what its header claims;
/// tensors of 2 GiB and more are written and read.</summary>
public class LargeAndBoundedReadTests(ITestOutputHelper output)
{

    private static long AllocatedWhile(Action action)
    {
        action(); // warm up: JIT, pools
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void AShortStreamClaimingAHugeTensor_AllocatesLittle()
    {
        // 79 bytes that claim one F32 tensor of 536,870,911 elements (2.1 GB).
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[536870911],\"data_offsets\":[0,2147483644]}}";
        byte[] file = Craft(header, 79 - 8 - Encoding.UTF8.GetByteCount(header));
        Assert.Equal(79, file.Length);
        long allocated = AllocatedWhile(() =>
        {
            var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(NonSeekableStream.Unlimited(file)));
            Assert.Contains("ends inside the data of tensor 'a'", e.Message);
        });
        output.WriteLine($"a 79-byte stream claiming a 2,147,483,644-byte tensor: {allocated} bytes allocated");
        Assert.True(allocated < 256 * 1024, $"reading 79 bytes allocated {allocated} bytes");
    }

    [Fact]
    public void AShortStreamClaimingAHugeHeader_AllocatesLittle()
    {
        byte[] file = Craft("{}", 0, headerLength: 99_000_000);
        long allocated = AllocatedWhile(() =>
            Assert.Throws<InvalidDataException>(() => SafeTensors.Read(NonSeekableStream.Unlimited(file))));
        output.WriteLine($"a {file.Length}-byte stream claiming a 99,000,000-byte header: {allocated} bytes allocated");
        Assert.True(allocated < 256 * 1024, $"reading {file.Length} bytes allocated {allocated} bytes");
    }

    [Fact]
    public void NonSeekableReads_StayProportionalToTheData()
    {
        var tensors = new Dictionary<string, Tensor> { ["w"] = Tensor.Ones([1 << 20]), ["b"] = Tensor.Zeros([10], DType.Float64) };
        byte[] file = ToBytes(tensors);
        SafeTensorsContent? read = null;
        long allocated = AllocatedWhile(() => read = SafeTensors.Read(NonSeekableStream.Unlimited(file)));
        output.WriteLine($"a non-seekable {file.Length}-byte file: {allocated} bytes allocated");
        Assert.True(allocated < 3L * file.Length, $"reading {file.Length} bytes allocated {allocated} bytes");
        AssertSame(tensors["w"], read!.Tensors["w"]);
        AssertSame(tensors["b"], read.Tensors["b"]);
    }

    /// <summary>Runs only where the machine has room for two 2 GiB tensors and the file (8 GB of memory, 3 GB of disk).</summary>
    public sealed class LargeMemoryFactAttribute : FactAttribute
    {
        public LargeMemoryFactAttribute()
        {
            long memory = AvailableMemory();
            long disk = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;
            if (memory < 8L << 30 || disk < 3L << 30)
                Skip = $"needs 8 GB of free memory and 3 GB of free disk in {Path.GetTempPath()}; this machine has {memory >> 20} MB and {disk >> 20} MB";
        }

        private static long AvailableMemory()
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }
    }

    [LargeMemoryFact]
    public void ATensorOverTwoGibibytes_RoundTripsThroughAFileAndAStream()
    {
        const int count = (1 << 29) + 3; // 2 GiB + 12 bytes of Float32
        var big = new Tensor(new Shape(count), DType.Float32);
        var span = big.Span<float>();
        for (int i = 0; i < count; i += 4093) span[i] = i;
        span[count - 1] = -1;
        string path = Path.Combine(Path.GetTempPath(), $"deepnotes-2gib-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["big"] = big });
            Assert.Equal(8 + 72 + 4L * count, new FileInfo(path).Length, tolerance: 64);
            var read = SafeTensors.Load(path)["big"];
            Assert.Equal(big.Shape, read.Shape);
            Assert.True(span.SequenceEqual(read.Span<float>()));
            read = null;
            GC.Collect();
            using (var pipe = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                var viaStream = SafeTensors.Read(new NonSeekableStream(pipe, int.MaxValue)).Tensors["big"];
                Assert.True(span.SequenceEqual(viaStream.Span<float>()));
            }
            output.WriteLine($"saved and loaded a Float32 [{count}] tensor ({4L * count} bytes)");
        }
        finally
        {
            File.Delete(path);
        }
    }

}
