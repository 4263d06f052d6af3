using System.Text.RegularExpressions;

namespace DeepNotes.Tests.Core;

/// <summary>
/// Rules of the source layout that the compiler cannot enforce (docs/architecture.md): layers and losses reach their ops
/// only through <c>Functional</c> (Layer → Functional → Ops → Kernels), so no file under src/DeepNotes/Layers or
/// src/DeepNotes/Losses may name the <c>DeepNotes.Ops</c> namespace or an <c>Ops.</c> member.
/// </summary>
public partial class ArchitectureRulesTests
{
    [GeneratedRegex(@"DeepNotes\.Ops\b|\bOps\.")]
    private static partial Regex OpsReference();

    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepNotes.sln")))
                return Path.Combine(dir.FullName, "src", "DeepNotes");
        }
        Assert.Fail($"ArchitectureRulesTests: no folder containing DeepNotes.sln above {AppContext.BaseDirectory}; the rule cannot be checked.");
        return "";
    }

    [Theory]
    [InlineData("Layers")]
    [InlineData("Losses")]
    public void LayersAndLosses_ReachOpsOnlyThroughFunctional(string folder)
    {
        string path = Path.Combine(SourceRoot(), folder);
        Assert.True(Directory.Exists(path), $"ArchitectureRulesTests: source folder {path} not found; the rule cannot be checked.");
        string[] files = Directory.GetFiles(path, "*.cs", SearchOption.AllDirectories);
        Assert.True(files.Length > 10, $"ArchitectureRulesTests: only {files.Length} .cs files under {path}; the sources look incomplete.");

        var offences = new List<string>();
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (OpsReference().IsMatch(lines[i]))
                    offences.Add($"{Path.GetRelativePath(path, file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(offences.Count == 0,
            $"{folder} must call Functional, not Ops (Layer → Functional → Ops → Kernels); found:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void TheRule_SeesAnOpsReference()
    {
        Assert.Matches(OpsReference(), "using DeepNotes.Ops.Pooling;");
        Assert.Matches(OpsReference(), "=> Ops.Convolution.Forward(x);");
        Assert.DoesNotMatch(OpsReference(), "=> Functional.Conv2D(x, w); // TopsOps");
    }
}
