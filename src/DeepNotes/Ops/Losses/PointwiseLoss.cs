using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// One elementwise loss ℓ(x, y) with its partial derivatives over contiguous spans (so implementations can use
/// <see cref="TensorPrimitives"/>). The driver passes blocks of the flattened tensors; <c>start</c> is the flat index of
/// a block's first element (for per-element parameters such as a positive weight). Spans never overlap the output.
/// </summary>
internal interface IPointwiseLoss
{
    /// <summary>The op name used in messages and, with "Backward", as the graph node's name.</summary>
    string Name { get; }

    /// <summary>loss[i] = ℓ(x[i], y[i]).</summary>
    void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>dx[i] = ∂ℓ/∂x at (x[i], y[i]).</summary>
    void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>dy[i] = ∂ℓ/∂y at (x[i], y[i]).</summary>
    void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// ∂ℓ/∂x (or ∂ℓ/∂y with <paramref name="ofTarget"/>) as differentiable ops of the graph tensors x and y, for a
    /// backward pass with createGraph; null where the loss has no such form yet (the pass then refuses it by name).
    /// </summary>
    Tensor? DifferentiableGradient(Tensor x, Tensor y, bool ofTarget) => null;
}

/// <summary>
/// The driver of the elementwise losses (MSE, L1, Huber, BCE, BCE with logits, KL divergence): checks shapes and
/// dtypes, applies an optional weight broadcast to the input's shape, reduces, and records one fused backward
/// that writes each gradient straight into one new tensor.
/// </summary>
internal static class PointwiseLoss
{
    public static Tensor Forward(IPointwiseLoss loss, Tensor input, Tensor target, Tensor? weight, LossReduction reduction,
        bool allowBatchMean = false)
    {
        string op = loss.Name;
        LossReduce.Check(op, reduction, allowBatchMean);
        CheckInputAndTarget(op, input, target);
        Tensor? w = weight is null ? null : ExpandWeight(op, "weight", weight, input);
        Tensor x = input.ContiguousRaw(), y = target.ContiguousRaw();
        double divisor = LossReduce.Divisor(input.Shape, reduction);

        // per-element losses are materialised only for None; the reductions sum block by block
        Tensor? elementLoss = reduction == LossReduction.None ? new Tensor(input.Shape, input.DType) : null;
        double sum;
        if (input.DType == DType.Float32) Values<float>(loss, x, y, w, elementLoss, out sum);
        else Values<double>(loss, x, y, w, elementLoss, out sum);
        Tensor result = elementLoss ?? LossReduce.Scalar(sum / divisor, input.DType);

        if (!Tensor.NeedsGrad(input, target)) return result;
        bool needX = input.RequiresGrad, needY = target.RequiresGrad;
        return Tensor.RecordDifferentiable(result, op + "Backward", [input, target], g => Autograd.IsCreatingGraph
            ?
            [
                needX ? DifferentiableGradient(loss, input, target, w, g, reduction, divisor, ofTarget: false) : null,
                needY ? DifferentiableGradient(loss, input, target, w, g, reduction, divisor, ofTarget: true) : null,
            ]
            :
            [
                needX ? Gradient(loss, x, y, w, g, reduction, divisor, ofTarget: false) : null,
                needY ? Gradient(loss, x, y, w, g, reduction, divisor, ofTarget: true) : null,
            ], w is null ? [input, target] : [input, target, w]);
    }

    /// <summary>Input floating point; target of the same shape and dtype, else a message naming both.</summary>
    public static void CheckInputAndTarget(string op, Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        input.CheckFloatingPoint(op);
        if (target.Shape != input.Shape || target.DType != input.DType)
            throw new ArgumentException(
                $"{op}: target {input.Shape} {input.DType} expected for input {input.Shape} {input.DType}, got {target.Shape} {target.DType}.",
                nameof(target));
    }

