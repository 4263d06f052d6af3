using DeepNotes;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Resampling;

/// <summary>An input of a reference case: its shape and the amplitude of its sine values.</summary>
internal readonly record struct Input(int[] Shape, double Amplitude = 3.0);

/// <summary>Inputs and comparisons shared by the resampling tests.</summary>
internal static class ResamplingTestHelpers
{
    /// <summary>Input k of reference/resampling_reference.py: a·sin(1.3 i + 0.2 + k), requiring grad.</summary>
    public static Tensor SineInput(int[] shape, int k, double amplitude, DType dtype)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        double[] v = Enumerable.Range(0, n).Select(i => amplitude * Math.Sin(1.3 * i + 0.2 + k)).ToArray();
        Tensor t = Tensor.FromArray(v, new Shape(shape)).To(dtype);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>The output gradient of the reference script: w[j] = cos(0.7 j), shaped like <paramref name="like"/>.</summary>
    public static Tensor CosineWeights(Tensor like) =>
        Tensor.FromArray(Enumerable.Range(0, like.Shape.ElementCount).Select(j => Math.Cos(0.7 * j)).ToArray(), like.Shape).To(like.DType);

    /// <summary>Random float64 input with requires-grad, for GradCheck.</summary>
    public static Tensor RandomInput(int[] shape, int seed, double scale = 1.0)
    {
        Tensor t = (Tensor.Randn(new Shape(shape), DType.Float64, new Generator((ulong)seed)) * scale).Detach();
        t.RequiresGrad = true;
        return t;
    }
}
