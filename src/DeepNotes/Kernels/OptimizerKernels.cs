using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The streams one optimizer update reads and writes, all of one length: the parameter <see cref="P"/> (updated in
/// place), its gradient <see cref="G"/> (read only) and up to three state buffers (updated in place; empty when the
/// optimizer's options do not use them).
/// </summary>
internal readonly ref struct UpdateSpans<T>
    where T : unmanaged
{
    public UpdateSpans(Span<T> p, ReadOnlySpan<T> g, Span<T> s0 = default, Span<T> s1 = default, Span<T> s2 = default)
    {
        if (g.Length != p.Length || (!s0.IsEmpty && s0.Length != p.Length) || (!s1.IsEmpty && s1.Length != p.Length)
            || (!s2.IsEmpty && s2.Length != p.Length))
            throw new ArgumentException("Internal error: optimizer update streams differ in length.");
        P = p;
        G = g;
        S0 = s0;
        S1 = s1;
        S2 = s2;
    }

    public Span<T> P { get; }

    public ReadOnlySpan<T> G { get; }

    public Span<T> S0 { get; }

    public Span<T> S1 { get; }

    public Span<T> S2 { get; }
}

/// <summary>
/// One optimizer's element-wise update rule for one vector width: <see cref="Apply"/> reads a vector of each stream
/// at the given references, updates it and stores the results back. Streams a rule does not use are never touched.
/// </summary>
internal interface IVectorBody<T>
    where T : unmanaged
{
    /// <summary>Elements per <see cref="Apply"/>.</summary>
    static abstract int Width { get; }

    void Apply(ref T p, ref T g, ref T s0, ref T s1, ref T s2);
}

/// <summary>
/// An optimizer update's scalar hyper-parameters for one step (in double, converted to the element type by the bodies),
/// with the entry point that runs the rule over <see cref="UpdateSpans{T}"/> at a vector width of 512, 256 or 128 bits.
/// </summary>
internal interface IUpdateKernel<TSelf>
    where TSelf : struct, IUpdateKernel<TSelf>
{
    static abstract void Run<T>(in TSelf args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>Shared drivers of the fused, single-pass optimizer update kernels.</summary>
internal static class OptimizerKernels
{
    /// <summary>Longest vector width (bits) accelerated on this machine: 512, 256, else 128 (portable).</summary>
    public static readonly int PreferredVectorBits =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>Fewest elements worth handing to another thread (below this a fork/join costs more than it saves).</summary>
    public const int MinElementsPerPart = 32 * 1024;

    /// <summary>
    /// Runs <paramref name="body"/> over every element: whole vectors in place, then the last partial vector through
    /// zero-padded stack copies, so every element goes through the same vector instructions (results do not depend on
    /// where an element falls, nor on how the range is split between threads).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void VectorLoop<T, TBody>(ref TBody body, in UpdateSpans<T> spans)
        where T : unmanaged
        where TBody : struct, IVectorBody<T>
    {
        int n = spans.P.Length, w = TBody.Width;
        ref T p = ref MemoryMarshal.GetReference(spans.P);
        ref T g = ref MemoryMarshal.GetReference(spans.G);
        ref T s0 = ref MemoryMarshal.GetReference(spans.S0);
        ref T s1 = ref MemoryMarshal.GetReference(spans.S1);
        ref T s2 = ref MemoryMarshal.GetReference(spans.S2);
        int i = 0;
        for (; i <= n - w; i += w)
            body.Apply(ref Unsafe.Add(ref p, i), ref Unsafe.Add(ref g, i), ref Unsafe.Add(ref s0, i), ref Unsafe.Add(ref s1, i), ref Unsafe.Add(ref s2, i));
        int rest = n - i;
        if (rest == 0) return;

        Span<T> pad = stackalloc T[5 * 16]; // five streams of one vector (at most 16 elements: 512-bit float)
        pad.Clear();
        Span<T> tp = pad.Slice(0, w), tg = pad.Slice(16, w), t0 = pad.Slice(32, w), t1 = pad.Slice(48, w), t2 = pad.Slice(64, w);
        spans.P.Slice(i, rest).CopyTo(tp);
        spans.G.Slice(i, rest).CopyTo(tg);
        if (!spans.S0.IsEmpty) spans.S0.Slice(i, rest).CopyTo(t0);
        if (!spans.S1.IsEmpty) spans.S1.Slice(i, rest).CopyTo(t1);
        if (!spans.S2.IsEmpty) spans.S2.Slice(i, rest).CopyTo(t2);
        body.Apply(ref tp[0], ref tg[0], ref t0[0], ref t1[0], ref t2[0]);
        tp.Slice(0, rest).CopyTo(spans.P.Slice(i));
        if (!spans.S0.IsEmpty) t0.Slice(0, rest).CopyTo(spans.S0.Slice(i));
        if (!spans.S1.IsEmpty) t1.Slice(0, rest).CopyTo(spans.S1.Slice(i));
        if (!spans.S2.IsEmpty) t2.Slice(0, rest).CopyTo(spans.S2.Slice(i));
    }

    /// <summary>
    /// Runs <paramref name="body"/> (a kernel's hyper-parameters splatted for one vector width) over the spans; the
    /// kernels' <c>Run</c> methods pick the body type per width and call this.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TBody>(TBody body, in UpdateSpans<T> spans)
        where T : unmanaged
        where TBody : struct, IVectorBody<T> =>
        VectorLoop(ref body, spans);
}

/// <summary>
/// A reusable fork/join job that applies one update kernel to a parameter, splitting long parameters into contiguous
/// ranges over the <see cref="WorkerPool"/>. The optimizer keeps one job per element type and reuses it every step, so a
/// step allocates nothing. Elementwise updates do not depend on the split, so results are identical for any thread count.
/// </summary>
internal sealed class UpdateJob<T, TKernel> : ParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : struct, IUpdateKernel<TKernel>
{
    private TKernel _args;
    private T[] _p = [], _g = [];
    private T[]? _s0, _s1, _s2;
    private int _pOffset, _gOffset, _length, _chunk, _vectorBits;

    /// <summary>
    /// Applies the kernel to <paramref name="length"/> elements: the parameter at <paramref name="p"/>[<paramref name="pOffset"/>..],
    /// its gradient at <paramref name="g"/>[<paramref name="gOffset"/>..], and state buffers starting at index 0 (null when unused).
    /// </summary>
    public void Run(in TKernel args, T[] p, int pOffset, T[] g, int gOffset, int length, T[]? s0, T[]? s1, T[]? s2,
        int vectorBits = 0)
    {
        _args = args;
        (_p, _pOffset, _g, _gOffset, _length, _s0, _s1, _s2) = (p, pOffset, g, gOffset, length, s0, s1, s2);
        _vectorBits = vectorBits == 0 ? OptimizerKernels.PreferredVectorBits : vectorBits;
        int parts = Math.Min(WorkerPool.MaxThreads, length / OptimizerKernels.MinElementsPerPart);
        try
        {
            if (parts <= 1)
            {
                _chunk = length;
                Execute(0);
            }
            else
            {
                _chunk = (length + parts - 1) / parts + 63 & ~63; // whole cache lines per part
                WorkerPool.Run(this, (length + _chunk - 1) / _chunk);
            }
        }
        finally
        {
            (_p, _g, _s0, _s1, _s2) = ([], [], null, null, null); // do not keep the tensors' arrays alive
        }
    }

    public override void Execute(int index)
    {
        int start = index * _chunk, count = Math.Min(_chunk, _length - start);
        var spans = new UpdateSpans<T>(
            _p.AsSpan(_pOffset + start, count),
            _g.AsSpan(_gOffset + start, count),
            _s0 is null ? default : _s0.AsSpan(start, count),
            _s1 is null ? default : _s1.AsSpan(start, count),
            _s2 is null ? default : _s2.AsSpan(start, count));
        TKernel.Run(in _args, spans, _vectorBits);
    }
}
