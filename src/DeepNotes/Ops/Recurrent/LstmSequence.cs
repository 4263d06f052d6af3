using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Recurrent;

/// <summary>
/// One LSTM layer in one direction over a whole sequence as a single graph node (the fused path of
/// <c>Layers.Lstm</c>). Forward: the input projection of all steps as one GEMM (x·W_ihᵀ + b_ih + b_hh), then per
/// step one GEMM h₋₁·W_hhᵀ accumulated onto it, the fused gate kernel <see cref="RecurrentLstm.Forward{T}"/> and,
/// with a projection W_hr <c>[P, H]</c>, one GEMM h = (o ⊙ tanh c)·W_hrᵀ. Backward is hand-written
/// backpropagation through time: per step (with a projection: one GEMM dh·W_hr to dL/d(o ⊙ tanh c)) the fused gate
/// backward and one GEMM dG·W_hh for dL/dh₋₁; the weight, bias and input gradients are one GEMM each over all steps
/// at the end (dW_hr = dHᵀ·U too).
/// A <c>createGraph</c> pass differentiates the same recurrence written step by step in differentiable ops
/// (<see cref="SequenceComposites"/>) instead, so the results have derivatives of every order.
/// </summary>
/// <remarks>
/// Without a projection the output is packed <c>[T + 1, N, H]</c>: rows <c>0..T−1</c> are h_t in time order, row T is
/// the final cell state. With one it is flat <c>[T·N·P + N·H]</c>: h_t <c>[T, N, P]</c>, then the final cell state
/// <c>[N, H]</c>. <see cref="Unpack"/> takes the views, so one node serves all three results. Saved for backward: the
/// activated gates <c>[T, N, 4H]</c>, c_t and tanh c_t <c>[T, N, H]</c>, the outputs, and with a projection
/// u_t = o_t ⊙ tanh c_t <c>[T, N, H]</c>.
/// </remarks>
internal static class LstmSequence
{
    /// <summary>
    /// x <c>[T, N, I]</c>, h0 <c>[N, H']</c>, c0 <c>[N, H]</c>, weights <c>[4H, I]</c>, <c>[4H, H']</c>, biases
    /// <c>[4H]</c>, optional projection <c>[P, H]</c> (H' = P with it, else H) → the packed result (see remarks).
    /// </summary>
    public static Tensor Forward(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, Tensor? wHr, bool reverse)
    {
        int steps = x.Shape[0], n = x.Shape[1], hidden = wHh.Shape[0] / 4, rec = wHh.Shape[1];
        Tensor xc = x.ContiguousRaw(), h0c = h0.ContiguousRaw(), c0c = c0.ContiguousRaw(), wIhc = wIh.ContiguousRaw(), wHhc = wHh.ContiguousRaw();
        Tensor? wHrc = wHr?.ContiguousRaw();
        var packed = wHr is null ? ShapeMoves.Empty([steps + 1, n, hidden], x.DType)   // every element is written
            : ShapeMoves.Empty([steps * n * rec + n * hidden], x.DType);
        var gates = ShapeMoves.Empty([steps, n, 4 * hidden], x.DType);
        var cells = ShapeMoves.Empty([steps, n, hidden], x.DType);
        var tanhC = ShapeMoves.Empty([steps, n, hidden], x.DType);
        Tensor? unprojected = wHr is null ? null : ShapeMoves.Empty([steps, n, hidden], x.DType);
        if (x.DType == DType.Float32) Run<float>(xc, h0c, c0c, wIhc, wHhc, bIh, bHh, wHrc, reverse, packed, gates, cells, tanhC, unprojected);
        else Run<double>(xc, h0c, c0c, wIhc, wHhc, bIh, bHh, wHrc, reverse, packed, gates, cells, tanhC, unprojected);

        var inputs = new List<Tensor> { x, h0, c0, wIh, wHh };
        if (bIh is not null) inputs.Add(bIh);
        if (bHh is not null) inputs.Add(bHh);
        if (wHr is not null) inputs.Add(wHr);
        if (!Tensor.NeedsGrad([.. inputs])) return packed;
        return Tensor.RecordComposite(packed, "LstmBackward", [.. inputs], g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? gx = x.RequiresGrad ? new Tensor(x.Shape, x.DType) : null;
            var gh0 = new Tensor(h0.Shape, x.DType);
            var gc0 = new Tensor(c0.Shape, x.DType);
            var grads = new Grads(gx, gh0, gc0, h0.RequiresGrad,
                wIh.RequiresGrad ? new Tensor(wIh.Shape, x.DType) : null, wHh.RequiresGrad ? new Tensor(wHh.Shape, x.DType) : null,
                bIh?.RequiresGrad == true ? new Tensor(bIh.Shape, x.DType) : null, bHh?.RequiresGrad == true ? new Tensor(bHh.Shape, x.DType) : null,
                wHr?.RequiresGrad == true ? new Tensor(wHr.Shape, x.DType) : null);
            if (x.DType == DType.Float32)
                Backward<float>(gc, xc, h0c, c0c, wIhc, wHhc, wHrc, reverse, packed, gates, cells, tanhC, unprojected, grads);
            else
                Backward<double>(gc, xc, h0c, c0c, wIhc, wHhc, wHrc, reverse, packed, gates, cells, tanhC, unprojected, grads);
            var result = new List<Tensor?> { gx, h0.RequiresGrad ? gh0 : null, c0.RequiresGrad ? gc0 : null, grads.WIh, grads.WHh };
            if (bIh is not null) result.Add(grads.BIh);
            if (bHh is not null) result.Add(grads.BHh);
            if (wHr is not null) result.Add(grads.WHr);
            return [.. result];
        }, args => SequenceComposites.Lstm(args, bIh is not null, bHh is not null, wHr is not null, reverse), packed);
    }

    /// <summary>
    /// The views of a packed result: output <c>[T, N, H']</c>, h_n <c>[N, H']</c> (row T − 1, or row 0 in reverse) and
    /// c_n <c>[N, H]</c>, H' = <paramref name="outputSize"/>.
    /// </summary>
    public static (Tensor Output, Tensor HN, Tensor CN) Unpack(Tensor packed, int steps, int n, int hidden, int outputSize, bool reverse)
    {
        int last = reverse ? 0 : steps - 1;
        if (packed.Rank == 3) return (packed.Narrow(0, 0, steps), packed.Select(0, last), packed.Select(0, steps));
        int outputs = steps * n * outputSize;
        Tensor output = packed.Narrow(0, 0, outputs).Reshape(steps, n, outputSize);
        return (output, output.Select(0, last), packed.Narrow(0, outputs, n * hidden).Reshape(n, hidden));
    }

    /// <summary>The gradient destinations (null: not wanted) and whether h0 wants its gradient.</summary>
    private sealed record Grads(Tensor? X, Tensor H0, Tensor C0, bool NeedH0, Tensor? WIh, Tensor? WHh, Tensor? BIh, Tensor? BHh, Tensor? WHr);

    private static void Run<T>(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, Tensor? wHr, bool reverse,
        Tensor packed, Tensor gates, Tensor cells, Tensor tanhC, Tensor? unprojected) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // rec = width of h (H, or P with a projection); nr = one step of h, nh = one step of c.
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[0] / 4, rec = wHh.Shape[1];
        int g = 4 * hidden, nh = n * hidden, nr = n * rec, ldR = Math.Max(rec, 1);
        Span<T> gs = gates.Span<T>(), cs = cells.Span<T>(), ts = tanhC.Span<T>(), ps = packed.Span<T>();
        Span<T> us = unprojected is null ? default : unprojected.Span<T>();
        ReadOnlySpan<T> whh = wHh.Span<T>(), whr = wHr is null ? default : wHr.Span<T>();
        T[] bias = SequenceGradients.BiasSum<T>(bIh, bHh, g);
        if (steps * n > 0 && g > 0)
            Gemm.Multiply(false, true, steps * n, g, inputSize, T.One, x.Span<T>(), Math.Max(inputSize, 1), wIh.Span<T>(),
                Math.Max(inputSize, 1), T.Zero, gs, g, bias, relu: false);
        bool zeroH0 = SequenceGradients.IsZero<T>(h0.Span<T>()[..nr]);
        for (int s = 0; s < steps; s++)
        {
            int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1;
            ReadOnlySpan<T> hPrev = s == 0 ? h0.Span<T>()[..nr] : ps.Slice(tp * nr, nr);
            ReadOnlySpan<T> cPrev = s == 0 ? c0.Span<T>()[..nh] : cs.Slice(tp * nh, nh);
            Span<T> gt = gs.Slice(t * n * g, n * g);
            if (s > 0 || !zeroH0)   // a zero initial state (the default) adds nothing
                Gemm.Multiply(false, true, n, g, rec, T.One, hPrev, ldR, whh, ldR, T.One, gt, g);
            if (wHr is null)
            {
                RecurrentParallel.LstmForward(gt, cPrev, cs.Slice(t * nh, nh), ts.Slice(t * nh, nh), ps.Slice(t * nh, nh), n, hidden);
            }
            else
            {
                // u_t = o ⊙ tanh c_t, then h_t = u_t·W_hrᵀ ([N, H]·[H, P]).
                Span<T> ut = us.Slice(t * nh, nh);
                RecurrentParallel.LstmForward(gt, cPrev, cs.Slice(t * nh, nh), ts.Slice(t * nh, nh), ut, n, hidden);
                Gemm.Multiply(false, true, n, rec, hidden, T.One, ut, hidden, whr, hidden, T.Zero, ps.Slice(t * nr, nr), ldR);
            }
        }
        int last = reverse ? 0 : steps - 1;
        if (steps > 0) cs.Slice(last * nh, nh).CopyTo(ps.Slice(steps * nr, nh));
        else c0.Span<T>()[..nh].CopyTo(ps);
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor? wHr, bool reverse,
        Tensor packed, Tensor gates, Tensor cells, Tensor tanhC, Tensor? unprojected, Grads grads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[0] / 4, rec = wHh.Shape[1];
        int gw = 4 * hidden, nh = n * hidden, nr = n * rec;
        ReadOnlySpan<T> gs = g.Span<T>(), act = gates.Span<T>(), cs = cells.Span<T>(), ts = tanhC.Span<T>(), whh = wHh.Span<T>();
        var dG = GC.AllocateUninitializedArray<T>(steps * n * gw);
        Span<T> dc = grads.C0.Span<T>(), dh = grads.H0.Span<T>();
        gs.Slice(steps * nr, nh).CopyTo(dc);   // dL/dc_n
        if (wHr is null)
        {
            dh.Clear();
            for (int s = steps - 1; s >= 0; s--)
            {
                int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1;
                ReadOnlySpan<T> cPrev = s == 0 ? c0.Span<T>()[..nh] : cs.Slice(tp * nh, nh);
                Span<T> dGt = dG.AsSpan(t * n * gw, n * gw);
                RecurrentParallel.LstmBackward(act.Slice(t * n * gw, n * gw), cPrev, ts.Slice(t * nh, nh), gs.Slice(t * nh, nh), dh, dc, dGt, n, hidden);
                // dL/dh₋₁ = dG·W_hh ([N, 4H]·[4H, H]); not needed past the first step unless h0 wants a gradient.
                if (s > 0 || grads.NeedH0) Gemm.Multiply(false, false, n, hidden, gw, T.One, dGt, gw, whh, Math.Max(hidden, 1), T.Zero, dh, Math.Max(hidden, 1));
            }
        }
        else
        {
            BackwardProjected<T>(gs, c0.Span<T>(), act, cs, ts, whh, wHr.Span<T>(), unprojected!.Span<T>(), dG, dc, dh, steps, n, hidden, rec,
                reverse, grads);
        }
        SequenceGradients.Finish<T>(dG, dG, x.Span<T>(), packed.Span<T>(), h0.Span<T>(), wIh.Span<T>(), steps, n, inputSize, rec,
            gw, reverse, grads.WIh, grads.WHh, grads.BIh, grads.BHh, grads.X);
    }

    /// <summary>
    /// BPTT through the projection: per step dH_t = dL/dh_t (from the outputs) + dG_{t+1}·W_hh <c>[N, P]</c>, then
    /// dU_t = dH_t·W_hr <c>[N, H]</c> feeds the gate backward. dW_hr = Σ_t dH_tᵀ·u_t is one GEMM over all steps.
    /// </summary>
    private static void BackwardProjected<T>(ReadOnlySpan<T> gs, ReadOnlySpan<T> c0, ReadOnlySpan<T> act, ReadOnlySpan<T> cs, ReadOnlySpan<T> ts,
        ReadOnlySpan<T> whh, ReadOnlySpan<T> whr, ReadOnlySpan<T> us, Span<T> dG, Span<T> dc, Span<T> dh0, int steps, int n, int hidden, int rec,
        bool reverse, Grads grads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int gw = 4 * hidden, nh = n * hidden, nr = n * rec;
        var dH = GC.AllocateUninitializedArray<T>(steps * nr);
        var dU = GC.AllocateUninitializedArray<T>(nh);
        var noRecurrent = new T[nh];   // the gate kernel's dL/dh is all in dU
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1, tn = reverse ? t - 1 : t + 1;
            ReadOnlySpan<T> cPrev = s == 0 ? c0[..nh] : cs.Slice(tp * nh, nh);
            Span<T> dHt = dH.AsSpan(t * nr, nr), dGt = dG.Slice(t * n * gw, n * gw);
            gs.Slice(t * nr, nr).CopyTo(dHt);
            if (s < steps - 1)   // + dL/dh_t through the next step: dG_{t+1}·W_hh ([N, 4H]·[4H, P])
                Gemm.Multiply(false, false, n, rec, gw, T.One, dG.Slice(tn * n * gw, n * gw), gw, whh, rec, T.One, dHt, rec);
            Gemm.Multiply(false, false, n, hidden, rec, T.One, dHt, rec, whr, hidden, T.Zero, dU, hidden);
            RecurrentParallel.LstmBackward(act.Slice(t * n * gw, n * gw), cPrev, ts.Slice(t * nh, nh), dU, noRecurrent, dc, dGt, n, hidden);
        }
        if (grads.NeedH0)
        {
            int t0 = SequenceGradients.Time(0, steps, reverse);
            Gemm.Multiply(false, false, n, rec, gw, T.One, dG.Slice(t0 * n * gw, n * gw), gw, whh, rec, T.Zero, dh0, rec);
        }
        if (grads.WHr is not null)   // dW_hr = dHᵀ·U ([P, T·N]·[T·N, H])
            Gemm.Multiply(true, false, rec, hidden, steps * n, T.One, dH, rec, us, hidden, T.Zero, grads.WHr.Span<T>(), hidden);
    }
}
