using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Normalization;

/// <summary>
/// Group normalization (<c>F.group_norm</c>) of <c>[N, C, *]</c>: the C channels form G groups, each (sample, group)
/// is normalised with its own mean and biased variance, then y = x̂·γ_c + β_c per channel. Instance normalization is
/// the case G = C. Kernel: <see cref="GroupNormKernel"/>; backward node <c>NativeGroupNormBackward</c> (fused first-order;
/// under createGraph the gradients of <see cref="Composite"/>, the op recomputed in differentiable ops).
/// </summary>
internal static class GroupNormalization
{
    public static Tensor Forward(Tensor x, int groups, Tensor? weight, Tensor? bias, double eps) =>
        Forward(x, groups, weight, bias, eps, "GroupNorm", out _, out _);

    /// <summary>The forward, also handing out each (sample, group)'s mean and biased variance (float[] or double[]).</summary>
    internal static Tensor Forward(Tensor x, int groups, Tensor? weight, Tensor? bias, double eps, string op, out Array mean, out Array var)
    {
        Check(x, groups, weight, bias, eps, op);
        int batch = x.Shape[0], channels = x.Shape[1];
        int inner = batch == 0 || channels == 0 ? 0 : x.ElementCount / (batch * channels);
        var y = new Tensor(x.Shape, x.DType);
        Tensor xc = x.ContiguousRaw();
        Array rstd;
        if (x.DType == DType.Float32) (mean, var, rstd) = Forward<float>(xc, weight, bias, y, batch, channels, inner, groups, eps);
        else (mean, var, rstd) = Forward<double>(xc, weight, bias, y, batch, channels, inner, groups, eps);

        Tensor[] inputs = BatchNormalization.Inputs(x, weight, bias);
        if (y.ElementCount == 0 || !Tensor.NeedsGrad(inputs)) return y;
        bool needX = x.RequiresGrad, needW = weight?.RequiresGrad == true, needB = bias?.RequiresGrad == true;
        Array savedMean = mean;
        return Tensor.RecordComposite(y, "NativeGroupNormBackward", inputs, g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? dx = needX ? new Tensor(x.Shape, x.DType) : null;
            Tensor? dw = needW || needB ? new Tensor([channels], x.DType) : null;
            Tensor? db = needW || needB ? new Tensor([channels], x.DType) : null;
            if (x.DType == DType.Float32) Backward(gc, xc, weight, (float[])savedMean, (float[])rstd, dx, dw, db, batch, channels, inner, groups);
            else Backward(gc, xc, weight, (double[])savedMean, (double[])rstd, dx, dw, db, batch, channels, inner, groups);
            return BatchNormalization.Outputs(dx, weight, needW ? dw : null, bias, needB ? db : null);
        }, ins => Composite(ins, groups, weight is not null, bias is not null, eps), inputs);
    }

    /// <summary>
    /// The op in differentiable ops, for createGraph passes: x viewed as <c>[N, G, C/G·inner]</c>, centred and scaled by
    /// (biased variance + eps)^(−½) along the last dimension, reshaped back, then ·γ + β per channel.
    /// </summary>
    private static Tensor Composite(Tensor[] inputs, int groups, bool hasWeight, bool hasBias, double eps)
    {
        Tensor x = inputs[0];
        Tensor rows = x.Reshape(x.Shape[0], groups, -1);
        Tensor centred = rows - rows.Mean(2, keepDim: true);
        Tensor xhat = (centred * (centred.Square().Mean(2, keepDim: true) + eps).Rsqrt()).Reshape(x.Shape.ToArray());
        return BatchNormalization.AffinePerChannel(xhat, hasWeight ? inputs[1] : null, hasBias ? inputs[^1] : null);
    }

    private static (T[] Mean, T[] Var, T[] Rstd) Forward<T>(Tensor x, Tensor? weight, Tensor? bias, Tensor y, int batch, int channels, int inner,
        int groups, double eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = batch * groups;
        T[] mean = new T[rows], var = new T[rows], rstd = new T[rows];
        if (y.ElementCount == 0) return (mean, var, rstd);
        var (ga, go) = BatchNormalization.Affine<T>(weight, channels, T.One);
        var (ba, bo) = BatchNormalization.Affine<T>(bias, channels, T.Zero);
        GroupNormKernel.Forward(x.Data<T>(), x.Offset, ga, go, ba, bo, y.Data<T>(), mean, var, rstd, batch, channels, inner, groups, T.CreateTruncating(eps));
        return (mean, var, rstd);
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor? weight, T[] mean, T[] rstd, Tensor? dx, Tensor? dw, Tensor? db,
        int batch, int channels, int inner, int groups) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (ga, go) = BatchNormalization.Affine<T>(weight, channels, T.One);
        GroupNormKernel.Backward(g.Data<T>(), g.Offset, x.Data<T>(), x.Offset, ga, go, mean, rstd, dx?.Data<T>(), dw?.Data<T>(), db?.Data<T>(),
            batch, channels, inner, groups);
    }

    private static void Check(Tensor x, int groups, Tensor? weight, Tensor? bias, double eps, string op)
    {
        x.CheckFloatingPoint(op);
        if (x.Rank < 2)
            throw new ArgumentException($"{op} expects input [N, C, *] of rank ≥ 2, got {x.Shape}.", nameof(x));
        int channels = x.Shape[1];
        if (groups <= 0 || channels % groups != 0)
            throw new ArgumentException($"{op}: expected the number of channels in the input to be divisible by num_groups, but got input of shape {x.Shape} and num_groups={groups}.", nameof(groups));
        if (op == "GroupNorm" && channels > 0 && x.ElementCount / groups == 1)
        {
            // PyTorch checks the batch size of the shape [N·C/G, G, *] it normalises as a batch norm
            int[] viewed = [x.Shape[0] * channels / groups, groups, .. x.Shape.Dims[2..]];
            throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {new Shape(viewed)}.", nameof(x));
        }
        foreach (var (t, name) in new[] { (weight, "weight"), (bias, "bias") })
        {
            if (t is null) continue;
            Tensor.CheckSameDType(op, x, t);
            if (t.Rank != 1 || t.Shape[0] != channels)
                throw new ArgumentException($"{op}: {name} must have shape [{channels}] for input {x.Shape}, got {t.Shape}.", name);
        }
        if (!(eps >= 0))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{op}: eps must be ≥ 0, got {eps}.");
    }
}
