using System.Reflection;
using System.Runtime.CompilerServices;
using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Every differentiable public member of the library (Tensor methods, Functional, Linalg, every module type) has a
/// second-order check: a case in some <see cref="IGradGradCaseSource"/>, or a stated reason why it is not differentiable.
/// A new op or layer without one fails <see cref="EveryDifferentiableMember_HasASecondOrderCase"/>; every case runs
/// <c>GradCheck.GradGradCheck</c> in float64 in <see cref="Case_PassesGradGradCheck"/>.
/// </summary>
public class EveryOpHasASecondOrderTest
{
    private static readonly Lazy<IReadOnlyList<IGradGradCaseSource>> s_sources = new(() =>
        typeof(EveryOpHasASecondOrderTest).Assembly.GetTypes()
            .Where(t => typeof(IGradGradCaseSource).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IGradGradCaseSource)Activator.CreateInstance(t)!)
            .ToList());

    private static readonly Lazy<Dictionary<string, GradGradCase>> s_cases = new(() =>
    {
        var byName = new Dictionary<string, GradGradCase>(StringComparer.Ordinal);
        foreach (var source in s_sources.Value)
            foreach (var c in source.Cases())
            {
                string name = c.ToString();
                for (int k = 2; byName.ContainsKey(name); k++) name = $"{c} #{k}";
                byName.Add(name, c);
            }
        return byName;
    });

    /// <summary>The names of all cases, for the theory.</summary>
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in s_cases.Value.Keys.Order(StringComparer.Ordinal)) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Case_PassesGradGradCheck(string name)
    {
        GradGradCase c = s_cases.Value[name];
        GradCheck.GradGradCheck(c.Function, c.Inputs(), atol: c.Atol, rtol: c.Rtol);
    }

    [Fact]
    public void EveryDifferentiableMember_HasASecondOrderCase()
    {
        var covered = new HashSet<string>(s_cases.Value.Values.Select(c => c.Api), StringComparer.Ordinal);
        var excused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in s_sources.Value)
            foreach (var (api, reason) in source.NotDifferentiable())
                Assert.True(excused.TryAdd(api, reason), $"{api} is declared not differentiable twice.");
        var members = PublicDifferentiableSurface();
        var missing = members.Where(m => !covered.Contains(m) && !excused.ContainsKey(m)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} public members have neither a second-order case (an IGradGradCaseSource in tests/DeepNotes.Tests/HigherOrder/Coverage) " +
            $"nor a reason why they are not differentiable:\n{string.Join("\n", missing)}");
        var unknown = covered.Concat(excused.Keys).Where(a => !members.Contains(a)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, $"Cases or exclusions name members that do not exist (renamed?):\n{string.Join("\n", unknown)}");
        Assert.Empty(covered.Intersect(excused.Keys));
    }

    /// <summary>
    /// Public methods of Tensor, Functional and Linalg that return tensors and take a tensor (instance methods count),
    /// as <c>Type.Method</c>; and every public non-abstract module type, as <c>Namespace.Type</c>.
    /// </summary>
    internal static HashSet<string> PublicDifferentiableSurface()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Type type in new[] { typeof(Tensor), typeof(Functional), typeof(Linalg) })
            foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (m.IsSpecialName || m.IsDefined(typeof(CompilerGeneratedAttribute))) continue;
                if (!ReturnsTensor(m.ReturnType)) continue;
                if (m.IsStatic && !m.GetParameters().Any(p => TakesTensor(p.ParameterType))) continue;
                names.Add($"{type.Name}.{m.Name}");
            }
        foreach (Type t in typeof(DeepNotes.Layers.Module).Assembly.GetExportedTypes())
            if (t.IsClass && !t.IsAbstract && typeof(DeepNotes.Layers.Module).IsAssignableFrom(t))
                names.Add($"{t.Namespace![(t.Namespace!.LastIndexOf('.') + 1)..]}.{t.Name}");
        return names;
    }

    private static bool ReturnsTensor(Type t) =>
        t == typeof(Tensor) || (t.IsArray && ReturnsTensor(t.GetElementType()!)) ||
        (t.IsGenericType && t.GetGenericArguments().Any(ReturnsTensor));

    private static bool TakesTensor(Type t) => ReturnsTensor(t.IsByRef ? t.GetElementType()! : t);
}
