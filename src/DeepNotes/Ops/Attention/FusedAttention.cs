using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Attention;

/// <summary>Everything one fused attention call needs: operands, sizes, masks, dropout and the output layout.</summary>
internal sealed class AttentionRequest
{
    public required AttentionView Q { get; init; }
    public required AttentionView K { get; init; }
    public required AttentionView V { get; init; }
    public required int Count { get; init; }
    public required int L { get; init; }
    public required int S { get; init; }
    public required int E { get; init; }
    public required int Ev { get; init; }
    public required double Scale { get; init; }
    public required bool Causal { get; init; }
    public AttentionMask[] Masks { get; init; } = [];
    public double DropoutP { get; init; }
    public Generator? Generator { get; init; }

    /// <summary>The output's shape; matrix i lives at <see cref="OutputOffsets"/>[i] with row stride <see cref="OutputLd"/>.</summary>
    public required Shape OutputShape { get; init; }
    public required int[] OutputOffsets { get; init; }
    public required int OutputLd { get; init; }

    /// <summary>The weights' shape ([batch..., L, S], contiguous); returned only when <see cref="NeedWeights"/>.</summary>
    public required Shape WeightsShape { get; init; }
    public bool NeedWeights { get; init; }
}

/// <summary>
/// The fused scaled dot-product attention op: forward through <see cref="AttentionKernel"/> (score GEMM, masks, safe
/// softmax, dropout, value GEMM per matrix, operands read in place), backward through its own kernel. The output and
/// the (optional) weights are two graph nodes sharing the forward's saved softmax; each one's backward sends gradients
/// to the Q/K/V source tensors (one node input per distinct source) and to float masks that require grad. A
/// <c>createGraph</c> pass differentiates <see cref="AttentionComposite"/> instead (the same attention in
/// differentiable ops, dropout replayed from the saved multipliers), so both results have derivatives of every order.
/// </summary>
internal static class FusedAttention
{
    public static (Tensor Output, Tensor? Weights) Forward(AttentionRequest r) =>
        r.Q.Data.DType == DType.Float32 ? Forward<float>(r) : Forward<double>(r);

    private static (Tensor Output, Tensor? Weights) Forward<T>(AttentionRequest r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DType dtype = r.Q.Data.DType;
        int size = r.L * r.S, total = r.Count * size;
        var probs = ShapeMoves.Empty(r.WeightsShape, dtype); // every element is written by the kernel
        Tensor? dropMask = null, dropped = null;
        if (r.DropoutP > 0 && total > 0)
        {
            dropMask = new Tensor(r.WeightsShape, dtype);
            dropped = new Tensor(r.WeightsShape, dtype);
            FillDropMask(dropMask.Span<T>()[..total], r.DropoutP, r.Generator ?? Generator.Default);
        }
        var problem = Problem<T>(r, probs, dropMask, dropped, maskGrads: null);
        var output = ShapeMoves.Empty(r.OutputShape, dtype); // the matrices tile the output
        AttentionKernel.Forward(problem, new AttentionOperand<T>(output.Data<T>(), r.OutputOffsets, r.OutputLd));
        Tensor weights = dropped ?? probs;

        var inputs = GraphInputs(r);
        if (!Tensor.NeedsGrad([.. inputs])) return (output, r.NeedWeights ? weights : null);
        Tensor[] saved = [r.Q.Data, r.K.Data, r.V.Data, probs];
        Tensor outputNode = Tensor.RecordComposite(output, "ScaledDotProductAttentionBackward", [.. inputs],
            g => Backward<T>(r, probs, dropMask, dropped, inputs, g.ContiguousRaw(), gradWeights: null),
            args => AttentionComposite.Output(r, inputs, args, dropMask), saved);
        Tensor? weightsNode = null;
        if (r.NeedWeights)
        {
            // The returned weights get their own node (output and weights are separate tensors in the graph; when
            // both reach the loss their contributions to Q, K and the masks are summed by the engine).
            weightsNode = Tensor.RecordComposite(weights.Detach(), "SoftmaxBackward", [.. inputs],
                g => Backward<T>(r, probs, dropMask, dropped, inputs, gradOutput: null, g.ContiguousRaw()),
                args => AttentionComposite.Weights(r, inputs, args, dropMask), saved);
        }
        return (outputNode, weightsNode);
    }

