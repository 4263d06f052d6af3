using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>Index of the largest/smallest element over one axis, or over the flattened tensor; Int32 result, no gradient.</summary>
internal static class ArgMaxMin
{
    public static Tensor ArgMax(Tensor x, int? axis, bool keepDim) => Forward("ArgMax", x, axis, keepDim, max: true);

    public static Tensor ArgMin(Tensor x, int? axis, bool keepDim) => Forward("ArgMin", x, axis, keepDim, max: false);

    private static Tensor Forward(string op, Tensor x, int? axis, bool keepDim, bool max)
    {
        x.CheckNumeric(op);
        Tensor source = x;
        int[] ax;
        if (axis is int a) ax = ReductionOperation.Axes(op, [a], x.Rank);
        else
        {
            source = Reshape.Raw(x, new Shape(x.ElementCount));
            ax = [0];
        }
        var (data, outer, inner) = ReductionOperation.Arrange(source, source.Rank == 0 ? [] : ax);
        if (inner == 0)
            throw new ArgumentException($"{op}: cannot reduce an empty tensor (shape {x.Shape}).");
        Shape outShape = axis is null
            ? (keepDim ? new Shape(Enumerable.Repeat(1, x.Rank).ToArray()) : Shape.Scalar)
            : ReductionOperation.OutputShape(x.Shape, ax, keepDim);
        var result = new Tensor(outShape, DType.Int32);
        var dst = result.Span<int>();
        switch (x.DType)
        {
            case DType.Float32: Rows(data.Span<float>(), dst, outer, inner, max); break;
            case DType.Float64: Rows(data.Span<double>(), dst, outer, inner, max); break;
            case DType.Int64: Rows(data.Span<long>(), dst, outer, inner, max); break;
            default: Rows(data.Span<int>(), dst, outer, inner, max); break;
        }
        return result;
    }

    private static void Rows<T>(ReadOnlySpan<T> data, Span<int> result, int outer, int inner, bool max) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * inner, inner);
            result[o] = max ? TensorPrimitives.IndexOfMax(row) : TensorPrimitives.IndexOfMin(row);
        }
    }
}
