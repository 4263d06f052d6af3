using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Recurrent;

/// <summary>
/// One LSTM layer in one direction over a whole sequence as a single graph node (the fused path of
/// <c>Layers.Lstm</c>). Forward: the input projection of all steps as one GEMM (x·W_ihᵀ + b_ih + b_hh), then per
/// step one GEMM h₋₁·W_hhᵀ accumulated onto it and the fused gate kernel <see cref="RecurrentLstm.Forward{T}"/>.
/// Backward is hand-written backpropagation through time: per step the fused gate backward and one GEMM
/// dG·W_hh for dL/dh₋₁; the weight, bias and input gradients are one GEMM each over all steps at the end.
/// </summary>
/// <remarks>
/// The output is packed <c>[T + 1, N, H]</c>: rows <c>0..T−1</c> are h_t in time order, row T is the final cell state.
/// Callers take views of it (h_n is row T − 1, or row 0 in reverse), so one node serves all three results.
/// Saved for backward: the activated gates <c>[T, N, 4H]</c>, c_t and tanh c_t <c>[T, N, H]</c>, the outputs.
/// </remarks>
internal static class LstmSequence
{
    /// <summary>x <c>[T, N, I]</c>, h0, c0 <c>[N, H]</c>, weights <c>[4H, I]</c>, <c>[4H, H]</c>, biases <c>[4H]</c> → packed <c>[T + 1, N, H]</c>.</summary>
    public static Tensor Forward(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse)
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[1];
        Tensor xc = x.ContiguousRaw(), h0c = h0.ContiguousRaw(), c0c = c0.ContiguousRaw(), wIhc = wIh.ContiguousRaw(), wHhc = wHh.ContiguousRaw();
        var packed = SequenceGradients.Uninitialized([steps + 1, n, hidden], x.DType);   // every row is written
        var gates = SequenceGradients.Uninitialized([steps, n, 4 * hidden], x.DType);
        var cells = SequenceGradients.Uninitialized([steps, n, hidden], x.DType);
        var tanhC = SequenceGradients.Uninitialized([steps, n, hidden], x.DType);
        if (x.DType == DType.Float32) Run<float>(xc, h0c, c0c, wIhc, wHhc, bIh, bHh, reverse, packed, gates, cells, tanhC);
        else Run<double>(xc, h0c, c0c, wIhc, wHhc, bIh, bHh, reverse, packed, gates, cells, tanhC);