    /// <summary>
    /// A weight of the input's dtype, broadcast to the input's shape and made contiguous (a copy only when
    /// broadcasting or strided). Weights are constants: one that requires grad is rejected.
    /// </summary>
    public static Tensor ExpandWeight(string op, string name, Tensor weight, Tensor input)
    {
        LossReduce.CheckConstant(op, name, weight);
        if (weight.DType != input.DType)
            throw new ArgumentException($"{op}: {name} must have the input's dtype {input.DType}, got {weight.DType}.", name);
        bool fits = weight.Rank <= input.Rank;
        for (int i = 1; fits && i <= weight.Rank; i++)
        {
            int wd = weight.Shape.Dims[^i], xd = input.Shape.Dims[^i];
            fits = wd == xd || wd == 1;
        }
        if (!fits)
            throw new ArgumentException($"{op}: {name} {weight.Shape} cannot be broadcast to the input shape {input.Shape}.", name);
        if (weight.Shape == input.Shape) return weight.ContiguousRaw();
        return Expand.Raw(weight, input.Shape).ContiguousRaw();
    }

    /// <summary>Elements per block: the passes over a block stay in the L1/L2 cache.</summary>
    private const int Block = 2048;

    private static void Values<T>(IPointwiseLoss loss, Tensor x, Tensor y, Tensor? w, Tensor? result, out double sum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> xs = x.Span<T>(), ys = y.Span<T>(), ws = w is null ? default : w.Span<T>();
        Span<T> scratch = result is null ? new T[Math.Min(Block, xs.Length)] : default;
        Span<T> all = result is null ? default : result.Span<T>();
        sum = 0;
        for (int start = 0; start < xs.Length; start += Block)
        {
            int n = Math.Min(Block, xs.Length - start);
            Span<T> r = result is null ? scratch[..n] : all.Slice(start, n);
            loss.Value<T>(xs.Slice(start, n), ys.Slice(start, n), r, start);
            if (w is not null) TensorPrimitives.Multiply(r, ws.Slice(start, n), r);
            if (result is null) sum += double.CreateTruncating(TensorPrimitives.Sum<T>(r));
        }
    }

    /// <summary>The gradient as differentiable ops (createGraph): ∂ℓ/∂x ⊙ weight ⊙ g (per element), or ⊙ g/divisor (reduced).</summary>
    private static Tensor DifferentiableGradient(IPointwiseLoss loss, Tensor input, Tensor target, Tensor? w, Tensor g,
        LossReduction reduction, double divisor, bool ofTarget)
    {
        Tensor local = loss.DifferentiableGradient(input, target, ofTarget)
            ?? throw new NotSupportedException($"{loss.Name}Backward does not support createGraph yet: its backward runs a fused kernel that is not differentiable.");
        if (w is not null) local = Multiply.Forward(local, w);
        Tensor factor = reduction == LossReduction.None ? g : Divide.Forward(g, Tensor.Scalar(divisor, g.DType));
        return Multiply.Forward(local, factor);
    }

    private static Tensor Gradient(IPointwiseLoss loss, Tensor x, Tensor y, Tensor? w, Tensor g, LossReduction reduction,
        double divisor, bool ofTarget)
    {
        var d = new Tensor(x.Shape, x.DType);
        if (x.DType == DType.Float32) Gradient<float>(loss, x, y, w, g, reduction, divisor, ofTarget, d);
        else Gradient<double>(loss, x, y, w, g, reduction, divisor, ofTarget, d);
        return d;
    }

    private static void Gradient<T>(IPointwiseLoss loss, Tensor x, Tensor y, Tensor? w, Tensor g, LossReduction reduction,
        double divisor, bool ofTarget, Tensor result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> xs = x.Span<T>(), ys = y.Span<T>(), ws = w is null ? default : w.Span<T>();
        Span<T> all = result.Span<T>();
        LossReduce.GradFactor(g, reduction, divisor, out T scale, out Tensor? perElement);
        ReadOnlySpan<T> gs = perElement is null ? default : perElement.Span<T>();
        for (int start = 0; start < xs.Length; start += Block)
        {
            int n = Math.Min(Block, xs.Length - start);
            Span<T> d = all.Slice(start, n);
            if (ofTarget) loss.GradTarget<T>(xs.Slice(start, n), ys.Slice(start, n), d, start);
            else loss.GradInput<T>(xs.Slice(start, n), ys.Slice(start, n), d, start);
            if (w is not null) TensorPrimitives.Multiply(d, ws.Slice(start, n), d);
            if (perElement is not null) TensorPrimitives.Multiply(d, gs.Slice(start, n), d);
            else if (scale != T.One) TensorPrimitives.Multiply(d, scale, d);
        }
    }
}