    /// <summary>The distinct Q/K/V source tensors, then float masks that take part in autograd.</summary>
    private static List<Tensor> GraphInputs(AttentionRequest r)
    {
        var inputs = new List<Tensor>(5);
        foreach (var t in (ReadOnlySpan<Tensor>)[r.Q.Input, r.K.Input, r.V.Input])
            if (!inputs.Any(x => ReferenceEquals(x, t))) inputs.Add(t);
        foreach (var m in r.Masks)
            if (m.Input is { RequiresGrad: true } mi && !inputs.Any(x => ReferenceEquals(x, mi))) inputs.Add(mi);
        return inputs;
    }

    private static Tensor?[] Backward<T>(AttentionRequest r, Tensor probs, Tensor? dropMask, Tensor? dropped,
        List<Tensor> inputs, Tensor? gradOutput, Tensor? gradWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var grads = new Tensor?[inputs.Count];
        AttentionOperand<T>? GradOf(AttentionView v)
        {
            int idx = inputs.FindIndex(x => ReferenceEquals(x, v.Input));
            if (!v.Input.RequiresGrad) return null;
            grads[idx] ??= new Tensor(v.Input.Shape, v.Input.DType);
            return new AttentionOperand<T>(grads[idx]!.Data<T>(), v.Offsets, v.Ld);
        }
        var dQ = GradOf(r.Q);
        var dK = GradOf(r.K);
        var dV = gradOutput is null ? null : GradOf(r.V);
        var maskGrads = new T[]?[r.Masks.Length];
        for (int j = 0; j < r.Masks.Length; j++)
        {
            if (r.Masks[j].Input is not { RequiresGrad: true } mi) continue;
            int idx = inputs.FindIndex(x => ReferenceEquals(x, mi));
            grads[idx] ??= new Tensor(mi.Shape, mi.DType);
            maskGrads[j] = grads[idx]!.Data<T>();
        }
        var problem = Problem(r, probs, dropMask, dropped, maskGrads);
        AttentionOperand<T>? dO = gradOutput is null ? null
            : new AttentionOperand<T>(gradOutput.Data<T>(), Shift(r.OutputOffsets, gradOutput.Offset), r.OutputLd);
        T[]? dW = null;
        if (gradWeights is not null)
        {
            dW = gradWeights.Offset == 0 ? gradWeights.Data<T>() : gradWeights.Span<T>()[..gradWeights.ElementCount].ToArray();
        }
        AttentionKernel.Backward(problem, dO, dW, dQ, dK, dV);
        return [.. grads];
    }

    private static AttentionProblem<T> Problem<T>(AttentionRequest r, Tensor probs, Tensor? dropMask, Tensor? dropped, T[]?[]? maskGrads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var masks = new AttentionMaskTerm<T>[r.Masks.Length];
        for (int j = 0; j < masks.Length; j++)
        {
            var m = r.Masks[j];
            masks[j] = new AttentionMaskTerm<T>(m.Data.Data<T>(), Shift(m.Offsets, m.Data.Offset), m.RowStride, m.ColStride,
                maskGrads?[j]);
        }
        return new AttentionProblem<T>
        {
            Count = r.Count, L = r.L, S = r.S, E = r.E, Ev = r.Ev, Scale = T.CreateChecked(r.Scale), Causal = r.Causal,
            Q = Operand<T>(r.Q), K = Operand<T>(r.K), V = Operand<T>(r.V), Masks = masks,
            Probs = probs.Data<T>(), DropMask = dropMask?.Data<T>(), Dropped = (dropped ?? probs).Data<T>(),
        };
    }

    private static AttentionOperand<T> Operand<T>(AttentionView v) where T : unmanaged =>
        new(v.Data.Data<T>(), Shift(v.Offsets, v.Data.Offset), v.Ld);

    private static int[] Shift(int[] offsets, int by)
    {
        if (by == 0) return offsets;
        var r = new int[offsets.Length];
        for (int i = 0; i < r.Length; i++) r[i] = offsets[i] + by;
        return r;
    }

    /// <summary>Dropout multipliers drawn in logical order from the generator (a seed reproduces them).</summary>
    private static void FillDropMask<T>(Span<T> mask, double p, Generator generator)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckpointCapture.NoteGenerator(generator); // an Autograd.Checkpoint forward replays these draws in backward
        T keep = p < 1 ? T.CreateChecked(1 / (1 - p)) : T.Zero;
        for (int i = 0; i < mask.Length; i++) mask[i] = generator.NextDouble() >= p ? keep : T.Zero;
    }
}
