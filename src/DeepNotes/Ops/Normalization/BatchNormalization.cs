using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Normalization;

/// <summary>
/// Batch normalization (<c>F.batch_norm</c>) of <c>[N, C, *]</c>: per channel, normalise with the batch's mean and
/// biased variance (in training, updating the running statistics in place with momentum, the variance
/// unbiased) or with the given running statistics, then y = x̂·γ + β. Kernel: <see cref="BatchNormKernel"/>;
/// backward node <c>NativeBatchNormBackward</c>: the fused kernel first-order; under createGraph the gradients of
/// <see cref="Composite"/> (the op recomputed in differentiable ops), so higher derivatives exist.
/// </summary>
internal static class BatchNormalization
{
    public static Tensor Forward(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum, double eps)
    {
        Check(x, runningMean, runningVar, weight, bias, training, eps);
        int batch = x.Shape[0], channels = x.Shape[1];
        int inner = channels == 0 || batch == 0 ? 0 : x.ElementCount / (batch * channels);
        var y = new Tensor(x.Shape, x.DType);
        if (y.ElementCount == 0) return y;
        Tensor xc = x.ContiguousRaw();
        object mean, rstd;
        if (x.DType == DType.Float32) (mean, rstd) = Forward<float>(xc, runningMean, runningVar, weight, bias, y, batch, channels, inner, training, momentum, eps);
        else (mean, rstd) = Forward<double>(xc, runningMean, runningVar, weight, bias, y, batch, channels, inner, training, momentum, eps);

        Tensor[] inputs = Inputs(x, weight, bias);
        if (!Tensor.NeedsGrad(inputs)) return y;
        bool needX = x.RequiresGrad, needW = weight?.RequiresGrad == true, needB = bias?.RequiresGrad == true;
        return Tensor.RecordComposite(y, "NativeBatchNormBackward", inputs, g =>
        {
            Tensor gc = g.ContiguousRaw();
            Tensor? dx = needX ? new Tensor(x.Shape, x.DType) : null;
            var dw = new Tensor([channels], x.DType);
            var db = new Tensor([channels], x.DType);
            if (x.DType == DType.Float32) Backward(gc, xc, weight, (float[])mean, (float[])rstd, dx, dw, db, batch, channels, inner, training);
            else Backward(gc, xc, weight, (double[])mean, (double[])rstd, dx, dw, db, batch, channels, inner, training);
            return Outputs(dx, weight, needW ? dw : null, bias, needB ? db : null);
        }, ins => Composite(ins, weight is not null, bias is not null, training, (Array)mean, (Array)rstd, eps), inputs);
    }

    /// <summary>
    /// The op in differentiable ops, for createGraph passes (no running-statistics update: the forward made it): in
    /// training (x − mean)·(var + eps)^(−½) with the batch mean and biased variance over every dimension but 1; in
    /// evaluation the affine form (x − running_mean)·rstd with the running statistics and rstd the forward saved (constants).
    /// Then ·γ + β per channel.
    /// </summary>
    private static Tensor Composite(Tensor[] inputs, bool hasWeight, bool hasBias, bool training, Array mean, Array rstd, double eps)
    {
        Tensor x = inputs[0];
        int[] axes = [0, .. Enumerable.Range(2, x.Rank - 2)];
        int[] channelShape = [1, x.Shape[1], .. Enumerable.Repeat(1, x.Rank - 2)];
        Tensor xhat;
        if (training)
        {
            Tensor centred = x - x.Mean(axes, keepDim: true);
            xhat = centred * (centred.Square().Mean(axes, keepDim: true) + eps).Rsqrt();
        }
        else
        {
            Tensor m = (mean is float[] mf ? Tensor.FromArray(mf) : Tensor.FromArray((double[])mean)).Reshape(channelShape);
            Tensor r = (rstd is float[] rf ? Tensor.FromArray(rf) : Tensor.FromArray((double[])rstd)).Reshape(channelShape);
            xhat = (x - m) * r;
        }
        return AffinePerChannel(xhat, hasWeight ? inputs[1] : null, hasBias ? inputs[^1] : null);
    }

    /// <summary>x̂·γ + β with γ and β <c>[C]</c> broadcast over dimension 1 of x̂ <c>[N, C, *]</c> (either may be absent).</summary>
    internal static Tensor AffinePerChannel(Tensor xhat, Tensor? weight, Tensor? bias)
    {
        int[] channelShape = [xhat.Shape[1], .. Enumerable.Repeat(1, xhat.Rank - 2)];
        if (weight is not null) xhat = xhat * weight.Reshape(channelShape);
        if (bias is not null) xhat = xhat + bias.Reshape(channelShape);
        return xhat;
    }

    /// <summary>The op's tensor inputs in gradient order: x, then γ and β when present.</summary>
    internal static Tensor[] Inputs(Tensor x, Tensor? weight, Tensor? bias) => (weight, bias) switch
    {
        (null, null) => [x],
        (not null, null) => [x, weight],
        (null, not null) => [x, bias],
        _ => [x, weight!, bias!],
    };

