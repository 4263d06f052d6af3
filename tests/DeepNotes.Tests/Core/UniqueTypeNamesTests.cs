using System.Reflection;
using System.Runtime.CompilerServices;

namespace DeepNotes.Tests.Core;

/// <summary>
/// Issue 16: an internal type must not share its simple name with a public type (no <c>Ops.Pooling.MaxPool2D</c>
/// next to <c>Layers.MaxPool2D</c>), and the internal <c>Ops</c> layer must not depend upward on the public
/// <c>Losses</c> / <c>Layers</c> namespaces.
/// </summary>
public class UniqueTypeNamesTests
{
    private static bool IsCompilerGenerated(Type t) =>
        t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || t.Name.Contains('<') || t.Name.Contains('>');

    /// <summary>The simple name without the generic arity suffix ("Foo`1" becomes "Foo").</summary>
    private static string SimpleName(Type t)
    {
        int tick = t.Name.IndexOf('`');
        return tick < 0 ? t.Name : t.Name[..tick];
    }

    private static bool IsIgnored(Type t)
    {
        for (var x = t; x is not null; x = x.DeclaringType)
            if (IsCompilerGenerated(x)) return true;
        // nested private types are implementation details of their declaring type
        return t.IsNested && (t.IsNestedPrivate || t.IsNestedFamANDAssem);
    }

    /// <summary>Every "internal Full.Name duplicates public Full.Name" pair in the DeepNotes assembly.</summary>
    internal static List<string> Duplicates(Assembly assembly)
    {
        var types = assembly.GetTypes().Where(t => !IsIgnored(t)).ToList();
        var publicByName = types.Where(t => t.IsVisible).ToLookup(SimpleName);
        var found = new List<string>();
        foreach (var t in types.Where(t => !t.IsVisible))
            foreach (var p in publicByName[SimpleName(t)])
                found.Add($"internal {t.FullName} duplicates public {p.FullName}");
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    [Fact]
    public void NoInternalTypeSharesItsNameWithAPublicType()
    {
        var duplicates = Duplicates(typeof(Tensor).Assembly);
        Assert.True(duplicates.Count == 0,
            $"{duplicates.Count} internal type(s) share their simple name with a public type; rename them after the operation " +
            $"(see docs/architecture.md, \"Naming of internal ops\"):{Environment.NewLine}" +
            string.Join(Environment.NewLine, duplicates));
    }

    [Fact]
    public void TheCheck_FindsADuplicateWhenThereIsOne()
    {
        // The test assembly has a public and an internal type both named "Twin": the check must see them.
        var duplicates = Duplicates(typeof(UniqueTypeNamesTests).Assembly);
        Assert.Contains(duplicates, d => d.Contains(typeof(Internal.Twin).FullName!) && d.Contains(typeof(Public.Twin).FullName!));
        Assert.DoesNotContain(duplicates, d => d.Contains("NestedPrivateTwin"));
    }

    /// <summary>The repository root: the first ancestor of the test's base directory that holds DeepNotes.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeepNotes.sln"))) return dir.FullName;
        throw new InvalidOperationException(
            $"UniqueTypeNamesTests: no folder containing DeepNotes.sln above the test base directory '{AppContext.BaseDirectory}'; " +
            "this test reads src/DeepNotes/Ops and must run from a checkout of the repository.");
    }

    [Fact]
    public void OpsDoNotDependOnLossesOrLayers()
    {
        string ops = Path.Combine(RepositoryRoot(), "src", "DeepNotes", "Ops");
        Assert.True(Directory.Exists(ops), $"UniqueTypeNamesTests: source folder '{ops}' not found.");
        var files = Directory.GetFiles(ops, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offenders = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.Contains("using LossReduction") || line.Contains("DeepNotes.Losses") || line.Contains("DeepNotes.Layers"))
                    offenders.Add($"{Path.GetRelativePath(ops, file)}:{i + 1}: {line.Trim()}");
            }
        }
        Assert.True(offenders.Count == 0,
            $"Ops (internal, below Functional) must not reference DeepNotes.Losses or DeepNotes.Layers:{Environment.NewLine}" +
            string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void OpsLossReduction_MirrorsThePublicReduction()
    {
        // Ops take their own internal enum; the public one converts member by member (same names, so messages that
        // print the reduction read the same), and an undefined value passes through for the op to reject.
        Assert.Equal(Enum.GetNames<DeepNotes.Losses.Reduction>(), Enum.GetNames<DeepNotes.Ops.Losses.LossReduction>());
        foreach (var r in Enum.GetValues<DeepNotes.Losses.Reduction>())
            Assert.Equal(r.ToString(), DeepNotes.ReductionConversion.ToOps(r).ToString());
        Assert.Equal(42, (int)DeepNotes.ReductionConversion.ToOps((DeepNotes.Losses.Reduction)42));
    }

    private sealed class NestedPrivateTwin;
}
