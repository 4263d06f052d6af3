using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>
/// Channel dropout of any spatial rank (<c>F.dropout1d</c>, <c>F.dropout3d</c>): the input's trailing
/// <c>spatialRank</c> dimensions form one channel; each channel is kept and scaled by 1/(1 − p), or zeroed, with
/// probability p, one draw per channel in order from the generator (so a seed reproduces the mask, as for
/// <see cref="Dropout2DOperation"/>). Backward multiplies by the same per-channel factors, as a broadcast <see cref="Multiply"/>
/// by a <c>[N, C, 1, …]</c> factor tensor under <c>createGraph</c> (so second derivatives work), by the fused kernel
/// otherwise. The caller has checked p and the rank.
/// </summary>
internal static class ChannelDropout
{
    public static Tensor Forward(string name, Tensor x, double p, Generator generator, int spatialRank)
    {
        CheckpointCapture.NoteGenerator(generator); // an Autograd.Checkpoint forward replays these draws in backward
        int planeSize = 1;
        int[] maskShape = x.Shape.ToArray();
        for (int d = x.Rank - spatialRank; d < x.Rank; d++)
        {
            planeSize *= x.Shape[d];
            maskShape[d] = 1;
        }
        int planes = 1;
        for (int d = 0; d < x.Rank - spatialRank; d++) planes *= x.Shape[d];
        double[] factors = new double[planes];
        double scale = p < 1 ? 1 / (1 - p) : 0;
        for (int i = 0; i < planes; i++) factors[i] = generator.NextDouble() >= p ? scale : 0;
        Tensor y = Scale(x, factors, planeSize);
        return Tensor.RecordDifferentiable(y, name + "Backward", [x], g =>
        {
            if (!Autograd.IsCreatingGraph) return [Scale(g, factors, planeSize)];
            Tensor mask = Tensor.FromArray(factors, new Shape(maskShape)).To(g.DType);
            return [Multiply.Forward(g, mask)];
        });
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
