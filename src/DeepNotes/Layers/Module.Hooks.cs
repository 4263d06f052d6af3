namespace DeepNotes.Layers;

/// <summary>Forward hooks: callbacks that observe a module's calls through <see cref="Module{TInput, TOutput}.Call"/>.</summary>
public abstract partial class Module
{
    private List<Action<Module, object?>>? _forwardPreHooks;
    private List<Action<Module, object?, object?>>? _forwardHooks;

    /// <summary>
    /// Registers <paramref name="hook"/> to run before every <see cref="Module{TInput, TOutput}.Call"/> of this module
    /// with the module and its input, like PyTorch's <c>register_forward_pre_hook</c>. Calling
    /// <see cref="Module{TInput, TOutput}.Forward"/> directly skips hooks, as calling <c>forward</c> does in PyTorch.
    /// </summary>
    /// <returns>A handle whose <see cref="IDisposable.Dispose"/> removes the hook.</returns>
    public IDisposable RegisterForwardPreHook(Action<Module, object?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        (_forwardPreHooks ??= []).Add(hook);
        return new HookHandle(() => _forwardPreHooks.Remove(hook));
    }

    /// <summary>
    /// Registers <paramref name="hook"/> to run after every <see cref="Module{TInput, TOutput}.Call"/> of this module
    /// with the module, its input and its output, like PyTorch's <c>register_forward_hook</c>.
    /// </summary>
    /// <returns>A handle whose <see cref="IDisposable.Dispose"/> removes the hook.</returns>
    public IDisposable RegisterForwardHook(Action<Module, object?, object?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        (_forwardHooks ??= []).Add(hook);
        return new HookHandle(() => _forwardHooks.Remove(hook));
    }

    private protected void RunForwardPreHooks(object? input)
    {
        if (_forwardPreHooks is not { Count: > 0 } hooks) return;
        foreach (var hook in hooks.ToArray()) hook(this, input);
    }

    private protected void RunForwardHooks(object? input, object? output)
    {
        if (_forwardHooks is not { Count: > 0 } hooks) return;
        foreach (var hook in hooks.ToArray()) hook(this, input, output);
    }

    private sealed class HookHandle(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose()
        {
            _remove?.Invoke();
            _remove = null;
        }
    }
}
