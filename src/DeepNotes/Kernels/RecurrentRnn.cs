using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// The elementwise step of the plain (Elman) RNN, h = act(pre) with act tanh or ReLU, and its backward
/// dpre = (gOut + dhRec) ⊙ act'(h), written from the saved output h (1 − h² for tanh, [h &gt; 0] for ReLU).
/// </summary>
internal static class RecurrentRnn
{
    /// <summary>h ← act(pre), both <c>[n·h]</c>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> pre, Span<T> h, bool relu) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (relu) TensorPrimitives.Max(pre, T.Zero, h);
        else if (typeof(T) == typeof(float)) ActivationVectorTanh(pre, h);
        else for (int i = 0; i < h.Length; i++) h[i] = T.Tanh(pre[i]);
    }

    /// <summary>dPre ← (gOut + dhRec) ⊙ act'(h).</summary>
    public static void Backward<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> gOut, ReadOnlySpan<T> dhRec, Span<T> dPre, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < dPre.Length; i++)
        {
            T d = gOut[i] + dhRec[i];
            dPre[i] = relu ? (h[i] > T.Zero ? d : T.Zero) : d * (T.One - h[i] * h[i]);
        }
    }

    private static void ActivationVectorTanh<T>(ReadOnlySpan<T> pre, Span<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var src = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(pre);
        var dst = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(h);
        int i = 0;
        for (; i <= dst.Length - 16; i += 16)
            System.Runtime.Intrinsics.Vector512.CopyTo(ActivationVectorMath.Tanh(System.Runtime.Intrinsics.Vector512.Create(src.Slice(i, 16))), dst.Slice(i, 16));
        for (; i < dst.Length; i++) dst[i] = MathF.Tanh(src[i]);
    }
}
