using System.Collections;
using System.Reflection;

namespace DeepNotes.Layers;

/// <summary>Transfer learning: swapping a head, freezing a backbone with its normalisation statistics.</summary>
public abstract partial class Module
{
    private bool _heldInEval;

    /// <summary>
    /// True when <see cref="Freeze(bool)"/> with <c>includeBuffers</c> (or <see cref="FreezeNormalization"/>) holds this
    /// module in evaluation mode: <see cref="Train"/> leaves it in evaluation mode, so its buffers (BatchNorm's running
    /// statistics) stop updating, until <see cref="Unfreeze"/>.
    /// </summary>
    public bool IsHeldInEval => _heldInEval;

    /// <summary>
    /// Freezes every parameter (no gradient, optimizers skip them), for transfer learning. With
    /// <paramref name="includeBuffers"/>, every module that owns buffers (BatchNorm and InstanceNorm running statistics,
    /// spectral-norm vectors) is also held in evaluation mode, so <see cref="Train"/> no longer updates them — what Keras
    /// does for a frozen BatchNormalization and PyTorch users do by hand with <c>bn.eval()</c> after each <c>train()</c>.
    /// </summary>
    /// <param name="includeBuffers">Also hold the modules that own buffers in evaluation mode.</param>
    /// <returns>This module.</returns>
    public Module Freeze(bool includeBuffers = false)
    {
        SetRequiresGrad(false);
        if (includeBuffers)
            foreach (var m in Modules())
                if (m._bufferNames.Count > 0) m.HoldInEval();
        return this;
    }

    /// <summary>
    /// Freezes only the normalisation layers with running statistics (BatchNorm1D/2D/3D, InstanceNorm with
    /// <c>trackRunningStats</c>): their affine parameters stop training and they stay in evaluation mode, using the
    /// running statistics, while the rest of the model trains — the usual recipe for fine-tuning with small batches.
    /// </summary>
    /// <returns>This module.</returns>
    public Module FreezeNormalization()
    {
        foreach (var m in Modules())
            if (m._bufferNames.Contains("running_mean"))
            {
                m.SetRequiresGrad(false);
                m.HoldInEval();
            }
        return this;
    }

    /// <summary>Makes every parameter trainable again and releases the evaluation-mode holds of <see cref="Freeze(bool)"/>.</summary>
    /// <returns>This module.</returns>
    public Module Unfreeze()
    {
        SetRequiresGrad(true);
        foreach (var m in Modules())
            if (m._heldInEval)
            {
                m._heldInEval = false;
                m.IsTraining = IsTraining;
            }
        return this;
    }

    private void HoldInEval()
    {
        _heldInEval = true;
        IsTraining = false;
    }

    /// <summary>
    /// Replaces the descendant module at the dotted <paramref name="name"/> (as listed by <see cref="NamedModules"/>,
    /// e.g. <c>"fc"</c> or <c>"features.3"</c>) with <paramref name="module"/>, like assigning <c>model.fc = nn.Linear(...)</c>
    /// in PyTorch: the state dict, parameters and the parent's forward pass all use the new module (the parent's fields,
    /// lists and dictionaries that held the old instance are updated).
    /// </summary>
    /// <param name="name">The dotted name of an existing descendant.</param>
    /// <param name="module">The replacement.</param>
    /// <returns>The module that was replaced.</returns>
    /// <exception cref="ArgumentException">No descendant has that name; the replacement would make a cycle; or a field of the parent cannot hold the replacement's type (the message names the field and both types).</exception>
    public Module ReplaceModule(string name, Module module)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(module);
        int dot = name.LastIndexOf('.');
        string parentName = dot < 0 ? "" : name[..dot], childName = name[(dot + 1)..];
        Module? parent = parentName.Length == 0 ? this : NamedModules().Where(m => m.Name == parentName).Select(m => m.Module).FirstOrDefault();
        if (parent is null || !parent._modules.TryGetValue(childName, out Module? old))
            throw new ArgumentException(
                $"ReplaceModule: {GetType().Name} has no module named '{name}'; its modules are [{string.Join(", ", NamedModules().Select(m => m.Name).Where(n => n.Length > 0))}].",
                nameof(name));
        if (ReferenceEquals(module, this) || module.Modules().Any(m => ReferenceEquals(m, parent)))
            throw new ArgumentException($"ReplaceModule: putting the module at '{name}' would make a cycle.", nameof(module));

        // Check every place first, then change them all, so a failure changes nothing.
        var updates = new List<Action>();
        for (Type? t = parent.GetType(); t is not null && t != typeof(Module); t = t.BaseType)
            foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                object? value = f.GetValue(parent);
                if (ReferenceEquals(value, old))
                {
                    if (!f.FieldType.IsInstanceOfType(module))
                        throw new ArgumentException(
                            $"ReplaceModule: {parent.GetType().Name}.{f.Name} holds a {f.FieldType.Name}; a {module.GetType().Name} cannot replace '{name}' there.", nameof(module));
                    updates.Add(() => f.SetValue(parent, module));
                }
                else if (value is IList list && value.GetType().IsGenericType)
                {
                    Type element = value.GetType().GetGenericArguments()[0];
                    for (int i = 0; i < list.Count; i++)
                        if (ReferenceEquals(list[i], old))
                        {
                            if (!element.IsInstanceOfType(module))
                                throw new ArgumentException(
                                    $"ReplaceModule: {parent.GetType().Name} keeps its modules as {element.Name}; a {module.GetType().Name} cannot replace '{name}'.", nameof(module));
                            int at = i;
                            updates.Add(() => list[at] = module);
                        }
                }
                else if (value is IDictionary dict && value.GetType().IsGenericType)
                {
                    Type element = value.GetType().GetGenericArguments()[1];
                    foreach (DictionaryEntry e in dict)
                        if (ReferenceEquals(e.Value, old))
                        {
                            if (!element.IsInstanceOfType(module))
                                throw new ArgumentException(
                                    $"ReplaceModule: {parent.GetType().Name} keeps its modules as {element.Name}; a {module.GetType().Name} cannot replace '{name}'.", nameof(module));
                            object key = e.Key;
                            updates.Add(() => dict[key] = module);
                        }
                }
            }
        foreach (var update in updates) update();
        parent._modules[childName] = module;
        module.Train(parent.IsTraining);
        return old;
    }
}
