using System.Runtime.CompilerServices;

namespace DeepNotes;

/// <summary>
/// What an <see cref="Autograd.Checkpoint"/> forward observes while it runs its function with grad mode off: the
/// tensors requiring grad that the function's ops read (module parameters and other tensors it closes over, which
/// the recomputation must differentiate too), and the state of every <see cref="Generator"/> a random op of the library
/// draws from, before its first draw (so the recomputation replays the same dropout masks; draws a function makes by
/// calling a generator's methods itself are not seen). One capture is active per thread at a time.
/// </summary>
internal sealed class CheckpointCapture
{
    [ThreadStatic] private static CheckpointCapture? t_current;

    private readonly HashSet<Tensor> _seen = new(ReferenceEqualityComparer.Instance);

    /// <summary>Tensors requiring grad that the function read, in first-seen order.</summary>
    public List<Tensor> Tensors { get; } = [];

    /// <summary>Each generator the function drew from, with its state before the first draw, in first-use order.</summary>
    public List<(Generator Generator, byte[] State)> Generators { get; } = [];

    /// <summary>Makes this capture the thread's active one until disposed.</summary>
    public Scope Activate() => new(this);

    /// <summary>Called by <see cref="Tensor.NeedsGrad"/> when grad mode is off: notes the inputs that require grad.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoteInputs(ReadOnlySpan<Tensor> inputs)
    {
        if (t_current is CheckpointCapture c) c.Note(inputs);
    }

    /// <summary>
    /// Called by the ops that draw random numbers (dropout in all its forms, RReLU, attention dropout, the creation and
    /// sampling functions) before their first draw: inside a checkpoint forward, notes the generator's state. One
    /// thread-static test per op, nothing per draw.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoteGenerator(Generator generator)
    {
        if (t_current is CheckpointCapture c) c.Note(generator);
    }

    private void Note(Generator generator)
    {
        foreach (var (g, _) in Generators)
            if (ReferenceEquals(g, generator)) return;
        lock (generator) Generators.Add((generator, generator.GetState()));
    }

    private void Note(ReadOnlySpan<Tensor> inputs)
    {
        foreach (Tensor t in inputs)
            if (t is not null && t.RequiresGrad && _seen.Add(t)) Tensors.Add(t);
    }

    /// <summary>
    /// Sets every captured generator back to its state before the forward's first draw and returns their current states,
    /// for <see cref="RestoreGenerators"/> after the recomputation (so that it does not advance them).
    /// </summary>
    public byte[][] ReplayGenerators()
    {
        var now = new byte[Generators.Count][];
        for (int i = 0; i < Generators.Count; i++)
        {
            var (g, state) = Generators[i];
            lock (g)
            {
                now[i] = g.GetState();
                g.SetState(state);
            }
        }
        return now;
    }

    /// <summary>Puts the generators back to the states <see cref="ReplayGenerators"/> returned.</summary>
    public void RestoreGenerators(byte[][] states)
    {
        for (int i = 0; i < Generators.Count; i++)
            lock (Generators[i].Generator) Generators[i].Generator.SetState(states[i]);
    }

    /// <summary>The active-capture scope; restores the previous capture when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly CheckpointCapture? _previous;

        internal Scope(CheckpointCapture capture)
        {
            _previous = t_current;
            t_current = capture;
        }

        public void Dispose()
        {
            t_current = _previous;
        }
    }
}
