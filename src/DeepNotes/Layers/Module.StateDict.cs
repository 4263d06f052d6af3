namespace DeepNotes.Layers;

/// <summary>
/// What <see cref="Module.LoadStateDict"/> found besides the keys it loaded, like PyTorch's <c>_IncompatibleKeys</c>.
/// </summary>
/// <param name="MissingKeys">Keys of the module's state dict that the given state lacked (left unchanged).</param>
/// <param name="UnexpectedKeys">Keys of the given state that the module does not have (ignored).</param>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    /// <summary>
    /// Keys present on both sides with different shapes, skipped by a non-strict load (the module keeps its own
    /// tensor), e.g. a classifier head of another class count when fine-tuning. Always empty after a strict load.
    /// </summary>
    public IReadOnlyList<StateDictShapeMismatch> MismatchedKeys { get; init; } = [];

    /// <summary>True when every key matched: nothing missing, unexpected or mis-shaped.</summary>
    public bool IsExactMatch => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && MismatchedKeys.Count == 0;
}

/// <summary>A key whose tensor has another shape in the loaded state than in the module (skipped by a non-strict load).</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="Expected">The module's shape.</param>
/// <param name="Actual">The loaded tensor's shape.</param>
public sealed record StateDictShapeMismatch(string Key, Shape Expected, Shape Actual)
{
    /// <inheritdoc/>
    public override string ToString() => $"'{Key}': expected shape {Expected}, got {Actual}";
}

public abstract partial class Module
{
    /// <summary>
    /// Copies <paramref name="state"/> into this module's parameters and persistent buffers in place (PyTorch's
    /// <c>load_state_dict</c>): keys are the dotted names of <see cref="StateDict"/>, tensors keep their identity (an
    /// optimizer built on <see cref="Parameters"/> keeps working) and their dtype: values are converted (Float32 ↔
    /// Float64, Int32 → floating point, Int32 → Int32 buffers).
    /// </summary>
    /// <param name="state">The tensors by name, e.g. from <c>SafeTensors.Load</c> or another module's <see cref="StateDict"/>.</param>
    /// <param name="strict">
    /// When true (the default), a missing or unexpected key, or a key of another shape, is an error; otherwise they are
    /// skipped and reported (transfer learning: load a backbone's weights into a model with a new head).
    /// </param>
    /// <returns>The missing, unexpected and mis-shaped keys (all empty after a strict load).</returns>
    /// <exception cref="ArgumentException">
    /// A key's tensor has a dtype that cannot be converted (floating point into an Int32 or Bool buffer), in any mode;
    /// in strict mode also missing or unexpected keys and keys of another shape. One exception lists every problem, and
    /// nothing is changed when it is thrown.
    /// </exception>
    public StateDictLoadResult LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var (apply, result) = PrepareLoadStateDict(state, strict);
        apply();
        return result;
    }

    /// <summary>
    /// Validates <paramref name="state"/> against this module as <see cref="LoadStateDict"/> does and converts every
    /// value, without changing anything; returns the copy to run (which cannot fail) and the key report. A caller that
    /// restores several objects at once (a checkpoint) prepares them all first and applies only when all are valid.
    /// </summary>
    internal (Action Apply, StateDictLoadResult Result) PrepareLoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict)
    {
        ArgumentNullException.ThrowIfNull(state);
        var targets = new List<(string Key, Tensor Target)>();
        foreach (var (modName, module) in NamedModules())
        {
            foreach (var n in module._parameterNames)
                if (module._parameters[n] is { } p) targets.Add((Join(modName, n), p));
            foreach (var n in module._bufferNames)
                if (module._buffers[n] is { } b && !module._nonPersistentBuffers.Contains(n)) targets.Add((Join(modName, n), b));
        }

        var expected = new HashSet<string>(targets.Select(t => t.Key), StringComparer.Ordinal);
        var missing = new List<string>();
        var mismatched = new List<string>();
        var skipped = new List<StateDictShapeMismatch>();
        var copies = new List<(Tensor Target, Tensor Source)>();
        foreach (var (key, target) in targets)
        {
            if (!state.TryGetValue(key, out var source) || source is null)
            {
                missing.Add(key);
                continue;
            }
            if (source.Shape != target.Shape)
            {
                var mismatch = new StateDictShapeMismatch(key, target.Shape, source.Shape);
                if (strict) mismatched.Add(mismatch.ToString());
                else skipped.Add(mismatch);
            }
            else if (!CanConvert(source.DType, target.DType))
                mismatched.Add($"'{key}': cannot load {source.DType} into {target.DType}");
            else
                copies.Add((target, source));
        }
        var unexpected = state.Keys.Where(k => !expected.Contains(k)).ToList();

        if (mismatched.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            var parts = new List<string>();
            if (missing.Count > 0 && strict) parts.Add($"missing keys [{string.Join(", ", missing)}]");
            if (unexpected.Count > 0 && strict) parts.Add($"unexpected keys [{string.Join(", ", unexpected)}]");
            if (mismatched.Count > 0) parts.Add($"mismatched keys [{string.Join("; ", mismatched)}]");
            throw new ArgumentException($"Error loading state dict into {GetType().Name}: {string.Join(", ", parts)}.", nameof(state));
        }

        var converted = copies.Select(c => (c.Target, Source: c.Source.DType == c.Target.DType ? c.Source : c.Source.ConvertRaw(c.Target.DType))).ToList();
        void Apply()
        {
            using (Autograd.NoGrad())
            {
                foreach (var (target, source) in converted) target.CopyFrom(source);
            }
        }
        return (Apply, new StateDictLoadResult(missing, unexpected) { MismatchedKeys = skipped });
    }

    private static bool CanConvert(DType from, DType to) =>
        from == to || (to.IsFloatingPoint() && (from.IsFloatingPoint() || from.IsInteger() || from.IsStorageOnly()))
        || (to.IsInteger() && from.IsInteger()) || (to.IsStorageOnly() && (from.IsFloatingPoint() || from.IsStorageOnly()));
}
