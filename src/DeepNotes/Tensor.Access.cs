using System.Numerics.Tensors;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>The single element of a one-element tensor, converted to <typeparamref name="T"/> (float, double, int or bool).</summary>
    /// <exception cref="InvalidOperationException">The tensor has more or fewer than one element.</exception>
    public T Item<T>() where T : unmanaged
    {
        if (ElementCount != 1)
            throw new InvalidOperationException($"Item: a tensor with {ElementCount} elements (shape {Shape}) cannot be converted to a scalar.");
        return ConvertElement<T>(GetRaw(0));
    }

    /// <summary>The single element of a one-element tensor as a double.</summary>
    public double Item() => Item<double>();

    /// <summary>All elements in row-major order, converted to <typeparamref name="T"/> (float, double, int or bool).</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        DType target = DTypeExtensions.FromClrType<T>();
        Tensor source = target == DType ? ContiguousRaw() : ConvertRaw(target);
        return source.Span<T>().ToArray();
    }

    /// <summary>
    /// This tensor converted to <paramref name="dtype"/> (this tensor itself when the dtype already matches), like
    /// <c>tensor.to(dtype)</c>. Float-to-int conversion truncates toward zero; gradients flow between float dtypes.
    /// </summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        var result = ConvertRaw(dtype);
        if (!dtype.IsFloatingPoint()) return result;
        DType source = DType;
        return RecordDifferentiable(result, "ToCopyBackward", [this], g => [g.To(source)]);
    }

    /// <summary>A copy with its own contiguous storage; gradients flow back to this tensor.</summary>
    public Tensor Clone() => RecordDifferentiable(CloneRaw(), "CloneBackward", [this], g => [g]);

    /// <summary>This tensor when already contiguous, else a contiguous copy (differentiable).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    internal Tensor CloneRaw()
    {
        var result = new Tensor(Shape, DType);
        CopyTo(result);
        return result;
    }

    internal Tensor ConvertRaw(DType dtype)
    {
        Tensor src = ContiguousRaw();
        var result = new Tensor(Shape, dtype);
        int n = ElementCount;
        switch (DType, dtype)
        {
            case (DType.Float32, DType.Float64): TensorPrimitives.ConvertChecked<float, double>(src.Span<float>(), result.Span<double>()); break;
            case (DType.Float64, DType.Float32): TensorPrimitives.ConvertTruncating<double, float>(src.Span<double>(), result.Span<float>()); break;
            case (DType.Int32, DType.Float32): TensorPrimitives.ConvertTruncating<int, float>(src.Span<int>(), result.Span<float>()); break;
            case (DType.Int32, DType.Float64): TensorPrimitives.ConvertChecked<int, double>(src.Span<int>(), result.Span<double>()); break;
            default:
                for (int i = 0; i < n; i++) result.SetRaw(i, src.GetRaw(i));
                break;
        }
        return result;
    }

    /// <summary>Reads the element with row-major logical index <paramref name="flatIndex"/> as a double.</summary>
    internal double GetRaw(int flatIndex)
    {
        int p = StorageIndex(flatIndex);
        return DType switch
        {
            DType.Float32 => Data<float>()[p],
            DType.Float64 => Data<double>()[p],
            DType.Int32 => Data<int>()[p],
            _ => Data<bool>()[p] ? 1.0 : 0.0,
        };
    }

    /// <summary>Writes the element with row-major logical index <paramref name="flatIndex"/> (no version bump).</summary>
    internal void SetRaw(int flatIndex, double value)
    {
        int p = StorageIndex(flatIndex);
        switch (DType)
        {
            case DType.Float32: Data<float>()[p] = (float)value; break;
            case DType.Float64: Data<double>()[p] = value; break;
            case DType.Int32: Data<int>()[p] = checked((int)value); break;
            default: Data<bool>()[p] = value != 0; break;
        }
    }

    internal void FillRaw(double value)
    {
        if (!IsContiguous)
        {
            for (int i = 0; i < ElementCount; i++) SetRaw(i, value);
            return;
        }
        switch (DType)
        {
            case DType.Float32: Span<float>().Fill((float)value); break;
            case DType.Float64: Span<double>().Fill(value); break;
            case DType.Int32: Span<int>().Fill(checked((int)value)); break;
            default: Span<bool>().Fill(value != 0); break;
        }
    }

    private static T ConvertElement<T>(double value) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)value;
        if (typeof(T) == typeof(double)) return (T)(object)value;
        if (typeof(T) == typeof(int)) return (T)(object)checked((int)value);
        if (typeof(T) == typeof(bool)) return (T)(object)(value != 0);
        throw new NotSupportedException($"Element type {typeof(T).Name} is not a DeepNotes dtype; use float, double, int or bool.");
    }
}
