using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The fused LSTM gate kernels of one time step, on rows of <c>4·H</c> gate pre-activations stacked
/// <c>i, f, g, o</c> (PyTorch's order). Forward: one pass applies σ/tanh, updates the cell
/// c = f ⊙ c₋₁ + i ⊙ g, and writes h = o ⊙ tanh c, keeping the activated gates and tanh c for the backward pass.
/// Backward: one pass from dL/dh and dL/dc to the four pre-activation gradients and dL/dc₋₁.
/// </summary>
/// <remarks>
/// Float rows run 16 lanes at a time with <see cref="ActivationVectorMath"/>'s σ and tanh (within a few ulp); other
/// types and the ragged end of a row use the scalar formulas in <see cref="RecurrentMath"/>.
/// </remarks>
internal static class RecurrentLstm
{
    /// <summary>
    /// gates <c>[n, 4h]</c> pre-activations → activations (in place); c = f·cPrev + i·g; tanhC = tanh c; h = o·tanhC.
    /// All other spans are <c>[n, h]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<T>(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> tanhC, Span<T> h, int n, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < n; r++)
        {
            Span<T> gr = gates.Slice(r * 4 * hidden, 4 * hidden);
            int o = r * hidden, j = 0;
            if (typeof(T) == typeof(float))
            {
                ref float g0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(gr));
                ref float cp = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(cPrev.Slice(o, hidden)));
                ref float cc = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(c.Slice(o, hidden)));
                ref float tc = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(tanhC.Slice(o, hidden)));
                ref float hh = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(h.Slice(o, hidden)));
                nuint H = (nuint)hidden;
                for (; j <= hidden - 16; j += 16)
                {
                    nuint u = (nuint)j;
                    var i = ActivationVectorMath.Sigmoid(Vector512.LoadUnsafe(ref g0, u));
                    var f = ActivationVectorMath.Sigmoid(Vector512.LoadUnsafe(ref g0, H + u));
                    var g = ActivationVectorMath.Tanh(Vector512.LoadUnsafe(ref g0, 2 * H + u));
                    var og = ActivationVectorMath.Sigmoid(Vector512.LoadUnsafe(ref g0, 3 * H + u));
                    var cn = Vector512.FusedMultiplyAdd(f, Vector512.LoadUnsafe(ref cp, u), i * g);
                    var t = ActivationVectorMath.Tanh(cn);
                    i.StoreUnsafe(ref g0, u);
                    f.StoreUnsafe(ref g0, H + u);
                    g.StoreUnsafe(ref g0, 2 * H + u);
                    og.StoreUnsafe(ref g0, 3 * H + u);
                    cn.StoreUnsafe(ref cc, u);
                    t.StoreUnsafe(ref tc, u);
                    (og * t).StoreUnsafe(ref hh, u);
                }
            }
            for (; j < hidden; j++)
            {
                T i = RecurrentMath.Sigmoid(gr[j]), f = RecurrentMath.Sigmoid(gr[hidden + j]);
                T g = T.Tanh(gr[2 * hidden + j]), og = RecurrentMath.Sigmoid(gr[3 * hidden + j]);
                T cn = f * cPrev[o + j] + i * g, t = T.Tanh(cn);
                gr[j] = i; gr[hidden + j] = f; gr[2 * hidden + j] = g; gr[3 * hidden + j] = og;
                c[o + j] = cn; tanhC[o + j] = t; h[o + j] = og * t;
            }
        }
    }

    /// <summary>
    /// From the saved activations: dh = gOut + dhRec; dc (in: dL/dc from the next step, out: dL/dc₋₁);
    /// dGates <c>[n, 4h]</c> = the pre-activation gradients of i, f, g, o.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> tanhC, ReadOnlySpan<T> gOut,
        ReadOnlySpan<T> dhRec, Span<T> dc, Span<T> dGates, int n, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<T> gr = gates.Slice(r * 4 * hidden, 4 * hidden);
            Span<T> dg = dGates.Slice(r * 4 * hidden, 4 * hidden);
            int o = r * hidden, j = 0;
            if (typeof(T) == typeof(float))
            {
                ref float g0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(gr));
                ref float d0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(dg));
                ref float cp = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(cPrev.Slice(o, hidden)));
                ref float tc = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(tanhC.Slice(o, hidden)));
                ref float go = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(gOut.Slice(o, hidden)));
                ref float dr = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(dhRec.Slice(o, hidden)));
                ref float dcr = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(dc.Slice(o, hidden)));
                nuint H = (nuint)hidden;
                var one = Vector512<float>.One;
                for (; j <= hidden - 16; j += 16)
                {
                    nuint u = (nuint)j;
                    var i = Vector512.LoadUnsafe(ref g0, u);
                    var f = Vector512.LoadUnsafe(ref g0, H + u);
                    var g = Vector512.LoadUnsafe(ref g0, 2 * H + u);
                    var og = Vector512.LoadUnsafe(ref g0, 3 * H + u);
                    var t = Vector512.LoadUnsafe(ref tc, u);
                    var dh = Vector512.LoadUnsafe(ref go, u) + Vector512.LoadUnsafe(ref dr, u);
                    var dcv = Vector512.FusedMultiplyAdd(dh * og, one - t * t, Vector512.LoadUnsafe(ref dcr, u));
                    (dcv * g * i * (one - i)).StoreUnsafe(ref d0, u);
                    (dcv * Vector512.LoadUnsafe(ref cp, u) * f * (one - f)).StoreUnsafe(ref d0, H + u);
                    (dcv * i * (one - g * g)).StoreUnsafe(ref d0, 2 * H + u);
                    (dh * t * og * (one - og)).StoreUnsafe(ref d0, 3 * H + u);
                    (dcv * f).StoreUnsafe(ref dcr, u);
                }
            }
            for (; j < hidden; j++)
            {
                T i = gr[j], f = gr[hidden + j], g = gr[2 * hidden + j], og = gr[3 * hidden + j], t = tanhC[o + j];
                T dh = gOut[o + j] + dhRec[o + j];
                T dcv = dc[o + j] + dh * og * (T.One - t * t);
                dg[j] = dcv * g * i * (T.One - i);
                dg[hidden + j] = dcv * cPrev[o + j] * f * (T.One - f);
                dg[2 * hidden + j] = dcv * i * (T.One - g * g);
                dg[3 * hidden + j] = dh * t * og * (T.One - og);
                dc[o + j] = dcv * f;
            }
        }
    }
}
