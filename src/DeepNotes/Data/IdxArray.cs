using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Data;

/// <summary>
/// The typed contents of an IDX file: its element type, its dimensions and its elements in row-major order, held in
/// an array of the matching CLR type (<c>byte[]</c>, <c>sbyte[]</c>, <c>short[]</c>, <c>int[]</c>, <c>float[]</c> or
/// <c>double[]</c>) in native byte order. <see cref="Idx.Read(string)"/> returns one; <see cref="Idx.Write(string, IdxArray, bool?)"/>
/// writes one; <see cref="ToTensor()"/> and <see cref="FromTensor"/> convert to and from tensors.
/// </summary>
public sealed class IdxArray
{
    /// <summary>Wraps <paramref name="data"/> (not copied) as an IDX array of <paramref name="shape"/>.</summary>
    /// <param name="elementType">The IDX element type.</param>
    /// <param name="shape">The dimensions (at most 255 of them, as the rank is one header byte).</param>
    /// <param name="data">A one-dimensional array of the CLR type of <paramref name="elementType"/>
    /// (see <see cref="IdxElementTypeExtensions.ClrType"/>) with <c>shape.ElementCount</c> elements.</param>
    /// <exception cref="ArgumentException">The array type, the element count or the rank does not fit.</exception>
    public IdxArray(IdxElementType elementType, Shape shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Type expected = elementType.ClrType().MakeArrayType();
        if (data.GetType() != expected)
            throw new ArgumentException($"IdxArray: element type {elementType.Name()} needs {Articles.WithArticle(expected.Name)}, got {Articles.WithArticle(data.GetType().Name)}.", nameof(data));
        if (data.Length != shape.ElementCount)
            throw new ArgumentException($"IdxArray: shape {shape} holds {shape.ElementCount} elements, the array has {data.Length}.", nameof(data));
        if (shape.Rank > byte.MaxValue)
            throw new ArgumentException($"IdxArray: an IDX file has at most 255 dimensions, got {shape.Rank}.", nameof(shape));
        ElementType = elementType;
        Shape = shape;
        Data = data;
    }

    /// <summary>The element type stored in the file.</summary>
    public IdxElementType ElementType { get; }

    /// <summary>The dimensions, outermost first (IDX rank 0 is a single value, shape <c>[]</c>).</summary>
    public Shape Shape { get; }

    /// <summary>The elements in row-major order, as an array of the CLR type of <see cref="ElementType"/>.</summary>
    public Array Data { get; }

    /// <summary>
    /// A new tensor of <see cref="Shape"/> in the default dtype of the element type: every integer type (unsigned
    /// bytes included) becomes <see cref="DType.Int32"/>, float becomes <see cref="DType.Float32"/> and double
    /// <see cref="DType.Float64"/>. Values are unchanged (no scaling: divide images by 255 yourself, or use
    /// <see cref="FashionMnist"/>).
    /// </summary>
    public Tensor ToTensor() => ToTensor(ElementType.DefaultDType());

    /// <summary>
    /// A new tensor of <see cref="Shape"/> and <paramref name="dtype"/> holding the values unchanged: any element type
    /// converts to <see cref="DType.Float32"/> or <see cref="DType.Float64"/> (double to float rounds to nearest), and
    /// integer element types convert to <see cref="DType.Int32"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is Bool, or Int32 for float or double data.</exception>
    public Tensor ToTensor(DType dtype)
    {
        bool integerSource = ElementType.DefaultDType() == DType.Int32;
        if (dtype == DType.Bool || (dtype == DType.Int32 && !integerSource))
            throw new ArgumentException(
                $"IdxArray.ToTensor: {ElementType.Name()} data cannot become {dtype.WithArticle()} tensor; use Float32, Float64{(integerSource ? " or Int32" : "")}.", nameof(dtype));
        var result = new Tensor(Shape, dtype);
        switch (dtype)
        {
            case DType.Float32: ConvertInto(result.Span<float>()); break;
            case DType.Float64: ConvertInto(result.Span<double>()); break;
            default: ConvertInto(result.Span<int>()); break;
        }
        return result;
    }

