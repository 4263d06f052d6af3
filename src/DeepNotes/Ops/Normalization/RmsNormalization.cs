namespace DeepNotes.Ops.Normalization;

/// <summary>
/// Root-mean-square normalization (<c>F.rms_norm</c>): every slice over the last <c>normalizedShape.Length</c>
/// dimensions is divided by its root mean square, y = x / √(mean(x²) + eps) · γ. Composed of differentiable ops
/// (square, mean, rsqrt, multiply), so its backward — and any higher-order derivative — comes from theirs.
/// The caller (<see cref="Functional.RmsNorm"/>) has validated the shapes and dtypes.
/// </summary>
internal static class RmsNormalization
{
    public static Tensor Forward(Tensor x, int normalizedRank, Tensor? weight, double eps)
    {
        var axes = new int[normalizedRank];
        for (int i = 0; i < normalizedRank; i++) axes[i] = x.Rank - normalizedRank + i;
        Tensor meanSquare = x.Square().Mean(axes, keepDim: true);
        Tensor y = x * (meanSquare + eps).Rsqrt();
        return weight is null ? y : y * weight;
    }
}
