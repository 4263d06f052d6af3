using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Recurrent;

/// <summary>
/// One GRU layer in one direction over a whole sequence as a single graph node (the fused path of
/// <c>Layers.Gru</c>). Forward: x·W_ihᵀ + b_ih for all steps as one GEMM; per step one GEMM h₋₁·W_hhᵀ + b_hh
/// (b_hn must stay inside r ⊙ (W_hn h + b_hn)) and the fused gate kernel <see cref="RecurrentGru.Forward{T}"/>.
/// Backward: per step the fused gate backward and one GEMM for dL/dh₋₁; weight, bias and input gradients as one
/// GEMM each over all steps.
/// A <c>createGraph</c> pass differentiates the same recurrence written step by step in differentiable ops
/// (<see cref="SequenceComposites"/>) instead, so the results have derivatives of every order.
/// </summary>
/// <remarks>The output is <c>[T, N, H]</c> (h_t in time order); h_n is a view of row T − 1 (row 0 in reverse).</remarks>
internal static class GruSequence
{
    /// <summary>x <c>[T, N, I]</c>, h0 <c>[N, H]</c>, weights <c>[3H, I]</c>, <c>[3H, H]</c>, biases <c>[3H]</c> → <c>[T, N, H]</c>.</summary>
    public static Tensor Forward(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse)
    {
        int steps = x.Shape[0], n = x.Shape[1], hidden = wHh.Shape[1];
        Tensor xc = x.ContiguousRaw(), h0c = h0.ContiguousRaw(), wIhc = wIh.ContiguousRaw(), wHhc = wHh.ContiguousRaw();
        var output = ShapeMoves.Empty([steps, n, hidden], x.DType);   // every row is written
        var gates = ShapeMoves.Empty([steps, n, 3 * hidden], x.DType);
        var hn = ShapeMoves.Empty([steps, n, hidden], x.DType);
        if (x.DType == DType.Float32) Run<float>(xc, h0c, wIhc, wHhc, bIh, bHh, reverse, output, gates, hn);
        else Run<double>(xc, h0c, wIhc, wHhc, bIh, bHh, reverse, output, gates, hn);

        var inputs = new List<Tensor> { x, h0, wIh, wHh };
        if (bIh is not null) inputs.Add(bIh);
        if (bHh is not null) inputs.Add(bHh);
        if (!Tensor.NeedsGrad([.. inputs])) return output;
        return Tensor.RecordComposite(output, "GruBackward", [.. inputs], g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? gx = x.RequiresGrad ? new Tensor(x.Shape, x.DType) : null;
            var gh0 = new Tensor(h0.Shape, x.DType);
            Tensor? gWih = wIh.RequiresGrad ? new Tensor(wIh.Shape, x.DType) : null;
            Tensor? gWhh = wHh.RequiresGrad ? new Tensor(wHh.Shape, x.DType) : null;
            Tensor? gBih = bIh?.RequiresGrad == true ? new Tensor(bIh.Shape, x.DType) : null;
            Tensor? gBhh = bHh?.RequiresGrad == true ? new Tensor(bHh.Shape, x.DType) : null;
            if (x.DType == DType.Float32) Backward<float>(gc, xc, h0c, wIhc, wHhc, reverse, output, gates, hn, gx, gh0, h0.RequiresGrad, gWih, gWhh, gBih, gBhh);
            else Backward<double>(gc, xc, h0c, wIhc, wHhc, reverse, output, gates, hn, gx, gh0, h0.RequiresGrad, gWih, gWhh, gBih, gBhh);
            var grads = new List<Tensor?> { gx, h0.RequiresGrad ? gh0 : null, gWih, gWhh };
            if (bIh is not null) grads.Add(gBih);
            if (bHh is not null) grads.Add(gBhh);
            return [.. grads];
        }, args => SequenceComposites.Gru(args, bIh is not null, bHh is not null, reverse), output);
    }

    private static void Run<T>(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse,
        Tensor output, Tensor gates, Tensor hn) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[1], g = 3 * hidden, nh = n * hidden;
        Span<T> gs = gates.Span<T>(), os = output.Span<T>(), hs = hn.Span<T>();
        ReadOnlySpan<T> whh = wHh.Span<T>();
        T[] biasIh = SequenceGradients.BiasSum<T>(bIh, null, g), biasHh = SequenceGradients.BiasSum<T>(null, bHh, g);
        if (steps * n > 0 && g > 0)
            Gemm.Multiply(false, true, steps * n, g, inputSize, T.One, x.Span<T>(), Math.Max(inputSize, 1), wIh.Span<T>(),
                Math.Max(inputSize, 1), T.Zero, gs, g, biasIh, relu: false);
        var hg = new T[n * g];
        bool zeroH0 = SequenceGradients.IsZero<T>(h0.Span<T>()[..nh]);
        for (int s = 0; s < steps; s++)
        {
            int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1;
            ReadOnlySpan<T> hPrev = s == 0 ? h0.Span<T>()[..nh] : os.Slice(tp * nh, nh);
            if (s == 0 && zeroH0)   // a zero initial state (the default): the hidden projection is just b_hh
            {
                for (int r = 0; r < n; r++)
                    if (biasHh.Length > 0) biasHh.CopyTo(hg.AsSpan(r * g, g));
                    else hg.AsSpan(r * g, g).Clear();
            }
            else
            {
                Gemm.Multiply(false, true, n, g, hidden, T.One, hPrev, Math.Max(hidden, 1), whh, Math.Max(hidden, 1), T.Zero, hg, g, biasHh, relu: false);
            }
            RecurrentGru.Forward(gs.Slice(t * n * g, n * g), hg, hPrev, hs.Slice(t * nh, nh), os.Slice(t * nh, nh), n, hidden);
        }
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, bool reverse, Tensor output,
        Tensor gates, Tensor hn, Tensor? gx, Tensor gh0, bool needH0, Tensor? gWih, Tensor? gWhh, Tensor? gBih, Tensor? gBhh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[1], gw = 3 * hidden, nh = n * hidden;
        ReadOnlySpan<T> gs = g.Span<T>(), act = gates.Span<T>(), hs = hn.Span<T>(), os = output.Span<T>(), whh = wHh.Span<T>();
        var dGi = GC.AllocateUninitializedArray<T>(steps * n * gw);
        var dGh = GC.AllocateUninitializedArray<T>(steps * n * gw);
        Span<T> dh = gh0.Span<T>();
        dh.Clear();
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1;
            ReadOnlySpan<T> hPrev = s == 0 ? h0.Span<T>()[..nh] : os.Slice(tp * nh, nh);
            Span<T> dGht = dGh.AsSpan(t * n * gw, n * gw);
            RecurrentGru.Backward(act.Slice(t * n * gw, n * gw), hs.Slice(t * nh, nh), hPrev, gs.Slice(t * nh, nh), dh,
                dGi.AsSpan(t * n * gw, n * gw), dGht, n, hidden);
            // dL/dh₋₁ = z ⊙ dh (left in dh by the kernel) + dGh·W_hh.
            if (s > 0 || needH0) Gemm.Multiply(false, false, n, hidden, gw, T.One, dGht, gw, whh, Math.Max(hidden, 1), T.One, dh, Math.Max(hidden, 1));
        }
        SequenceGradients.Finish<T>(dGi, dGh, x.Span<T>(), output.Span<T>(), h0.Span<T>(), wIh.Span<T>(), steps, n, inputSize, hidden,
            gw, reverse, gWih, gWhh, gBih, gBhh, gx);
    }
}
