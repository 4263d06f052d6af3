using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// The reduction step shared by the loss ops: argument checks, summing per-element losses into a 0-dim result, and
/// the factor by which the incoming gradient is scaled on the way back.
/// </summary>
internal static class LossReduce
{
    /// <summary>Throws for an undefined enum value, or for <see cref="LossReduction.BatchMean"/> where it does not apply.</summary>
    public static void Check(string op, LossReduction reduction, bool allowBatchMean = false)
    {
        if (reduction is LossReduction.Mean or LossReduction.Sum or LossReduction.None) return;
        if (reduction == LossReduction.BatchMean && allowBatchMean) return;
        if (reduction == LossReduction.BatchMean)
            throw new ArgumentException($"{op}: Reduction.BatchMean is only supported by KLDivLoss; use Mean, Sum or None.", nameof(reduction));
        throw new ArgumentException($"{op}: unknown reduction {(int)reduction}.", nameof(reduction));
    }

    /// <summary>
    /// The divisor of the summed loss: 1 for Sum, the element count for Mean, the first dimension for BatchMean
    /// (1 for a 0-dim input, as PyTorch does).
    /// </summary>
    public static double Divisor(Shape shape, LossReduction reduction) => reduction switch
    {
        LossReduction.Mean => shape.ElementCount,
        LossReduction.BatchMean => shape.Rank == 0 ? 1 : shape.Dims[0],
        _ => 1,
    };

    /// <summary>
    /// Reduces the contiguous per-element losses <paramref name="loss"/>: itself for None, else a 0-dim tensor holding
    /// the sum divided by <paramref name="divisor"/> (0/0 gives NaN, as PyTorch's mean of nothing does).
    /// </summary>
    public static Tensor Apply(Tensor loss, LossReduction reduction, double divisor)
    {
        if (reduction == LossReduction.None) return loss;
        double sum = loss.DType == DType.Float32 ? SumOf(loss.Span<float>()) : SumOf(loss.Span<double>());
        return Scalar(sum / divisor, loss.DType);
    }

    /// <summary>A 0-dim tensor without autograd.</summary>
    public static Tensor Scalar(double value, DType dtype)
    {
        var result = new Tensor(Shape.Scalar, dtype);
        if (dtype == DType.Float32) result.Span<float>()[0] = (float)value;
        else result.Span<double>()[0] = value;
        return result;
    }

    /// <summary>Sum of a span, accumulated in double for float input (blocks of 4096 summed with SIMD, then in double).</summary>
    public static double SumOf<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int Block = 4096;
        double total = 0;
        for (int i = 0; i < values.Length; i += Block)
            total += double.CreateTruncating(TensorPrimitives.Sum(values.Slice(i, Math.Min(Block, values.Length - i))));
        return total;
    }

    /// <summary>
    /// The gradient of a reduced loss as a factor per element: a scalar (<paramref name="scale"/> = g / divisor, and
    /// <paramref name="perElement"/> null) for the reductions, or the contiguous incoming gradient for None.
    /// </summary>
    public static void GradFactor<T>(Tensor g, LossReduction reduction, double divisor, out T scale, out Tensor? perElement)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (reduction == LossReduction.None)
        {
            scale = T.One;
            perElement = g.ContiguousRaw();
            return;
        }
        scale = T.CreateTruncating(double.CreateTruncating(g.ContiguousRaw().Span<T>()[0]) / divisor);
        perElement = null;
    }

    /// <summary>
    /// Throws when a weight tensor requires grad while grad mode is on: class and element weights are constants for
    /// the losses, as in PyTorch (whose derivative for 'weight' is not implemented).
    /// </summary>
    public static void CheckConstant(string op, string name, Tensor? weight)
    {
        if (weight is not null && weight.RequiresGrad && Autograd.IsGradEnabled)
            throw new ArgumentException($"{op}: {name} requires grad, but losses treat it as a constant and no gradient flows to it; pass {name}.Detach().");
    }
}
