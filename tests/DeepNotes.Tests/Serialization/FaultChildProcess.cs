using System.Diagnostics;

namespace DeepNotes.Tests.Serialization;

/// <summary>Starts tests/DeepNotes.FaultChild (copied next to the test assembly) as a separate process.</summary>
internal static class FaultChildProcess
{
    public static Process Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "DeepNotes.FaultChild.dll");
        Assert.True(File.Exists(dll), $"the child process {dll} was not built next to the tests");
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_TieredPGO"] = "0";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
    }

    /// <summary>Runs the child to completion and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(params string[] args)
    {
        using var child = Start(args);
        string output = child.StandardOutput.ReadToEnd();
        string error = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(120_000), "the child process did not finish in 120 s");
        Assert.True(child.ExitCode == 0, $"the child process exited with {child.ExitCode}: {error}");
        return output;
    }

    /// <summary>The dotnet host running this test process (so the child runs on the same runtime).</summary>
    private static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        if (path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet") return path;
        string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
