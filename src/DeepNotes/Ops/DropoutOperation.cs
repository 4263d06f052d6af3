using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>
/// Inverted dropout: y = x ⊙ m with m = 1/(1 − p) where a uniform draw u ≥ p (kept) and 0 elsewhere. The mask, drawn in
/// logical element order from the generator so a seed reproduces it, is saved; backward is g ⊙ m.
/// </summary>
internal static class DropoutOperation
{
    public static Tensor Forward(Tensor x, double p, Generator generator)
    {
        x.CheckFloatingPoint("Dropout");
        CheckpointCapture.NoteGenerator(generator); // an Autograd.Checkpoint forward replays these draws in backward
        var mask = new Tensor(x.Shape, x.DType);
        if (p < 1)
        {
            double scale = 1 / (1 - p);
            if (x.DType == DType.Float32)
            {
                float s = (float)scale;
                Span<float> m = mask.Span<float>();
                for (int i = 0; i < m.Length; i++) m[i] = generator.NextDouble() >= p ? s : 0f;
            }
            else
            {
                Span<double> m = mask.Span<double>();
                for (int i = 0; i < m.Length; i++) m[i] = generator.NextDouble() >= p ? scale : 0.0;
            }
        }
        Tensor xc = x.ContiguousRaw();
        var y = new Tensor(x.Shape, x.DType);
        if (x.DType == DType.Float32) TensorPrimitives.Multiply(xc.Span<float>()[..y.ElementCount], mask.Span<float>(), y.Span<float>());
        else TensorPrimitives.Multiply(xc.Span<double>()[..y.ElementCount], mask.Span<double>(), y.Span<double>());
        return Tensor.RecordDifferentiable(y, "MulBackward", [x], g => [Multiply.Forward(g, mask)]);
    }
}