    /// <summary>Gradients matching <see cref="Inputs"/>.</summary>
    internal static Tensor?[] Outputs(Tensor? dx, Tensor? weight, Tensor? dw, Tensor? bias, Tensor? db) => (weight, bias) switch
    {
        (null, null) => [dx],
        (not null, null) => [dx, dw],
        (null, not null) => [dx, db],
        _ => [dx, dw, db],
    };

    private static (T[] Mean, T[] Rstd) Forward<T>(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, Tensor y,
        int batch, int channels, int inner, bool training, double momentum, double eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mean = new T[channels];
        var var = new T[channels];
        var rstd = new T[channels];
        if (!training)
        {
            runningMean!.ContiguousRaw().Span<T>().CopyTo(mean);
            runningVar!.ContiguousRaw().Span<T>().CopyTo(var);
        }
        var (ga, go) = Affine<T>(weight, channels, T.One);
        var (ba, bo) = Affine<T>(bias, channels, T.Zero);
        BatchNormKernel.Forward(x.Data<T>(), x.Offset, ga, go, ba, bo, y.Data<T>(), mean, var, rstd, batch, channels, inner, training, T.CreateTruncating(eps));
        if (training && runningMean is not null && runningVar is not null)
            UpdateRunningStats(runningMean, runningVar, mean, var, (long)batch * inner, momentum);
        return (mean, rstd);
    }

    /// <summary>
    /// running_mean ← (1 − momentum)·running_mean + momentum·mean and running_var ← (1 − momentum)·running_var +
    /// momentum·var·m/(m − 1) (the unbiased batch variance, m values per channel), in place, like PyTorch.
    /// </summary>
    internal static void UpdateRunningStats<T>(Tensor runningMean, Tensor runningVar, T[] mean, T[] biasedVar, long m, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T mom = T.CreateTruncating(momentum), keep = T.One - mom;
        T unbias = T.CreateTruncating((double)m / Math.Max(m - 1, 1));
        var rm = runningMean.ContiguousRaw().CloneRaw();
        var rv = runningVar.ContiguousRaw().CloneRaw();
        Span<T> rms = rm.Span<T>(), rvs = rv.Span<T>();
        for (int c = 0; c < mean.Length; c++)
        {
            rms[c] = keep * rms[c] + mom * mean[c];
            rvs[c] = keep * rvs[c] + mom * biasedVar[c] * unbias;
        }
        using (Autograd.NoGrad())
        {
            runningMean.CopyFrom(rm);
            runningVar.CopyFrom(rv);
        }
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor? weight, T[] mean, T[] rstd, Tensor? dx, Tensor dw, Tensor db,
        int batch, int channels, int inner, bool training) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (ga, go) = Affine<T>(weight, channels, T.One);
        BatchNormKernel.Backward(g.Data<T>(), g.Offset, x.Data<T>(), x.Offset, ga, go, mean, rstd, dx?.Data<T>(), db.Data<T>(), dw.Data<T>(),
            batch, channels, inner, training);
    }

    /// <summary>The array and offset of γ or β, or a filled array when the parameter is absent.</summary>
    internal static (T[] Array, int Offset) Affine<T>(Tensor? p, int channels, T fill) where T : unmanaged
    {
        if (p is not null)
        {
            Tensor pc = p.ContiguousRaw();
            return (pc.Data<T>(), pc.Offset);
        }
        var a = new T[channels];
        Array.Fill(a, fill);
        return (a, 0);
    }

    private static void Check(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, double eps)
    {
        x.CheckFloatingPoint("BatchNorm");
        if (x.Rank < 2)
            throw new ArgumentException($"BatchNorm expects input [N, C, *] of rank ≥ 2, got {x.Shape}.", nameof(x));
        int channels = x.Shape[1];
        void CheckVector(Tensor? t, string name)
        {
            if (t is null) return;
            Tensor.CheckSameDType("BatchNorm", x, t);
            if (t.Rank != 1 || t.Shape[0] != channels)
                throw new ArgumentException($"BatchNorm: {name} must have shape [{channels}] for input {x.Shape}, got {t.Shape}.", name);
        }
        CheckVector(runningMean, "running_mean");
        CheckVector(runningVar, "running_var");
        CheckVector(weight, "weight");
        CheckVector(bias, "bias");
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException("BatchNorm: give both running_mean and running_var, or neither.");
        if (!training && runningMean is null)
            throw new ArgumentException("BatchNorm: running_mean and running_var must be given when not training (evaluation uses them).");
        if (training && x.ElementCount / Math.Max(channels, 1) == 1 && channels > 0)
            throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {x.Shape}.", nameof(x));
        if (!(eps >= 0))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"BatchNorm: eps must be ≥ 0, got {eps}.");
    }
}
