using DeepNotes.Ops;

namespace DeepNotes.Distributions;

/// <summary>
/// Internal building blocks of the distributions: broadcasting of parameters, argument validation with messages
/// like torch's <c>validate_args</c>, the diagonal, and forward substitution composed of elementwise tensor ops (so
/// gradients flow through it; O(k²) small ops per solve, meant for the modest event sizes of MultivariateNormal).
/// </summary>
internal static class DistributionMath
{
    public const double LogTwoPi = 1.8378770664093454836;

    /// <summary>The broadcast shape of <paramref name="tensors"/>; all must share one floating dtype.</summary>
    public static Shape BroadcastShape(string dist, params Tensor[] tensors)
    {
        Shape shape = tensors[0].Shape;
        foreach (var t in tensors)
        {
            if (!t.DType.IsFloatingPoint())
                throw new ArgumentException($"{dist} expects floating-point parameters (Float32 or Float64), got {t.DType}.");
            if (t.DType != tensors[0].DType)
                throw new ArgumentException($"{dist}: parameter dtypes differ ({tensors[0].DType} and {t.DType}); convert one with To(DType) first.");
            shape = ElementwiseBinary.BroadcastShape(dist, shape, t.Shape);
        }
        return shape;
    }

    /// <summary><paramref name="t"/> broadcast to <paramref name="shape"/> (a differentiable view; itself when equal).</summary>
    public static Tensor ExpandTo(Tensor t, Shape shape) => t.Shape == shape ? t : t.Expand(shape.ToArray());

    /// <summary>sampleShape ++ batchShape ++ eventShape.</summary>
    public static Shape Concat(params Shape[] shapes) => new(shapes.SelectMany(s => s.ToArray()).ToArray());

    /// <summary>Throws when an element of <paramref name="t"/> fails <paramref name="ok"/>, naming the parameter, the constraint and the first bad element.</summary>
    public static void CheckParameter(string dist, string name, Tensor t, Func<double, bool> ok, string constraint)
    {
        double[] v = t.Detach().ToArray<double>();
        for (int i = 0; i < v.Length; i++)
            if (!ok(v[i]))
                throw new ArgumentException(
                    $"{dist}: expected parameter {name} (shape {t.Shape}) to satisfy the constraint {constraint}, but found invalid values (element {i}: {v[i]}).", name);
    }

    /// <summary>
    /// torch's <c>_validate_sample</c>: <paramref name="value"/> must broadcast with batchShape ++ eventShape (its
    /// trailing dimensions matching the event shape) and every element must pass <paramref name="inSupport"/>.
    /// </summary>
    public static void CheckSample(string dist, Tensor value, Shape batchShape, Shape eventShape, string support, Func<double, bool>? inSupport)
    {
        Shape full = Concat(batchShape, eventShape);
        int ev = eventShape.Rank;
        if (value.Rank < ev)
            throw new ArgumentException($"{dist}.LogProb: the value of shape {value.Shape} has fewer dimensions than the event shape {eventShape}.", nameof(value));
        for (int i = 1; i <= ev; i++)
            if (value.Shape[^i] != eventShape[^i])
                throw new ArgumentException($"{dist}.LogProb: the right-most sizes of value {value.Shape} must match the event shape {eventShape}.", nameof(value));
        try { ElementwiseBinary.BroadcastShape(dist, value.Shape, full); }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{dist}.LogProb: value of shape {value.Shape} is not broadcastable with batch_shape+event_shape {full}.", nameof(value));
        }
        if (inSupport is null) return;
        double[] v = value.Detach().ToArray<double>();
        for (int i = 0; i < v.Length; i++)
            if (!inSupport(v[i]))
                throw new ArgumentException(
                    $"{dist}.LogProb: expected value argument (shape {value.Shape}) to be within the support ({support}) of the distribution, but found invalid values (element {i}: {v[i]}).", nameof(value));
    }

    /// <summary>Throws unless <paramref name="value"/> has the distribution's dtype.</summary>
    public static void CheckValueDType(string dist, Tensor value, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.DType != dtype)
            throw new ArgumentException($"{dist}.LogProb: value has dtype {value.DType}, the distribution {dtype}; convert with To(DType) first.", nameof(value));
    }

    /// <summary>The diagonal of the last two dimensions: <c>[..., k, k] -> [..., k]</c> (differentiable).</summary>
    public static Tensor Diagonal(Tensor m)
    {
        int k = m.Shape[^1];
        var d = new Tensor[k];
        for (int i = 0; i < k; i++) d[i] = m.Select(-2, i).Select(-1, i);
        return Tensor.Stack(d, -1);
    }

    /// <summary>
    /// Solves L·y = b by forward substitution for lower-triangular <paramref name="l"/> <c>[B..., k, k]</c> and
    /// <paramref name="b"/> <c>[..., k]</c> whose leading dimensions broadcast with B (differentiable): <c>[..., k]</c>.
    /// </summary>
    public static Tensor SolveLower(Tensor l, Tensor b)
    {
        int k = l.Shape[^1];
        var y = new Tensor[k];
        for (int i = 0; i < k; i++)
        {
            Tensor r = b.Select(-1, i);
            if (i > 0)
            {
                Tensor row = l.Select(-2, i).Narrow(-1, 0, i);
                Tensor prev = Tensor.Stack(y[..i], -1);
                r = r - (row * prev).Sum(-1);
            }
            y[i] = r / l.Select(-2, i).Select(-1, i);
        }
        return Tensor.Stack(y, -1);
    }

    /// <summary>|L⁻¹x|² over the last dimension: <c>[..., k] -> [...]</c> (torch's <c>_batch_mahalanobis</c>).</summary>
    public static Tensor Mahalanobis(Tensor l, Tensor x) => SolveLower(l, x).Pow(2).Sum(-1);
}
