using System.Numerics;

namespace DeepNotes.Ops;

/// <summary>Elementwise comparisons with broadcasting; the result is a Bool tensor and carries no gradient.</summary>
internal static class Comparison
{
    private enum Kind { Greater, GreaterEqual, Less, LessEqual, Equal, NotEqual }

    public static Tensor Greater(Tensor a, Tensor b) => Compare("Greater", Kind.Greater, a, b);

    public static Tensor GreaterEqual(Tensor a, Tensor b) => Compare("GreaterEqual", Kind.GreaterEqual, a, b);

    public static Tensor Less(Tensor a, Tensor b) => Compare("Less", Kind.Less, a, b);

    public static Tensor LessEqual(Tensor a, Tensor b) => Compare("LessEqual", Kind.LessEqual, a, b);

    public static Tensor Equal(Tensor a, Tensor b) => Compare("Equal", Kind.Equal, a, b);

    public static Tensor NotEqual(Tensor a, Tensor b) => Compare("NotEqual", Kind.NotEqual, a, b);

    private static Tensor Compare(string op, Kind kind, Tensor a, Tensor b)
    {
        DType dtype = TypePromotion.Promote(op, a.DType, b.DType);
        a = TypePromotion.Cast(a, dtype);
        b = TypePromotion.Cast(b, dtype);
        Shape shape = ElementwiseBinary.BroadcastShape(op, a.Shape, b.Shape);
        var result = ShapeMoves.Empty(shape, DType.Bool); // Run writes every element
        switch (dtype)
        {
            case DType.Float32: Run<float>(kind, a, b, result); break;
            case DType.Float64: Run<double>(kind, a, b, result); break;
            case DType.Int32: Run<int>(kind, a, b, result); break;
            case DType.Int64: Run<long>(kind, a, b, result); break;
            default:
                if (kind is not (Kind.Equal or Kind.NotEqual))
                    throw new ArgumentException($"{op} is not defined for Bool tensors; use Equal or NotEqual.");
                Run<int>(kind, a.ConvertRaw(DType.Int32), b.ConvertRaw(DType.Int32), result);
                break;
        }
        return result;
    }

    private static void Run<T>(Kind kind, Tensor a, Tensor b, Tensor result) where T : unmanaged, INumber<T>
    {
        int n = result.ElementCount;
        if (n == 0) return;
        var x = ElementwiseBinary.Materialize<T>(a, result.Shape);
        var y = ElementwiseBinary.Materialize<T>(b, result.Shape);
        var d = result.Span<bool>();
        for (int i = 0; i < n; i++)
        {
            d[i] = kind switch
            {
                Kind.Greater => x[i] > y[i],
                Kind.GreaterEqual => x[i] >= y[i],
                Kind.Less => x[i] < y[i],
                Kind.LessEqual => x[i] <= y[i],
                Kind.Equal => x[i] == y[i],
                _ => x[i] != y[i],
            };
        }
    }
}
