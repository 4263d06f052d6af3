using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>
/// Channel dropout of any spatial rank (<c>F.dropout1d</c>, <c>F.dropout3d</c>): the input's trailing
/// <c>planeSize</c> elements form one channel; each channel is kept and scaled by 1/(1 − p), or zeroed, with
/// probability p, one draw per channel in order from the generator (so a seed reproduces the mask, as for
/// <see cref="Dropout2D"/>). Backward multiplies by the same per-channel factors. The caller has checked p and the rank.
/// </summary>
internal static class ChannelDropout
{
    public static Tensor Forward(string name, Tensor x, double p, Generator generator, int planeSize)
    {
        int planes = planeSize == 0 ? 0 : x.ElementCount / planeSize;
        double[] factors = new double[planes];
        double scale = p < 1 ? 1 / (1 - p) : 0;
        for (int i = 0; i < planes; i++) factors[i] = generator.NextDouble() >= p ? scale : 0;
        Tensor y = Scale(x, factors, planeSize);
        return Tensor.Record(y, name + "Backward", [x], g => [Scale(g, factors, planeSize)]);
    }

    /// <summary>Multiplies plane i (of <paramref name="planeSize"/> elements) by factors[i]; a new contiguous tensor.</summary>
    private static Tensor Scale(Tensor t, double[] factors, int planeSize)
    {
        Tensor c = t.ContiguousRaw();
        var result = new Tensor(t.Shape, t.DType);
        for (int i = 0; i < factors.Length; i++)
        {
            if (factors[i] == 0) continue; // the new tensor is already zero
            if (t.DType == DType.Float32)
                TensorPrimitives.Multiply(c.Span<float>().Slice(i * planeSize, planeSize), (float)factors[i],
                    result.Span<float>().Slice(i * planeSize, planeSize));
            else
                TensorPrimitives.Multiply(c.Span<double>().Slice(i * planeSize, planeSize), factors[i],
                    result.Span<double>().Slice(i * planeSize, planeSize));
        }
        return result;
    }
}
