using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// The weight penalty l1·Σ|w| + l2·Σw² over many tensors as one fused op with one graph node: SIMD sums
/// forward, and per tensor one new gradient g·(l1·sign(w) + 2·l2·w) (sign(0) = 0, as PyTorch's abs backward). A
/// createGraph pass differentiates l1·Σ|w| + l2·Σw² written in differentiable ops instead.
/// </summary>
internal static class NormPenalty
{
    /// <summary>
    /// l1·Σ|w| + l2·Σw² over <paramref name="parameters"/>; <paramref name="op"/>, <paramref name="l1Name"/> and
    /// <paramref name="l2Name"/> are the public names used in messages (e.g. <c>Penalty.L2</c> and <c>lambda</c>).
    /// </summary>
    public static Tensor Forward(string op, IEnumerable<Tensor> parameters, double l1, double l2, string l1Name = "l1", string l2Name = "l2")
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckCoefficient(op, l1Name, l1);
        CheckCoefficient(op, l2Name, l2);
        Tensor[] ps = parameters.ToArray();
        if (ps.Length == 0)
            throw new ArgumentException($"{op}: no parameters were given; pass model.Parameters() or a non-empty list.", nameof(parameters));
        DType dtype = ps[0]?.DType ?? DType.Float32;
        for (int i = 0; i < ps.Length; i++)
        {
            if (ps[i] is null) throw new ArgumentException($"{op}: parameter {i} is null.", nameof(parameters));
            if (!ps[i].DType.IsFloatingPoint() || ps[i].DType != dtype)
                throw new ArgumentException(
                    $"{op}: every parameter must be Float32 or Float64 and of one dtype; parameter 0 is {dtype}, parameter {i} is {ps[i].DType} {ps[i].Shape}.",
                    nameof(parameters));
        }
        Tensor[] data = ps.Select(p => p.ContiguousRaw()).ToArray();
        double value = 0;
        foreach (var p in data)
            value += dtype == DType.Float32 ? Value<float>(p.Span<float>(), l1, l2) : Value<double>(p.Span<double>(), l1, l2);
        Tensor result = LossReduce.Scalar(value, dtype);

        if (!Tensor.NeedsGrad(ps)) return result;
        return Tensor.RecordComposite(result, op.Replace(".", "") + "Backward", ps, g =>
        {
            double s = dtype == DType.Float32 ? g.ContiguousRaw().Span<float>()[0] : g.ContiguousRaw().Span<double>()[0];
            var grads = new Tensor?[ps.Length];
            for (int i = 0; i < ps.Length; i++)
            {
                if (!ps[i].RequiresGrad) continue;
                var d = new Tensor(ps[i].Shape, dtype);
                if (dtype == DType.Float32) Gradient<float>(data[i].Span<float>(), d.Span<float>(), s * l1, 2 * s * l2);
                else Gradient<double>(data[i].Span<double>(), d.Span<double>(), s * l1, 2 * s * l2);
                grads[i] = d;
            }
            return grads;
        }, inputs => Composite(inputs, l1, l2), ps);
    }

    /// <summary>l1·Σ|w| + l2·Σw² in differentiable ops (for createGraph; |w|'s derivative sign(w) is 0 at 0, as the kernel's).</summary>
    private static Tensor Composite(Tensor[] ps, double l1, double l2)
    {
        Tensor? total = null;
        foreach (Tensor p in ps)
        {
            if (l1 != 0) total = total is null ? p.Abs().Sum() * l1 : total + p.Abs().Sum() * l1;
            if (l2 != 0) total = total is null ? p.Square().Sum() * l2 : total + p.Square().Sum() * l2;
        }
        return total ?? Tensor.Zeros(Shape.Scalar, ps[0].DType);
    }

    private static void CheckCoefficient(string op, string name, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{op}: {name} must be non-negative and finite, got {ClassTargets.Format(value)}.");
    }

    private static double Value<T>(ReadOnlySpan<T> w, double l1, double l2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double v = 0;
        const int Block = 4096; // SIMD within a block, double across blocks
        for (int i = 0; i < w.Length; i += Block)
        {
            var part = w.Slice(i, Math.Min(Block, w.Length - i));
            if (l1 != 0) v += l1 * double.CreateTruncating(TensorPrimitives.SumOfMagnitudes(part));
            if (l2 != 0) v += l2 * double.CreateTruncating(TensorPrimitives.SumOfSquares(part));
        }
        return v;
    }

    /// <summary>d = a·sign(w) + b·w, sign(0) = 0.</summary>
    private static void Gradient<T>(ReadOnlySpan<T> w, Span<T> d, double a, double b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T ta = T.CreateTruncating(a), tb = T.CreateTruncating(b);
        int i = 0;
        if (Vector.IsHardwareAccelerated && w.Length >= Vector<T>.Count)
        {
            var va = new Vector<T>(ta);
            var vb = new Vector<T>(tb);
            var zero = Vector<T>.Zero;
            for (; i <= w.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = new Vector<T>(w.Slice(i));
                var sign = Vector.ConditionalSelect(Vector.GreaterThan(v, zero), va,
                    Vector.ConditionalSelect(Vector.LessThan(v, zero), -va, zero));
                (sign + vb * v).CopyTo(d.Slice(i));
            }
        }
        for (; i < w.Length; i++)
        {
            T v = w[i];
            T sign = v > T.Zero ? ta : v < T.Zero ? -ta : T.Zero;
            d[i] = sign + tb * v;
        }
    }
}
