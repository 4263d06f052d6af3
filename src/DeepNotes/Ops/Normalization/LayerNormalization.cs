using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Normalization;

/// <summary>
/// Layer normalization (<c>F.layer_norm</c>): every slice over the last <c>normalizedShape.Length</c> dimensions is
/// normalised by its own mean and biased variance, then scaled by γ and shifted by β (both shaped like
/// <c>normalizedShape</c>). Forward and backward are the fused row kernels of <see cref="LayerNormKernel"/>; the
/// backward node is PyTorch's <c>NativeLayerNormBackward</c>; under createGraph it differentiates <see cref="Composite"/>
/// (the op recomputed in differentiable ops) instead, so higher derivatives exist.
/// </summary>
internal static class LayerNormalization
{
    public static Tensor Forward(Tensor x, ReadOnlySpan<int> normalizedShape, Tensor? weight, Tensor? bias, double eps)
    {
        Check(x, normalizedShape, weight, bias, eps);
        int n = 1;
        foreach (int d in normalizedShape) n *= d;
        int rows = n == 0 ? 0 : x.ElementCount / n;
        Tensor xc = x.ContiguousRaw();
        Tensor? wc = weight?.ContiguousRaw(), bc = bias?.ContiguousRaw();
        var y = new Tensor(x.Shape, x.DType);
        if (y.ElementCount == 0) return y;

        object mean, rstd;
        if (x.DType == DType.Float32) (mean, rstd) = Forward<float>(xc, wc, bc, y, rows, n, eps);
        else (mean, rstd) = Forward<double>(xc, wc, bc, y, rows, n, eps);

        Tensor[] inputs = (weight, bias) switch
        {
            (null, null) => [x],
            (not null, null) => [x, weight],
            (null, not null) => [x, bias],
            _ => [x, weight!, bias!],
        };
        if (!Tensor.NeedsGrad(inputs)) return y;
        var affineShape = new Shape(normalizedShape);
        bool needX = x.RequiresGrad, needW = weight?.RequiresGrad == true, needB = bias?.RequiresGrad == true;
        int normalizedRank = normalizedShape.Length;
        return Tensor.RecordComposite(y, "NativeLayerNormBackward", inputs, g =>
        {
            Tensor gc = g.ContiguousRaw();
            var dx = new Tensor(x.Shape, x.DType);
            Tensor? dw = null, db = null;
            if (needW || needB)
            {
                dw = new Tensor(affineShape, x.DType);
                db = new Tensor(affineShape, x.DType);
            }
            if (x.DType == DType.Float32) Backward(gc, xc, wc, (float[])mean, (float[])rstd, dx, dw, db, rows, n);
            else Backward(gc, xc, wc, (double[])mean, (double[])rstd, dx, dw, db, rows, n);
            Tensor? gx = needX ? dx : null, gw = needW ? dw : null, gb = needB ? db : null;
            return (weight, bias) switch
            {
                (null, null) => [gx],
                (not null, null) => [gx, gw],
                (null, not null) => [gx, gb],
                _ => [gx, gw, gb],
            };
        }, ins => Composite(ins, normalizedRank, weight is not null, bias is not null, eps), inputs);
    }

    /// <summary>
    /// The op in differentiable ops, for createGraph passes: centred and scaled by (biased variance + eps)^(−½) over the
    /// last <paramref name="normalizedRank"/> dimensions, then ·γ + β (shaped like those dimensions).
    /// </summary>
    private static Tensor Composite(Tensor[] inputs, int normalizedRank, bool hasWeight, bool hasBias, double eps)
    {
        Tensor x = inputs[0];
        int[] axes = [.. Enumerable.Range(x.Rank - normalizedRank, normalizedRank)];
        Tensor centred = x - x.Mean(axes, keepDim: true);
        Tensor y = centred * (centred.Square().Mean(axes, keepDim: true) + eps).Rsqrt();
        if (hasWeight) y = y * inputs[1];
        if (hasBias) y = y + inputs[^1];
        return y;
    }

    private static (T[] Mean, T[] Rstd) Forward<T>(Tensor x, Tensor? w, Tensor? b, Tensor y, int rows, int n, double eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mean = new T[rows];
        var rstd = new T[rows];
        (T[] ga, int go) = w is null ? (Ones<T>(n), 0) : (w.Data<T>(), w.Offset);
        (T[] ba, int bo) = b is null ? (new T[n], 0) : (b.Data<T>(), b.Offset);
        LayerNormKernel.Forward(x.Data<T>(), x.Offset, ga, go, ba, bo, y.Data<T>(), mean, rstd, rows, n, T.CreateTruncating(eps));
        return (mean, rstd);
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor? w, T[] mean, T[] rstd, Tensor dx, Tensor? dw, Tensor? db, int rows, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] ga, int go) = w is null ? (Ones<T>(n), 0) : (w.Data<T>(), w.Offset);
        LayerNormKernel.Backward(g.Data<T>(), g.Offset, x.Data<T>(), x.Offset, ga, go, mean, rstd, dx.Data<T>(),
            dw?.Data<T>(), db?.Data<T>(), rows, n);
    }

    private static T[] Ones<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ones = new T[n];
        Array.Fill(ones, T.One);
        return ones;
    }

    private static void Check(Tensor x, ReadOnlySpan<int> normalizedShape, Tensor? weight, Tensor? bias, double eps)
    {
        x.CheckFloatingPoint("LayerNorm");
        string ns = new Shape(normalizedShape).ToString();
        if (normalizedShape.Length == 0)
            throw new ArgumentException("LayerNorm: normalizedShape must name at least one dimension, got [].", nameof(normalizedShape));
        bool fits = x.Rank >= normalizedShape.Length;
        for (int i = 0; fits && i < normalizedShape.Length; i++)
            fits = x.Shape[x.Rank - normalizedShape.Length + i] == normalizedShape[i];
        if (!fits)
            throw new ArgumentException($"LayerNorm{ns} expects input [*, {ns[1..^1]}], got {x.Shape}.", nameof(x));
        if (weight is not null)
        {
            Tensor.CheckSameDType("LayerNorm", x, weight);
            if (weight.Shape != new Shape(normalizedShape))
                throw new ArgumentException($"LayerNorm: weight must have shape {ns}, got {weight.Shape}.", nameof(weight));
        }
        if (bias is not null)
        {
            Tensor.CheckSameDType("LayerNorm", x, bias);
            if (bias.Shape != new Shape(normalizedShape))
                throw new ArgumentException($"LayerNorm: bias must have shape {ns}, got {bias.Shape}.", nameof(bias));
        }
        if (!(eps >= 0))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"LayerNorm: eps must be ≥ 0, got {eps}.");
    }
}
