namespace DeepNotes.Ops;

/// <summary>
/// Alpha dropout (Klambauer et al., 2017), like <c>F.alpha_dropout</c> and <c>F.feature_alpha_dropout</c>: a dropped
/// element is set to SELU's negative saturation and the result is corrected affinely so that zero mean and unit
/// variance are kept. With α′ = λα ≈ 1.7581 and a = ((1 − p)(1 + p·α′²))^(−½): y = a·x + a·α′·p where kept and
/// y = a·α′·(p − 1) where dropped. A draw u ≥ p keeps (as <see cref="DropoutOperation"/>); one draw per element (or per
/// <c>[N, C]</c> feature map when <c>feature</c>), in logical order. Backward is g·a where kept, 0 where dropped.
/// p = 1 gives zeros, as PyTorch.
/// </summary>
internal static class AlphaDropoutNoise
{
    /// <summary>λα of SELU, PyTorch's constant.</summary>
    private const double AlphaPrime = 1.7580993408473766;

    public static Tensor Forward(Tensor x, double p, bool feature, Generator generator)
    {
        CheckpointCapture.NoteGenerator(generator); // an Autograd.Checkpoint forward replays these draws in backward
        string op = feature ? "FeatureAlphaDropout" : "AlphaDropout";
        x.CheckFloatingPoint(op);
        int[] noiseShape;
        if (feature)
        {
            if (x.Rank < 2)
                throw new ArgumentException($"{op} expects an input of at least 2 dimensions [N, C, *], got {x.Shape}.", nameof(x));
            noiseShape = new int[x.Rank];
            Array.Fill(noiseShape, 1);
            noiseShape[0] = x.Shape[0];
            noiseShape[1] = x.Shape[1];
        }
        else noiseShape = x.Shape.ToArray();

        int count = new Shape(noiseShape).ElementCount;
        var scale = new double[count];
        var shift = new double[count];
        if (p < 1)
        {
            double a = 1 / Math.Sqrt((AlphaPrime * AlphaPrime * p + 1) * (1 - p));
            for (int i = 0; i < count; i++)
            {
                bool keep = generator.NextDouble() >= p;
                scale[i] = keep ? a : 0;
                shift[i] = keep ? AlphaPrime * a * p : AlphaPrime * a * (p - 1);
            }
        }
        var scaleT = Tensor.FromArray(scale, noiseShape).ConvertRaw(x.DType);
        var shiftT = Tensor.FromArray(shift, noiseShape).ConvertRaw(x.DType);
        return Add.Forward(Multiply.Forward(x, scaleT), shiftT);
    }
}
