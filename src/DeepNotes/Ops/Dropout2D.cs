namespace DeepNotes.Ops;

/// <summary>
/// Channel dropout: for <c>[N, C, H, W]</c> (or unbatched <c>[C, H, W]</c>) each whole channel plane is kept and scaled
/// by 1/(1 − p), or zeroed, with probability p. One draw per (n, c) in that order from the generator, so a seed
/// reproduces the mask. Backward multiplies by the same per-channel factors.
/// </summary>
internal static class Dropout2D
{
    public static Tensor Forward(Tensor x, double p, Generator generator)
    {
        CheckpointCapture.NoteGenerator(generator); // an Autograd.Checkpoint forward replays these draws in backward
        x.CheckFloatingPoint("Dropout2D");
        Shape s = x.Shape;
        if (s.Rank is not (3 or 4))
            throw new ArgumentException($"Dropout2D expects input [N, C, H, W] or [C, H, W], got {s}");
        int planes = s.Rank == 4 ? s[0] * s[1] : s[0];
        int planeSize = s[-2] * s[-1];
        double[] factors = new double[planes];
        double scale = p < 1 ? 1 / (1 - p) : 0;
        for (int i = 0; i < planes; i++) factors[i] = generator.NextDouble() >= p ? scale : 0;
        Tensor y = Scale(x, factors, planeSize);
        return Tensor.Record(y, "Dropout2DBackward", [x], g => [Scale(g, factors, planeSize)]);
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
                System.Numerics.Tensors.TensorPrimitives.Multiply(c.Span<float>().Slice(i * planeSize, planeSize), (float)factors[i],
                    result.Span<float>().Slice(i * planeSize, planeSize));
            else
                System.Numerics.Tensors.TensorPrimitives.Multiply(c.Span<double>().Slice(i * planeSize, planeSize), factors[i],
                    result.Span<double>().Slice(i * planeSize, planeSize));
        }
        return result;
    }
}