        var inputs = new List<Tensor> { x, h0, c0, wIh, wHh };
        if (bIh is not null) inputs.Add(bIh);
        if (bHh is not null) inputs.Add(bHh);
        if (!Tensor.NeedsGrad([.. inputs])) return packed;
        return Tensor.Record(packed, "LstmBackward", [.. inputs], g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? gx = x.RequiresGrad ? new Tensor(x.Shape, x.DType) : null;
            var gh0 = new Tensor(h0.Shape, x.DType);
            var gc0 = new Tensor(c0.Shape, x.DType);
            Tensor? gWih = wIh.RequiresGrad ? new Tensor(wIh.Shape, x.DType) : null;
            Tensor? gWhh = wHh.RequiresGrad ? new Tensor(wHh.Shape, x.DType) : null;
            Tensor? gBih = bIh?.RequiresGrad == true ? new Tensor(bIh.Shape, x.DType) : null;
            Tensor? gBhh = bHh?.RequiresGrad == true ? new Tensor(bHh.Shape, x.DType) : null;
            if (x.DType == DType.Float32)
                Backward<float>(gc, xc, h0c, c0c, wIhc, wHhc, reverse, packed, gates, cells, tanhC, gx, gh0, gc0, h0.RequiresGrad, gWih, gWhh, gBih, gBhh);
            else
                Backward<double>(gc, xc, h0c, c0c, wIhc, wHhc, reverse, packed, gates, cells, tanhC, gx, gh0, gc0, h0.RequiresGrad, gWih, gWhh, gBih, gBhh);
            var grads = new List<Tensor?> { gx, h0.RequiresGrad ? gh0 : null, c0.RequiresGrad ? gc0 : null, gWih, gWhh };
            if (bIh is not null) grads.Add(gBih);
            if (bHh is not null) grads.Add(gBhh);
            return [.. grads];
        }, packed);
    }

    private static void Run<T>(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse,
        Tensor packed, Tensor gates, Tensor cells, Tensor tanhC) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[1], g = 4 * hidden, nh = n * hidden;
        Span<T> gs = gates.Span<T>(), cs = cells.Span<T>(), ts = tanhC.Span<T>(), ps = packed.Span<T>();
        ReadOnlySpan<T> whh = wHh.Span<T>();
        T[] bias = SequenceGradients.BiasSum<T>(bIh, bHh, g);
        if (steps * n > 0 && g > 0)
            Gemm.Multiply(false, true, steps * n, g, inputSize, T.One, x.Span<T>(), Math.Max(inputSize, 1), wIh.Span<T>(),
                Math.Max(inputSize, 1), T.Zero, gs, g, bias, relu: false);
        bool zeroH0 = SequenceGradients.IsZero<T>(h0.Span<T>()[..nh]);
        for (int s = 0; s < steps; s++)
        {
            int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1;
            ReadOnlySpan<T> hPrev = s == 0 ? h0.Span<T>()[..nh] : ps.Slice(tp * nh, nh);
            ReadOnlySpan<T> cPrev = s == 0 ? c0.Span<T>()[..nh] : cs.Slice(tp * nh, nh);
            Span<T> gt = gs.Slice(t * n * g, n * g);
            if (s > 0 || !zeroH0)   // a zero initial state (the default) adds nothing
                Gemm.Multiply(false, true, n, g, hidden, T.One, hPrev, Math.Max(hidden, 1), whh, Math.Max(hidden, 1), T.One, gt, g);
            RecurrentParallel.LstmForward(gt, cPrev, cs.Slice(t * nh, nh), ts.Slice(t * nh, nh), ps.Slice(t * nh, nh), n, hidden);
        }
        int last = reverse ? 0 : steps - 1;
        if (steps > 0) cs.Slice(last * nh, nh).CopyTo(ps.Slice(steps * nh, nh));
        else c0.Span<T>()[..nh].CopyTo(ps);
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, bool reverse,
        Tensor packed, Tensor gates, Tensor cells, Tensor tanhC, Tensor? gx, Tensor gh0, Tensor gc0, bool needH0,
        Tensor? gWih, Tensor? gWhh, Tensor? gBih, Tensor? gBhh) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[1], gw = 4 * hidden, nh = n * hidden;
        ReadOnlySpan<T> gs = g.Span<T>(), act = gates.Span<T>(), cs = cells.Span<T>(), ts = tanhC.Span<T>(), whh = wHh.Span<T>();
        var dG = GC.AllocateUninitializedArray<T>(steps * n * gw);
        Span<T> dc = gc0.Span<T>(), dh = gh0.Span<T>();
        gs.Slice(steps * nh, nh).CopyTo(dc);   // dL/dc_n
        dh.Clear();
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1;
            ReadOnlySpan<T> cPrev = s == 0 ? c0.Span<T>()[..nh] : cs.Slice(tp * nh, nh);
            Span<T> dGt = dG.AsSpan(t * n * gw, n * gw);
            RecurrentParallel.LstmBackward(act.Slice(t * n * gw, n * gw), cPrev, ts.Slice(t * nh, nh), gs.Slice(t * nh, nh), dh, dc, dGt, n, hidden);
            // dL/dh₋₁ = dG·W_hh ([N, 4H]·[4H, H]); not needed past the first step unless h0 wants a gradient.
            if (s > 0 || needH0) Gemm.Multiply(false, false, n, hidden, gw, T.One, dGt, gw, whh, Math.Max(hidden, 1), T.Zero, dh, Math.Max(hidden, 1));
        }
        SequenceGradients.Finish<T>(dG, dG, x.Span<T>(), packed.Span<T>(), h0.Span<T>(), wIh.Span<T>(), steps, n, inputSize, hidden,
            gw, reverse, gWih, gWhh, gBih, gBhh, gx);
    }
}
