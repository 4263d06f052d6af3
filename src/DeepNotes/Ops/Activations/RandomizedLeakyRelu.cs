namespace DeepNotes.Ops.Activations;

/// <summary>
/// RReLU (Xu et al., 2015), like <c>F.rrelu</c>: in training each element x ≤ 0 is multiplied by its own slope drawn
/// from U(lower, upper) — one draw per such element, in logical order, from the generator — and x &gt; 0 passes; the
/// slopes are saved and backward is g ⊙ slopes (so the gradient at 0 is that element's slope, as PyTorch's
/// rrelu_with_noise). In evaluation it is the leaky ReLU with the fixed slope (lower + upper)/2.
/// </summary>
internal static class RandomizedLeakyRelu
{
    public static Tensor Forward(Tensor x, double lower, double upper, bool training, Generator generator)
    {
        CheckpointCapture.NoteGenerator(generator); // an Autograd.Checkpoint forward replays these draws in backward
        x.CheckFloatingPoint("RRelu");
        if (!training) return LeakyReluOperation.Forward(x, (lower + upper) / 2);
        Tensor src = x.ContiguousRaw();
        var noise = new Tensor(x.Shape, x.DType);
        int n = x.ElementCount;
        double width = upper - lower;
        if (x.DType == DType.Float32)
        {
            ReadOnlySpan<float> v = src.Span<float>()[..n];
            Span<float> r = noise.Span<float>();
            for (int i = 0; i < n; i++) r[i] = v[i] <= 0 ? (float)(lower + width * generator.NextDouble()) : 1f;
        }
        else
        {
            ReadOnlySpan<double> v = src.Span<double>()[..n];
            Span<double> r = noise.Span<double>();
            for (int i = 0; i < n; i++) r[i] = v[i] <= 0 ? lower + width * generator.NextDouble() : 1.0;
        }
        return Multiply.Forward(x, noise);
    }
}
