using DeepNotes;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Indexing;

/// <summary>Tensors from the reference literals, and gradients of L = Σ out·W with the script's weights.</summary>
internal static class IndexingTestHelpers
{
    /// <summary>W[i] = 0.5 + 0.1·(i mod 7) over <paramref name="shape"/>, the upstream gradient the reference script uses.</summary>
    public static Tensor Weight(Shape shape)
    {
        var w = new double[shape.ElementCount];
        for (int i = 0; i < w.Length; i++) w[i] = 0.5 + 0.1 * (i % 7);
        return Tensor.FromArray(w, shape);
    }

    /// <summary>A Float64 leaf (requiring grad) of the given literal and shape.</summary>
    public static Tensor F(double[] data, params int[] shape) => Tensor.FromArray(data, new Shape(shape), requiresGrad: true);

    /// <summary>A Float64 constant.</summary>
    public static Tensor C(double[] data, params int[] shape) => Tensor.FromArray(data, new Shape(shape));

    /// <summary>An Int32 tensor.</summary>
    public static Tensor I(int[] data, params int[] shape) => Tensor.FromArray(data, new Shape(shape));

    /// <summary>A Bool tensor from 0/1 literals.</summary>
    public static Tensor B(int[] data, params int[] shape) => Tensor.FromArray(data.Select(v => v != 0).ToArray(), new Shape(shape));

    /// <summary>Gradients of Σ out·W with respect to <paramref name="inputs"/>.</summary>
    public static Tensor[] Grads(Tensor output, params Tensor[] inputs) =>
        Autograd.Grad(output, inputs, Weight(output.Shape), allowUnused: true);

    /// <summary>Asserts exact (or 1e-12-close) agreement with a reference, shape included.</summary>
    public static void Same(double[] expected, Tensor actual, params int[] shape)
    {
        if (shape.Length > 0) Assert.Equal(new Shape(shape), actual.Shape);
        AssertClose(expected, actual, 1e-12, 1e-12);
    }

    /// <summary>Asserts an Int32 result equals a reference, shape included.</summary>
    public static void SameInt(int[] expected, Tensor actual, params int[] shape)
    {
        Assert.Equal(DType.Int32, actual.DType);
        Assert.Equal(new Shape(shape), actual.Shape);
        Assert.Equal(expected, actual.ToArray<int>());
    }
}
