using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Recurrent;

/// <summary>
/// One Elman RNN layer (tanh or ReLU) in one direction over a whole sequence as a single graph node (the fused path
/// of <c>Layers.Rnn</c>): x·W_ihᵀ + b_ih + b_hh for all steps as one GEMM, per step h₋₁·W_hhᵀ accumulated onto
/// it and the activation; backward per step dpre = dh ⊙ act'(h) and one GEMM for dL/dh₋₁, then the weight, bias and
/// input gradients as one GEMM each.
/// A <c>createGraph</c> pass differentiates the same recurrence written step by step in differentiable ops
/// (<see cref="SequenceComposites"/>) instead, so the results have derivatives of every order.
/// </summary>
/// <remarks>The output is <c>[T, N, H]</c>; h_n is a view of row T − 1 (row 0 in reverse).</remarks>
internal static class RnnSequence
{
    /// <summary>x <c>[T, N, I]</c>, h0 <c>[N, H]</c>, weights <c>[H, I]</c>, <c>[H, H]</c>, biases <c>[H]</c> → <c>[T, N, H]</c>.</summary>
    public static Tensor Forward(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse, bool relu)
    {
        int steps = x.Shape[0], n = x.Shape[1], hidden = wHh.Shape[1];
        Tensor xc = x.ContiguousRaw(), h0c = h0.ContiguousRaw(), wIhc = wIh.ContiguousRaw(), wHhc = wHh.ContiguousRaw();
        var output = ShapeMoves.Empty([steps, n, hidden], x.DType);   // every row is written
        if (x.DType == DType.Float32) Run<float>(xc, h0c, wIhc, wHhc, bIh, bHh, reverse, relu, output);
        else Run<double>(xc, h0c, wIhc, wHhc, bIh, bHh, reverse, relu, output);

        var inputs = new List<Tensor> { x, h0, wIh, wHh };
        if (bIh is not null) inputs.Add(bIh);
        if (bHh is not null) inputs.Add(bHh);
        if (!Tensor.NeedsGrad([.. inputs])) return output;
        return Tensor.RecordComposite(output, relu ? "RnnReluBackward" : "RnnTanhBackward", [.. inputs], g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? gx = x.RequiresGrad ? new Tensor(x.Shape, x.DType) : null;
            var gh0 = new Tensor(h0.Shape, x.DType);
            Tensor? gWih = wIh.RequiresGrad ? new Tensor(wIh.Shape, x.DType) : null;
            Tensor? gWhh = wHh.RequiresGrad ? new Tensor(wHh.Shape, x.DType) : null;
            Tensor? gBih = bIh?.RequiresGrad == true ? new Tensor(bIh.Shape, x.DType) : null;
            Tensor? gBhh = bHh?.RequiresGrad == true ? new Tensor(bHh.Shape, x.DType) : null;
            if (x.DType == DType.Float32) Backward<float>(gc, xc, h0c, wIhc, wHhc, reverse, relu, output, gx, gh0, h0.RequiresGrad, gWih, gWhh, gBih, gBhh);
            else Backward<double>(gc, xc, h0c, wIhc, wHhc, reverse, relu, output, gx, gh0, h0.RequiresGrad, gWih, gWhh, gBih, gBhh);
            var grads = new List<Tensor?> { gx, h0.RequiresGrad ? gh0 : null, gWih, gWhh };
            if (bIh is not null) grads.Add(gBih);
            if (bHh is not null) grads.Add(gBhh);
            return [.. grads];
        }, args => SequenceComposites.Rnn(args, bIh is not null, bHh is not null, reverse, relu), output);
    }

    private static void Run<T>(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse, bool relu, Tensor output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[1], nh = n * hidden;
        Span<T> os = output.Span<T>();
        ReadOnlySpan<T> whh = wHh.Span<T>();
        T[] bias = SequenceGradients.BiasSum<T>(bIh, bHh, hidden);
        var pre = GC.AllocateUninitializedArray<T>(steps * nh);
        if (steps * n > 0 && hidden > 0)
            Gemm.Multiply(false, true, steps * n, hidden, inputSize, T.One, x.Span<T>(), Math.Max(inputSize, 1), wIh.Span<T>(),
                Math.Max(inputSize, 1), T.Zero, pre, hidden, bias, relu: false);
        bool zeroH0 = SequenceGradients.IsZero<T>(h0.Span<T>()[..nh]);
        for (int s = 0; s < steps; s++)
        {
            int t = SequenceGradients.Time(s, steps, reverse), tp = reverse ? t + 1 : t - 1;
            ReadOnlySpan<T> hPrev = s == 0 ? h0.Span<T>()[..nh] : os.Slice(tp * nh, nh);
            Span<T> pt = pre.AsSpan(t * nh, nh);
            if (s > 0 || !zeroH0)   // a zero initial state (the default) adds nothing
                Gemm.Multiply(false, true, n, hidden, hidden, T.One, hPrev, Math.Max(hidden, 1), whh, Math.Max(hidden, 1), T.One, pt, Math.Max(hidden, 1));
            RecurrentRnn.Forward<T>(pt, os.Slice(t * nh, nh), relu);
        }
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, bool reverse, bool relu, Tensor output,
        Tensor? gx, Tensor gh0, bool needH0, Tensor? gWih, Tensor? gWhh, Tensor? gBih, Tensor? gBhh) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], n = x.Shape[1], inputSize = x.Shape[2], hidden = wHh.Shape[1], nh = n * hidden;
        ReadOnlySpan<T> gs = g.Span<T>(), os = output.Span<T>(), whh = wHh.Span<T>();
        var dG = GC.AllocateUninitializedArray<T>(steps * nh);
        Span<T> dh = gh0.Span<T>();
        dh.Clear();
        for (int s = steps - 1; s >= 0; s--)
        {
            int t = SequenceGradients.Time(s, steps, reverse);
            Span<T> dGt = dG.AsSpan(t * nh, nh);
            RecurrentRnn.Backward<T>(os.Slice(t * nh, nh), gs.Slice(t * nh, nh), dh, dGt, relu);
            if (s > 0 || needH0) Gemm.Multiply(false, false, n, hidden, hidden, T.One, dGt, Math.Max(hidden, 1), whh, Math.Max(hidden, 1), T.Zero, dh, Math.Max(hidden, 1));
        }
        SequenceGradients.Finish<T>(dG, dG, x.Span<T>(), os, h0.Span<T>(), wIh.Span<T>(), steps, n, inputSize, hidden,
            hidden, reverse, gWih, gWhh, gBih, gBhh, gx);
    }
}
