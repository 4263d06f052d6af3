using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// PReLU, like <c>torch.nn.functional.prelu</c>: y = x where x &gt; 0, else w·x, with one learnable weight shared by all
/// elements or one per channel (dimension 1 of an input of rank ≥ 2). Backward: dx = g or w·g; dw = Σ x·g over the
/// elements where x ≤ 0, summed over the batch and spatial dimensions in a fixed order. Under createGraph the
/// gradients are those of the op recomputed as a differentiable <c>Where</c> (so higher derivatives exist).
/// </summary>
internal static class PReluOperation
{
    public static Tensor Forward(Tensor x, Tensor weight)
    {
        x.CheckFloatingPoint("PRelu");
        Tensor.CheckSameDType("PRelu", x, weight);
        if (weight.Rank > 1)
            throw new ArgumentException($"PRelu: weight must be a scalar or 1-D tensor of 1 or C elements, got shape {weight.Shape}.", nameof(weight));
        int channels = x.Rank >= 2 ? x.Shape[1] : 1;
        int count = weight.ElementCount;
        if (count != 1 && count != channels)
            throw new ArgumentException(
                $"PRelu: weight has {count} elements but input {x.Shape} has {channels} channels (dimension 1 for inputs of rank 2 or more, else 1); expected 1 or {channels}.",
                nameof(weight));

        // [outer, C, inner]; a single weight treats the whole tensor as one channel.
        int outer = 1, inner = x.ElementCount;
        if (count > 1)
        {
            outer = x.Shape[0];
            inner = channels == 0 || outer == 0 ? 0 : x.ElementCount / (outer * channels);
        }
        else channels = 1;

        Tensor src = x.ContiguousRaw(), w = weight.ContiguousRaw();
        var y = new Tensor(x.Shape, x.DType);
        if (x.DType == DType.Float32) PReluKernels.Forward(src.Span<float>(), w.Span<float>(), y.Span<float>(), outer, channels, inner);
        else PReluKernels.Forward(src.Span<double>(), w.Span<double>(), y.Span<double>(), outer, channels, inner);

        bool needX = x.RequiresGrad, needW = weight.RequiresGrad;
        int perChannel = count > 1 ? channels : 0;
        return Tensor.RecordComposite(y, "PreluBackward", [x, weight], g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? dx = needX ? new Tensor(x.Shape, x.DType) : null;
            Tensor? dw = needW ? new Tensor(weight.Shape, weight.DType) : null;
            if (x.DType == DType.Float32) Backward<float>(src, w, gc, dx, dw, outer, channels, inner);
            else Backward<double>(src, w, gc, dx, dw, outer, channels, inner);
            return [dx, dw];
        }, ins => Composite(ins[0], ins[1], perChannel), src, w);
    }

    /// <summary>
    /// The op in differentiable ops, for createGraph passes: where(x &gt; 0, x, w·x), w broadcast as <c>[C, 1, …]</c>
    /// over dimension 1 when <paramref name="channels"/> &gt; 0, else as a scalar. The mask is piecewise constant in x.
    /// </summary>
    private static Tensor Composite(Tensor x, Tensor weight, int channels)
    {
        Tensor w = channels > 0 ? weight.Reshape([channels, .. Enumerable.Repeat(1, x.Rank - 2)]) : weight.Reshape([]);
        return Where.Forward(Comparison.Greater(x.Detach(), Tensor.Zeros(Shape.Scalar, x.DType)), x, x * w);
    }

    private static void Backward<T>(Tensor x, Tensor w, Tensor g, Tensor? dx, Tensor? dw, int outer, int channels, int inner)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        PReluKernels.Backward(x.Span<T>(), w.Span<T>(), g.Span<T>(), dx is null ? default : dx.Span<T>(),
            dw is null ? default : dw.Span<T>(), outer, channels, inner);
}