    private void ConvertInto<TTo>(Span<TTo> destination) where TTo : unmanaged, INumberBase<TTo>
    {
        switch (ElementType)
        {
            case IdxElementType.UByte: TensorPrimitives.ConvertTruncating<byte, TTo>((byte[])Data, destination); break;
            case IdxElementType.SByte: TensorPrimitives.ConvertTruncating<sbyte, TTo>((sbyte[])Data, destination); break;
            case IdxElementType.Short: TensorPrimitives.ConvertTruncating<short, TTo>((short[])Data, destination); break;
            case IdxElementType.Int: TensorPrimitives.ConvertTruncating<int, TTo>((int[])Data, destination); break;
            case IdxElementType.Float: TensorPrimitives.ConvertTruncating<float, TTo>((float[])Data, destination); break;
            default: TensorPrimitives.ConvertTruncating<double, TTo>((double[])Data, destination); break;
        }
    }

    /// <summary>
    /// Copies <paramref name="tensor"/> (any layout) into a new IDX array of <paramref name="elementType"/>, e.g. to
    /// write it with <see cref="Idx.Write(string, IdxArray, bool?)"/>. Integer element types take Int32 tensors whose
    /// values fit the type; float and double take any numeric tensor (float rounds to nearest).
    /// </summary>
    /// <exception cref="ArgumentException">The dtype does not fit the element type, or a value is out of its range.</exception>
    public static IdxArray FromTensor(Tensor tensor, IdxElementType elementType)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!IdxElementTypeExtensions.IsDefined((byte)elementType))
            throw new ArgumentOutOfRangeException(nameof(elementType), elementType, $"Unknown IDX element type 0x{(byte)elementType:X2}.");
        bool integerTarget = elementType.DefaultDType() == DType.Int32;
        if (tensor.DType == DType.Bool || (integerTarget && tensor.DType != DType.Int32))
            throw new ArgumentException(
                $"IdxArray.FromTensor: {tensor.DType.WithArticle()} tensor cannot be stored as {elementType.Name()}; integer element types take Int32 tensors, float and double take numeric tensors.",
                nameof(tensor));
        Array data = elementType switch
        {
            IdxElementType.Float => tensor.ToArray<float>(),
            IdxElementType.Double => tensor.ToArray<double>(),
            IdxElementType.Int => tensor.ToArray<int>(),
            _ => NarrowIntegers(tensor.ToArray<int>(), elementType),
        };
        return new IdxArray(elementType, tensor.Shape, data);
    }

    private static Array NarrowIntegers(int[] values, IdxElementType elementType)
    {
        (int min, int max) = elementType switch
        {
            IdxElementType.UByte => (byte.MinValue, byte.MaxValue),
            IdxElementType.SByte => (sbyte.MinValue, sbyte.MaxValue),
            _ => (short.MinValue, (int)short.MaxValue),
        };
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < min || values[i] > max)
                throw new ArgumentException(
                    $"IdxArray.FromTensor: value {values[i]} at flat index {i} is outside the {elementType.Name()} range [{min}, {max}].", "tensor");
        }
        switch (elementType)
        {
            case IdxElementType.UByte:
            {
                var bytes = new byte[values.Length];
                TensorPrimitives.ConvertTruncating<int, byte>(values, bytes);
                return bytes;
            }
            case IdxElementType.SByte:
            {
                var sbytes = new sbyte[values.Length];
                TensorPrimitives.ConvertTruncating<int, sbyte>(values, sbytes);
                return sbytes;
            }
            default:
            {
                var shorts = new short[values.Length];
                TensorPrimitives.ConvertTruncating<int, short>(values, shorts);
                return shorts;
            }
        }
    }
}
