namespace DeepNotes.Ops;

/// <summary>Maps a span to a span of the same length (a TensorPrimitives function or our own kernel).</summary>
internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> destination);

/// <summary>Runs a unary span function over a tensor of any strides into a new contiguous tensor.</summary>
internal static class ElementwiseUnary
{
    public static Tensor Map(string op, Tensor x, SpanMap<float> f32, SpanMap<double> f64, SpanMap<int>? i32 = null, SpanMap<long>? i64 = null)
    {
        DTypeExtensions.RejectStorageOnly(op, x.DType);
        Tensor src = x.ContiguousRaw();
        var result = ShapeMoves.Empty(x.Shape, x.DType); // every kernel writes its whole destination
        switch (x.DType)
        {
            case DType.Float32: f32(src.Span<float>(), result.Span<float>()); break;
            case DType.Float64: f64(src.Span<double>(), result.Span<double>()); break;
            case DType.Int32 when i32 is not null: i32(src.Span<int>(), result.Span<int>()); break;
            case DType.Int64 when i64 is not null: i64(src.Span<long>(), result.Span<long>()); break;
            default:
                throw new ArgumentException(i32 is null
                    ? $"{op} expects a floating-point tensor (Float32 or Float64), got {x.DType}."
                    : $"{op} expects a numeric tensor, got {x.DType}.");
        }
        return result;
    }
}
