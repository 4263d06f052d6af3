using System.Numerics.Tensors;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// Plumbing shared by the linear-algebra ops: input checks with PyTorch's messages, batches of matrices read into
/// one row-major double array (the kernels work in double; Float32 input is factorised in double and rounded once
/// at the end), and results written back in the input's dtype.
/// </summary>
internal static class MatrixBatch
{
    /// <summary>Throws unless <paramref name="a"/> is Float32/Float64 with at least two dimensions.</summary>
    public static void CheckMatrix(string op, Tensor a, string name = "A")
    {
        if (!a.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: Expected a floating point tensor (Float32 or Float64) as input. Got {a.DType}.");
        if (a.Rank < 2)
            throw new ArgumentException($"{op}: The input tensor {name} must have at least 2 dimensions, got shape {a.Shape}.");
    }

    /// <summary><see cref="CheckMatrix"/> plus square last two dimensions.</summary>
    public static void CheckSquare(string op, Tensor a)
    {
        CheckMatrix(op, a);
        if (a.Shape[-1] != a.Shape[-2])
            throw new ArgumentException($"{op}: A must be batches of square matrices, but they are {a.Shape[-2]} by {a.Shape[-1]} matrices (shape {a.Shape}).");
    }

    /// <summary>Throws unless both operands have the same dtype, naming both.</summary>
    public static void CheckSameDType(string op, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
            throw new ArgumentException($"{op}: Expected A and B to have the same dtype, but found A of type {a.DType} and B of type {b.DType} instead.");
    }

    /// <summary>The batch dimensions (all but the last two).</summary>
    public static Shape BatchShape(Tensor a) => new(a.Shape.Dims[..^2]);

    /// <summary>The number of matrices in the batch.</summary>
    public static int BatchCount(Tensor a)
    {
        int count = 1;
        for (int d = 0; d < a.Rank - 2; d++) count *= a.Shape.Dims[d];
        return count;
    }

    /// <summary>PyTorch's "(Batch element i): " prefix, used when the input has batch dimensions.</summary>
    public static string BatchPrefix(Tensor a, int index) => a.Rank > 2 ? $"(Batch element {index}): " : "";

    /// <summary>All elements of <paramref name="t"/> in row-major order as a fresh double array.</summary>
    public static double[] Read(Tensor t)
    {
        Tensor c = t.ContiguousRaw();
        var data = new double[t.ElementCount];
        if (t.DType == DType.Float64) c.Span<double>().CopyTo(data);
        else TensorPrimitives.ConvertChecked<float, double>(c.Span<float>(), data);
        return data;
    }

    /// <summary>A new contiguous tensor of <paramref name="shape"/> and <paramref name="dtype"/> holding <paramref name="data"/>.</summary>
    public static Tensor Write(double[] data, Shape shape, DType dtype)
    {
        var result = new Tensor(shape, dtype);
        if (dtype == DType.Float64) data.AsSpan(0, shape.ElementCount).CopyTo(result.Span<double>());
        else TensorPrimitives.ConvertTruncating<double, float>(data.AsSpan(0, shape.ElementCount), result.Span<float>());
        return result;
    }

    /// <summary>Machine epsilon of a floating-point dtype.</summary>
    public static double Epsilon(DType dtype) => dtype == DType.Float32 ? 1.1920928955078125e-07 : 2.220446049250313e-16;
}
