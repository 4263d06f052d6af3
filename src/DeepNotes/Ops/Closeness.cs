using System.Numerics;

namespace DeepNotes.Ops;

/// <summary>
/// Whole-tensor equality and elementwise closeness as <c>torch.equal</c>, <c>torch.isclose</c> and <c>torch.allclose</c>.
/// </summary>
internal static class Closeness
{
    /// <summary>True when both have the same shape and equal elements (after type promotion; NaN is never equal).</summary>
    public static bool Equal(Tensor a, Tensor b)
    {
        if (a.Shape != b.Shape) return false;
        if (a.ElementCount == 0) return true;
        Tensor eq = Comparison.Equal(a, b);
        foreach (bool v in eq.Span<bool>()) if (!v) return false;
        return true;
    }

    /// <summary>
    /// |a − b| ≤ atol + rtol·|b| elementwise (broadcast), with equal infinities close and NaN close to NaN only when
    /// <paramref name="equalNan"/>. Both tensors must have the same dtype, as in PyTorch.
    /// </summary>
    public static Tensor Isclose(Tensor a, Tensor b, double rtol, double atol, bool equalNan)
    {
        const string op = "Isclose";
        Tensor.CheckSameDType(op, a, b);
        if (rtol < 0) throw new ArgumentOutOfRangeException(nameof(rtol), rtol, $"{op}: rtol must be non-negative, got {rtol}.");
        if (atol < 0) throw new ArgumentOutOfRangeException(nameof(atol), atol, $"{op}: atol must be non-negative, got {atol}.");
        Shape shape = ElementwiseBinary.BroadcastShape(op, a.Shape, b.Shape);
        var result = ShapeMoves.Empty(shape, DType.Bool); // every element is written (or Equal's result returned)
        if (shape.ElementCount == 0) return result;
        switch (a.DType)
        {
            case DType.Float32: Run<float>(a, b, result, (float)rtol, (float)atol, equalNan); break;
            case DType.Float64: Run<double>(a, b, result, rtol, atol, equalNan); break;
            case DType.Int32 or DType.Int64: Run<double>(a.ConvertRaw(DType.Float64), b.ConvertRaw(DType.Float64), result, rtol, atol, equalNan); break;
            default: return Comparison.Equal(a, b);
        }
        return result;
    }

    /// <summary>True when <see cref="Isclose"/> holds for every element.</summary>
    public static bool Allclose(Tensor a, Tensor b, double rtol, double atol, bool equalNan)
    {
        Tensor close = Isclose(a, b, rtol, atol, equalNan);
        foreach (bool v in close.Span<bool>()) if (!v) return false;
        return true;
    }

    private static void Run<T>(Tensor a, Tensor b, Tensor result, T rtol, T atol, bool equalNan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = ElementwiseBinary.Materialize<T>(a, result.Shape);
        var y = ElementwiseBinary.Materialize<T>(b, result.Shape);
        var d = result.Span<bool>();
        for (int i = 0; i < d.Length; i++)
        {
            T u = x[i], v = y[i];
            bool close = u == v || (equalNan && T.IsNaN(u) && T.IsNaN(v));
            if (!close)
            {
                T error = T.Abs(u - v);
                close = T.IsFinite(error) && error <= atol + T.Abs(rtol * v);
            }
            d[i] = close;
        }
    }
}
