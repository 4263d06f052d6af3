using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// One AdaGrad step (PyTorch <c>adagrad</c>, dense): g ← −g if maximize; g ← g + λp; s ← s + g²;
/// p ← p − clr · g / (√s + ε) with clr = lr / (1 + (t − 1)·lr_decay). Streams: S0 = s (sum).
/// </summary>
internal readonly struct AdaGradKernel : IUpdateKernel<AdaGradKernel>
{
    /// <summary>lr / (1 + (t − 1)·lr_decay).</summary>
    public double StepSize { get; init; }

    public double Epsilon { get; init; }
    public double WeightDecay { get; init; }
    public bool Maximize { get; init; }

    public static void Run<T>(in AdaGradKernel args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectorBits == 512) OptimizerKernels.Run(new Body<Vector512<T>, Vector512Ops<T>, T>(args), spans);
        else if (vectorBits == 256) OptimizerKernels.Run(new Body<Vector256<T>, Vector256Ops<T>, T>(args), spans);
        else OptimizerKernels.Run(new Body<Vector128<T>, Vector128Ops<T>, T>(args), spans);
    }

    private readonly struct Body<TV, V, T>(AdaGradKernel a) : IVectorBody<T>
        where TV : struct
        where V : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TV _stepSize = V.Splat(T.CreateTruncating(a.StepSize)), _eps = V.Splat(T.CreateTruncating(a.Epsilon));
        private readonly TV _weightDecay = V.Splat(T.CreateTruncating(a.WeightDecay));
        private readonly bool _coupled = a.WeightDecay != 0, _maximize = a.Maximize;

        public static int Width => V.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T p, ref T g, ref T sum, ref T unused1, ref T unused2)
        {
            TV pv = V.Load(ref p), gv = V.Load(ref g);
            if (_maximize) gv = V.Negate(gv);
            if (_coupled) gv = V.Add(gv, V.Multiply(_weightDecay, pv));
            TV s = V.Add(V.Load(ref sum), V.Multiply(gv, gv));
            V.Store(s, ref sum);
            V.Store(V.Subtract(pv, V.Multiply(_stepSize, V.Divide(gv, V.Add(V.Sqrt(s), _eps)))), ref p);
        }
    }
}

/// <summary>
/// One RMSprop step (PyTorch <c>rmsprop</c>): g ← −g if maximize; g ← g + λp; a ← αa + (1 − α)g²;
/// centered: ḡ ← αḡ + (1 − α)g and r = √(a − ḡ²) + ε, else r = √a + ε; with momentum μ &gt; 0: b ← μb + g/r and
/// p ← p − lr·b, else p ← p − lr·g/r. Streams: S0 = a (square_avg), S1 = ḡ (grad_avg, centered only),
/// S2 = b (momentum_buffer, μ &gt; 0 only).
/// </summary>
internal readonly struct RmsPropKernel : IUpdateKernel<RmsPropKernel>
{
    public double LearningRate { get; init; }
    public double Alpha { get; init; }
    public double Epsilon { get; init; }
    public double WeightDecay { get; init; }
    public double Momentum { get; init; }
    public bool Centered { get; init; }
    public bool Maximize { get; init; }

    public static void Run<T>(in RmsPropKernel args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectorBits == 512) OptimizerKernels.Run(new Body<Vector512<T>, Vector512Ops<T>, T>(args), spans);
        else if (vectorBits == 256) OptimizerKernels.Run(new Body<Vector256<T>, Vector256Ops<T>, T>(args), spans);
        else OptimizerKernels.Run(new Body<Vector128<T>, Vector128Ops<T>, T>(args), spans);
    }

    private readonly struct Body<TV, V, T>(RmsPropKernel a) : IVectorBody<T>
        where TV : struct
        where V : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TV _lr = V.Splat(T.CreateTruncating(a.LearningRate)), _alpha = V.Splat(T.CreateTruncating(a.Alpha));
        private readonly TV _oneMinusAlpha = V.Splat(T.CreateTruncating(1 - a.Alpha)), _eps = V.Splat(T.CreateTruncating(a.Epsilon));
        private readonly TV _weightDecay = V.Splat(T.CreateTruncating(a.WeightDecay)), _momentum = V.Splat(T.CreateTruncating(a.Momentum));
        private readonly bool _coupled = a.WeightDecay != 0, _maximize = a.Maximize, _centered = a.Centered, _hasMomentum = a.Momentum > 0;

        public static int Width => V.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T p, ref T g, ref T squareAvg, ref T gradAvg, ref T buffer)
        {
            TV pv = V.Load(ref p), gv = V.Load(ref g);
            if (_maximize) gv = V.Negate(gv);
            if (_coupled) gv = V.Add(gv, V.Multiply(_weightDecay, pv));
            TV sq = V.Add(V.Multiply(V.Load(ref squareAvg), _alpha), V.Multiply(V.Multiply(_oneMinusAlpha, gv), gv));
            V.Store(sq, ref squareAvg);
            TV avg;
            if (_centered)
            {
                TV ga = V.Add(V.Multiply(V.Load(ref gradAvg), _alpha), V.Multiply(_oneMinusAlpha, gv));
                V.Store(ga, ref gradAvg);
                avg = V.Add(V.Sqrt(V.Subtract(sq, V.Multiply(ga, ga))), _eps);
            }
            else
            {
                avg = V.Add(V.Sqrt(sq), _eps);
            }
            if (_hasMomentum)
            {
                TV b = V.Add(V.Multiply(V.Load(ref buffer), _momentum), V.Divide(gv, avg));
                V.Store(b, ref buffer);
                V.Store(V.Subtract(pv, V.Multiply(_lr, b)), ref p);
            }
            else
            {
                V.Store(V.Subtract(pv, V.Multiply(_lr, V.Divide(gv, avg))), ref p);
            }
        }
    }
}

