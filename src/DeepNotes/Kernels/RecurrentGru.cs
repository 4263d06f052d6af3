using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The fused GRU gate kernels of one time step, PyTorch's formulation with gates stacked <c>r, z, n</c>:
/// r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r ⊙ hn), h = (1 − z) ⊙ n + z ⊙ h₋₁, where x· = W_i·x + b_i· and
/// h· = W_h·h₋₁ + b_h·. Forward keeps r, z, n (in place of the input projection) and hn; backward gives the
/// pre-activation gradients on the input side (for W_ih, b_ih, x) and on the hidden side (for W_hh, b_hh, h₋₁), which
/// differ only in the n block (dn_pre against r ⊙ dn_pre).
/// </summary>
internal static class RecurrentGru
{
    /// <summary>
    /// xg <c>[n, 3h]</c>: input projections → r, z, n (in place); hg <c>[n, 3h]</c>: hidden projections;
    /// hPrev, hnSave (← hn) and h (← new state) are <c>[n, h]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward<T>(Span<T> xg, ReadOnlySpan<T> hg, ReadOnlySpan<T> hPrev, Span<T> hnSave, Span<T> h, int n, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < n; r++)
        {
            Span<T> xr = xg.Slice(r * 3 * hidden, 3 * hidden);
            ReadOnlySpan<T> hr = hg.Slice(r * 3 * hidden, 3 * hidden);
            int o = r * hidden, j = 0;
            if (typeof(T) == typeof(float))
            {
                ref float x0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(xr));
                ref float h0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(hr));
                ref float hp = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(hPrev.Slice(o, hidden)));
                ref float hs = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(hnSave.Slice(o, hidden)));
                ref float hh = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(h.Slice(o, hidden)));
                nuint H = (nuint)hidden;
                for (; j <= hidden - 16; j += 16)
                {
                    nuint u = (nuint)j;
                    var rg = ActivationVectorMath.Sigmoid(Vector512.LoadUnsafe(ref x0, u) + Vector512.LoadUnsafe(ref h0, u));
                    var z = ActivationVectorMath.Sigmoid(Vector512.LoadUnsafe(ref x0, H + u) + Vector512.LoadUnsafe(ref h0, H + u));
                    var hn = Vector512.LoadUnsafe(ref h0, 2 * H + u);
                    var ng = ActivationVectorMath.Tanh(Vector512.FusedMultiplyAdd(rg, hn, Vector512.LoadUnsafe(ref x0, 2 * H + u)));
                    rg.StoreUnsafe(ref x0, u);
                    z.StoreUnsafe(ref x0, H + u);
                    ng.StoreUnsafe(ref x0, 2 * H + u);
                    hn.StoreUnsafe(ref hs, u);
                    Vector512.FusedMultiplyAdd(z, Vector512.LoadUnsafe(ref hp, u) - ng, ng).StoreUnsafe(ref hh, u);
                }
            }
            for (; j < hidden; j++)
            {
                T rg = RecurrentMath.Sigmoid(xr[j] + hr[j]);
                T z = RecurrentMath.Sigmoid(xr[hidden + j] + hr[hidden + j]);
                T hn = hr[2 * hidden + j];
                T ng = T.Tanh(xr[2 * hidden + j] + rg * hn);
                xr[j] = rg; xr[hidden + j] = z; xr[2 * hidden + j] = ng;
                hnSave[o + j] = hn;
                h[o + j] = ng + z * (hPrev[o + j] - ng);
            }
        }
    }

    /// <summary>
    /// dh = gOut + dh (in: recurrent gradient; out: z ⊙ dh, the direct part of dL/dh₋₁, to which the caller adds
    /// dGh·W_hh); dGi, dGh <c>[n, 3h]</c> ← pre-activation gradients on the input and hidden sides.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(ReadOnlySpan<T> gates, ReadOnlySpan<T> hnSave, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> gOut,
        Span<T> dh, Span<T> dGi, Span<T> dGh, int n, int hidden)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<T> gr = gates.Slice(r * 3 * hidden, 3 * hidden);
            Span<T> di = dGi.Slice(r * 3 * hidden, 3 * hidden), dhh = dGh.Slice(r * 3 * hidden, 3 * hidden);
            int o = r * hidden, j = 0;
            if (typeof(T) == typeof(float))
            {
                ref float g0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(gr));
                ref float i0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(di));
                ref float k0 = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(dhh));
                ref float hs = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(hnSave.Slice(o, hidden)));
                ref float hp = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(hPrev.Slice(o, hidden)));
                ref float go = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(gOut.Slice(o, hidden)));
                ref float dd = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(dh.Slice(o, hidden)));
                nuint H = (nuint)hidden;
                var one = Vector512<float>.One;
                for (; j <= hidden - 16; j += 16)
                {
                    nuint u = (nuint)j;
                    var rg = Vector512.LoadUnsafe(ref g0, u);
                    var z = Vector512.LoadUnsafe(ref g0, H + u);
                    var ng = Vector512.LoadUnsafe(ref g0, 2 * H + u);
                    var d = Vector512.LoadUnsafe(ref go, u) + Vector512.LoadUnsafe(ref dd, u);
                    var dnPre = d * (one - z) * (one - ng * ng);
                    var drPre = dnPre * Vector512.LoadUnsafe(ref hs, u) * rg * (one - rg);
                    var dzPre = d * (Vector512.LoadUnsafe(ref hp, u) - ng) * z * (one - z);
                    drPre.StoreUnsafe(ref i0, u);
                    dzPre.StoreUnsafe(ref i0, H + u);
                    dnPre.StoreUnsafe(ref i0, 2 * H + u);
                    drPre.StoreUnsafe(ref k0, u);
                    dzPre.StoreUnsafe(ref k0, H + u);
                    (dnPre * rg).StoreUnsafe(ref k0, 2 * H + u);
                    (d * z).StoreUnsafe(ref dd, u);
                }
            }
            for (; j < hidden; j++)
            {
                T rg = gr[j], z = gr[hidden + j], ng = gr[2 * hidden + j];
                T d = gOut[o + j] + dh[o + j];
                T dnPre = d * (T.One - z) * (T.One - ng * ng);
                T drPre = dnPre * hnSave[o + j] * rg * (T.One - rg);
                T dzPre = d * (hPrev[o + j] - ng) * z * (T.One - z);
                di[j] = drPre; di[hidden + j] = dzPre; di[2 * hidden + j] = dnPre;
                dhh[j] = drPre; dhh[hidden + j] = dzPre; dhh[2 * hidden + j] = dnPre * rg;
                dh[o + j] = d * z;
            }
        }
    }
}
