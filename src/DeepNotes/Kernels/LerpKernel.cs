using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// start + w·(end − start) for |w| &lt; ½, end − (end − start)·(1 − w) otherwise (exact at both ends, as PyTorch),
/// vectorised with the same IEEE operations as the scalar form (no fused multiply-add), so both give identical values.
/// </summary>
internal static class LerpKernel
{
    /// <summary>One weight per element.</summary>
    public static void Run<T>(ReadOnlySpan<T> s, ReadOnlySpan<T> e, ReadOnlySpan<T> w, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, lanes = Vector512<T>.Count;
        if (Vector512.IsHardwareAccelerated)
        {
            ref T sr = ref MemoryMarshal.GetReference(s);
            ref T er = ref MemoryMarshal.GetReference(e);
            ref T wr = ref MemoryMarshal.GetReference(w);
            ref T dr = ref MemoryMarshal.GetReference(d);
            var half = Vector512.Create(T.CreateChecked(0.5));
            for (; i <= d.Length - lanes; i += lanes)
            {
                var sv = Vector512.LoadUnsafe(ref sr, (nuint)i);
                var ev = Vector512.LoadUnsafe(ref er, (nuint)i);
                var wv = Vector512.LoadUnsafe(ref wr, (nuint)i);
                var diff = ev - sv;
                var low = sv + wv * diff;
                var high = ev - diff * (Vector512<T>.One - wv);
                Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(wv), half), low, high).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        T h = T.CreateChecked(0.5);
        for (; i < d.Length; i++)
        {
            T wi = w[i];
            d[i] = T.Abs(wi) < h ? s[i] + wi * (e[i] - s[i]) : e[i] - (e[i] - s[i]) * (T.One - wi);
        }
    }

    /// <summary>One weight for all elements.</summary>
    public static void Run<T>(ReadOnlySpan<T> s, ReadOnlySpan<T> e, T w, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, lanes = Vector512<T>.Count;
        bool low = T.Abs(w) < T.CreateChecked(0.5);
        T w1 = T.One - w;
        if (Vector512.IsHardwareAccelerated)
        {
            ref T sr = ref MemoryMarshal.GetReference(s);
            ref T er = ref MemoryMarshal.GetReference(e);
            ref T dr = ref MemoryMarshal.GetReference(d);
            Vector512<T> wv = Vector512.Create(w), w1v = Vector512.Create(w1);
            for (; i <= d.Length - lanes; i += lanes)
            {
                var sv = Vector512.LoadUnsafe(ref sr, (nuint)i);
                var ev = Vector512.LoadUnsafe(ref er, (nuint)i);
                (low ? sv + wv * (ev - sv) : ev - (ev - sv) * w1v).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < d.Length; i++) d[i] = low ? s[i] + w * (e[i] - s[i]) : e[i] - (e[i] - s[i]) * w1;
    }
}
