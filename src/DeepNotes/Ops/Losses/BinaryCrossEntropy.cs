using System.Globalization;
using System.Numerics;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Binary cross-entropy on probabilities p ∈ [0, 1], as PyTorch's <c>binary_cross_entropy</c>:
/// ℓ = −(y·max(ln p, −100) + (1 − y)·max(ln(1 − p), −100)), the logarithms clamped at −100 so that p = 0 or 1 gives
/// a finite loss. Backward (PyTorch's formulas): ∂ℓ/∂p = (p − y) / max(p(1 − p), 10⁻¹²),
/// ∂ℓ/∂y = max(ln(1 − p), −100) − max(ln p, −100).
/// </summary>
internal sealed class BinaryCrossEntropy : IPointwiseLoss
{
    private static readonly BinaryCrossEntropy s_instance = new();

    public string Name => "BinaryCrossEntropy";

    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, LossReduction reduction)
    {
        PointwiseLoss.CheckInputAndTarget("BinaryCrossEntropy", input, target);
        CheckProbabilities(input);
        return PointwiseLoss.Forward(s_instance, input, target, weight, reduction);
    }

    private static void CheckProbabilities(Tensor input)
    {
        var x = input.ContiguousRaw();
        int bad = input.DType == DType.Float32 ? FirstOutside(x.Span<float>()) : FirstOutside(x.Span<double>());
        if (bad < 0) return;
        double value = input.DType == DType.Float32 ? x.Span<float>()[bad] : x.Span<double>()[bad];
        throw new ArgumentException(
            $"BinaryCrossEntropy: input must hold probabilities in [0, 1], got {value.ToString(CultureInfo.InvariantCulture)} at flat index {bad}; " +
            "for raw scores (logits) use BinaryCrossEntropyWithLogits.", nameof(input));
    }

    private static int FirstOutside<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            if (!(x[i] >= T.Zero && x[i] <= T.One)) return i; // NaN fails too
        return -1;
    }

    private static T ClampedLog<T>(T v) where T : IFloatingPointIeee754<T> => T.Max(T.Log(v), T.CreateTruncating(-100));

    private static T ClampedLog1M<T>(T p) where T : IFloatingPointIeee754<T> => T.Max(T.LogP1(-p), T.CreateTruncating(-100));

    public void Value<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> loss, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < loss.Length; i++)
            loss[i] = (y[i] - T.One) * ClampedLog1M(x[i]) - y[i] * ClampedLog(x[i]);
    }

    public void GradInput<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dx, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eps = T.CreateTruncating(1e-12);
        for (int i = 0; i < dx.Length; i++)
            dx[i] = (x[i] - y[i]) / T.Max((T.One - x[i]) * x[i], eps);
    }

    public void GradTarget<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> dy, int start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < dy.Length; i++)
            dy[i] = ClampedLog1M(x[i]) - ClampedLog(x[i]);
    }

    /// <summary>(x − y) / max(x(1 − x), 1e-12) to x; ln(1 − x) − ln x, each clamped at −100, to y — as the kernels.</summary>
    public Tensor DifferentiableGradient(Tensor x, Tensor y, bool ofTarget)
    {
        Tensor one = Tensor.Scalar(1, x.DType), oneMinusX = Subtract.Forward(one, x);
        if (!ofTarget)
            return Divide.Forward(Subtract.Forward(x, y), Clamp.Forward(Multiply.Forward(oneMinusX, x), 1e-12, null));
        return Subtract.Forward(Clamp.Forward(UnaryMath.Log(oneMinusX), -100, null), Clamp.Forward(UnaryMath.Log(x), -100, null));
    }
}