/// <summary>
/// One Adadelta step (PyTorch <c>adadelta</c>): g ← −g if maximize; g ← g + λp; a ← ρa + (1 − ρ)g²;
/// δ = √(u + ε) / √(a + ε) · g; u ← ρu + (1 − ρ)δ²; p ← p − lr·δ. Streams: S0 = a (square_avg), S1 = u (acc_delta).
/// </summary>
internal readonly struct AdadeltaKernel : IUpdateKernel<AdadeltaKernel>
{
    public double LearningRate { get; init; }
    public double Rho { get; init; }
    public double Epsilon { get; init; }
    public double WeightDecay { get; init; }
    public bool Maximize { get; init; }

    public static void Run<T>(in AdadeltaKernel args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectorBits == 512) OptimizerKernels.Run(new Body<Vector512<T>, Vector512Ops<T>, T>(args), spans);
        else if (vectorBits == 256) OptimizerKernels.Run(new Body<Vector256<T>, Vector256Ops<T>, T>(args), spans);
        else OptimizerKernels.Run(new Body<Vector128<T>, Vector128Ops<T>, T>(args), spans);
    }

    private readonly struct Body<TV, V, T>(AdadeltaKernel a) : IVectorBody<T>
        where TV : struct
        where V : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TV _lr = V.Splat(T.CreateTruncating(a.LearningRate)), _rho = V.Splat(T.CreateTruncating(a.Rho));
        private readonly TV _oneMinusRho = V.Splat(T.CreateTruncating(1 - a.Rho)), _eps = V.Splat(T.CreateTruncating(a.Epsilon));
        private readonly TV _weightDecay = V.Splat(T.CreateTruncating(a.WeightDecay));
        private readonly bool _coupled = a.WeightDecay != 0, _maximize = a.Maximize;

        public static int Width => V.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T p, ref T g, ref T squareAvg, ref T accDelta, ref T unused)
        {
            TV pv = V.Load(ref p), gv = V.Load(ref g);
            if (_maximize) gv = V.Negate(gv);
            if (_coupled) gv = V.Add(gv, V.Multiply(_weightDecay, pv));
            TV sq = V.Add(V.Multiply(V.Load(ref squareAvg), _rho), V.Multiply(V.Multiply(_oneMinusRho, gv), gv));
            V.Store(sq, ref squareAvg);
            TV acc = V.Load(ref accDelta);
            TV delta = V.Multiply(V.Divide(V.Sqrt(V.Add(acc, _eps)), V.Sqrt(V.Add(sq, _eps))), gv);
            V.Store(V.Add(V.Multiply(acc, _rho), V.Multiply(V.Multiply(_oneMinusRho, delta), delta)), ref accDelta);
            V.Store(V.Subtract(pv, V.Multiply(_lr, delta)), ref p);
        }
    }
}
