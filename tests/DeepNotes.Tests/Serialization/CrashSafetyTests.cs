using System.Diagnostics;
using DeepNotes.FaultChild;
using DeepNotes.Layers;
using DeepNotes.Serialization;
using Xunit.Abstractions;

namespace DeepNotes.Tests.Serialization;

/// <summary>
/// Saves are atomic: a process killed at a random point of <c>Module.Save</c> or <c>Checkpoint.Save</c> leaves the
/// previous file loadable and equal to the old model (or, when the kill came after the rename, the new one, whole), and
/// a save that throws leaves the previous file byte for byte as it was.
/// </summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Megabytes = 12, Kills = 6;

    [Theory]
    [InlineData("save-module")]
    [InlineData("save-checkpoint")]
    public void KilledDuringSave_PreviousFileSurvives(string mode)
    {
        string folder = Directory.CreateTempSubdirectory("deepnotes-crash-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.safetensors");
            var oldModel = FaultScenarios.BigModel(1, Megabytes);
            var newModel = FaultScenarios.BigModel(2, Megabytes);
            var random = new Random(12345);
            int midSave = 0;
            // Measure how long the child's save takes, then kill it at uniformly random moments inside that window.
            double saveMs = TimeChildSave(mode, Path.Combine(folder, "timing.safetensors"));
            for (int kill = 0; kill < Kills; kill++)
            {
                Save(mode, path, oldModel);
                using var child = FaultChildProcess.Start(mode, path, "2", Megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal("saving", child.StandardOutput.ReadLine());
                Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * saveMs));
                child.Kill(entireProcessTree: true);
                child.WaitForExit();

                var loaded = FaultScenarios.BigModel(99, Megabytes);
                Load(mode, path, loaded);
                bool isOld = SameWeights(oldModel, loaded);
                Assert.True(isOld || SameWeights(newModel, loaded), $"kill {kill}: the file holds neither the old nor the new model");
                if (isOld) midSave++;
                foreach (var leftover in Directory.GetFiles(folder, ".*.tmp")) File.Delete(leftover);
            }
            output.WriteLine($"{mode}: {midSave} of {Kills} kills landed before the rename (old model intact), {Kills - midSave} after it (new model whole)");
            Assert.True(midSave > 0, "no kill landed inside a save, so the test did not exercise the window");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double TimeChildSave(string mode, string path)
    {
        using var child = FaultChildProcess.Start(mode, path, "2", Megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("saving", child.StandardOutput.ReadLine());
        var clock = Stopwatch.StartNew();
        Assert.Equal("saved", child.StandardOutput.ReadLine());
        double ms = clock.Elapsed.TotalMilliseconds;
        child.Kill(entireProcessTree: true);
        child.WaitForExit();
        return ms;
    }

    private static void Save(string mode, string path, Sequential model)
    {
        if (mode == "save-module") model.Save(path);
        else Checkpoint.Save(path, model, FaultScenarios.SteppedAdam(model), epoch: 1);
    }

    private static void Load(string mode, string path, Sequential model)
    {
        if (mode == "save-module") model.Load(path);
        else Checkpoint.Load(path, model);
    }

    private static bool SameWeights(Module expected, Module actual)
    {
        var a = actual.StateDict();
        foreach (var (name, t) in expected.StateDict())
            if (!t.ToArray<float>().AsSpan().SequenceEqual(a[name].ToArray<float>())) return false;
        return true;
    }

    // ------------------------------------------------------------------ saves that throw

    [Fact]
    public void SafeTensorsSave_ThatFailsItsChecks_LeavesTheFileByteIdentical()
    {
        string path = Path.GetTempFileName();
        try
        {
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones([3]) });
            byte[] before = File.ReadAllBytes(path);
            Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones([2]) }));
            Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones([2]) },
                new Dictionary<string, string> { ["k"] = null! }));
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ModuleAndCheckpointSave_ThatFail_LeaveTheFileByteIdentical()
    {
        string path = Path.GetTempFileName();
        try
        {
            var model = new Dense(3, 2);
            model.Save(path);
            byte[] before = File.ReadAllBytes(path);
            Assert.Throws<ArgumentException>(() => model.Save(path, new Dictionary<string, string> { ["k"] = null! }));
            var other = new Dense(3, 2);
            var sgd = new DeepNotes.Optimizers.Sgd(model.Parameters(), 0.1);
            var foreign = new DeepNotes.Optimizers.Schedules.StepLR(new DeepNotes.Optimizers.Sgd(other.Parameters(), 0.1), 1);
            Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, model, sgd, 0, foreign));
            Assert.Equal(before, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AWriteThatThrowsMidway_LeavesTheOldFileAndNoTemporaryFile()
    {
        string folder = Directory.CreateTempSubdirectory("deepnotes-atomic-").FullName;
        try
        {
            string path = Path.Combine(folder, "f.bin");
            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
            {
                s.Write(new byte[100_000]);
                throw new IOException("disk full (simulated)");
            }));
            Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AtomicWrite_ReplacesTheFileWhole()
    {
        string folder = Directory.CreateTempSubdirectory("deepnotes-atomic-").FullName;
        try
        {
            string path = Path.Combine(folder, "f.bin");
            File.WriteAllBytes(path, [1, 2, 3]);
            AtomicFile.Write(path, s => s.Write([4, 5]));
            Assert.Equal([4, 5], File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
