using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// One Adam / AdamW step, fused in one pass over (p, g, m = exp_avg, v = exp_avg_sq, vMax = max_exp_avg_sq), as
/// PyTorch's single-tensor <c>adam</c> / <c>adamw</c>:
/// g ← −g if maximize; g ← g + λp (Adam) or p ← p·(1 − lr·λ) (AdamW); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// v̂ = max(vMax, v) with amsgrad (stored back) else v; p ← p − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε).
/// Streams: S0 = m, S1 = v, S2 = vMax (amsgrad only).
/// </summary>
internal readonly struct AdamKernel : IUpdateKernel<AdamKernel>
{
    public double Beta1 { get; init; }
    public double Beta2 { get; init; }
    public double Epsilon { get; init; }

    /// <summary>lr / (1 − β₁ᵗ).</summary>
    public double StepSize { get; init; }

    /// <summary>√(1 − β₂ᵗ).</summary>
    public double BiasCorrection2Sqrt { get; init; }

    /// <summary>Coupled weight decay λ (g += λp); 0 for none.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Decoupled decay factor 1 − lr·λ applied to p first (AdamW); 1 for none.</summary>
    public double DecayFactor { get; init; }

    public bool Amsgrad { get; init; }
    public bool Maximize { get; init; }

    public static void Run<T>(in AdamKernel args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectorBits == 512) OptimizerKernels.Run(new Body<Vector512<T>, Vector512Ops<T>, T>(args), spans);
        else if (vectorBits == 256) OptimizerKernels.Run(new Body<Vector256<T>, Vector256Ops<T>, T>(args), spans);
        else OptimizerKernels.Run(new Body<Vector128<T>, Vector128Ops<T>, T>(args), spans);
    }

    private readonly struct Body<TV, V, T>(AdamKernel a) : IVectorBody<T>
        where TV : struct
        where V : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TV _beta1 = V.Splat(T.CreateTruncating(a.Beta1)), _oneMinusBeta1 = V.Splat(T.CreateTruncating(1 - a.Beta1));
        private readonly TV _beta2 = V.Splat(T.CreateTruncating(a.Beta2)), _oneMinusBeta2 = V.Splat(T.CreateTruncating(1 - a.Beta2));
        private readonly TV _eps = V.Splat(T.CreateTruncating(a.Epsilon)), _stepSize = V.Splat(T.CreateTruncating(a.StepSize));
        private readonly TV _bc2Sqrt = V.Splat(T.CreateTruncating(a.BiasCorrection2Sqrt));
        private readonly TV _weightDecay = V.Splat(T.CreateTruncating(a.WeightDecay)), _decay = V.Splat(T.CreateTruncating(a.DecayFactor));
        private readonly bool _coupled = a.WeightDecay != 0, _decoupled = a.DecayFactor != 1, _amsgrad = a.Amsgrad, _maximize = a.Maximize;

        public static int Width => V.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T p, ref T g, ref T m, ref T v, ref T vMax)
        {
            TV pv = V.Load(ref p), gv = V.Load(ref g);
            if (_maximize) gv = V.Negate(gv);
            if (_decoupled) pv = V.Multiply(pv, _decay);
            if (_coupled) gv = V.Add(gv, V.Multiply(_weightDecay, pv));
            TV mv = V.Add(V.Multiply(V.Load(ref m), _beta1), V.Multiply(_oneMinusBeta1, gv));
            TV vv = V.Add(V.Multiply(V.Load(ref v), _beta2), V.Multiply(V.Multiply(_oneMinusBeta2, gv), gv));
            V.Store(mv, ref m);
            V.Store(vv, ref v);
            if (_amsgrad)
            {
                vv = V.Max(V.Load(ref vMax), vv);
                V.Store(vv, ref vMax);
            }
            TV denom = V.Add(V.Divide(V.Sqrt(vv), _bc2Sqrt), _eps);
            V.Store(V.Subtract(pv, V.Multiply(_stepSize, V.Divide(mv, denom))), ref p);
        }
    }
}

/// <summary>
/// One Adamax step (PyTorch <c>adamax</c>): g ← −g if maximize; g ← g + λp; m ← β₁m + (1 − β₁)g;
/// u ← max(β₂u, |g| + ε); p ← p − (lr / (1 − β₁ᵗ)) · m / u. Streams: S0 = m (exp_avg), S1 = u (exp_inf).
/// </summary>
internal readonly struct AdamaxKernel : IUpdateKernel<AdamaxKernel>
{
    public double Beta1 { get; init; }
    public double Beta2 { get; init; }
    public double Epsilon { get; init; }

    /// <summary>lr / (1 − β₁ᵗ).</summary>
    public double StepSize { get; init; }

    public double WeightDecay { get; init; }
    public bool Maximize { get; init; }

    public static void Run<T>(in AdamaxKernel args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectorBits == 512) OptimizerKernels.Run(new Body<Vector512<T>, Vector512Ops<T>, T>(args), spans);
        else if (vectorBits == 256) OptimizerKernels.Run(new Body<Vector256<T>, Vector256Ops<T>, T>(args), spans);
        else OptimizerKernels.Run(new Body<Vector128<T>, Vector128Ops<T>, T>(args), spans);
    }

    private readonly struct Body<TV, V, T>(AdamaxKernel a) : IVectorBody<T>
        where TV : struct
        where V : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TV _beta1 = V.Splat(T.CreateTruncating(a.Beta1)), _oneMinusBeta1 = V.Splat(T.CreateTruncating(1 - a.Beta1));
        private readonly TV _beta2 = V.Splat(T.CreateTruncating(a.Beta2)), _eps = V.Splat(T.CreateTruncating(a.Epsilon));
        private readonly TV _stepSize = V.Splat(T.CreateTruncating(a.StepSize)), _weightDecay = V.Splat(T.CreateTruncating(a.WeightDecay));
        private readonly bool _coupled = a.WeightDecay != 0, _maximize = a.Maximize;

        public static int Width => V.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T p, ref T g, ref T m, ref T u, ref T unused)
        {
            TV pv = V.Load(ref p), gv = V.Load(ref g);
            if (_maximize) gv = V.Negate(gv);
            if (_coupled) gv = V.Add(gv, V.Multiply(_weightDecay, pv));
            TV mv = V.Add(V.Multiply(V.Load(ref m), _beta1), V.Multiply(_oneMinusBeta1, gv));
            TV uv = V.Max(V.Multiply(V.Load(ref u), _beta2), V.Add(V.Abs(gv), _eps));
            V.Store(mv, ref m);
            V.Store(uv, ref u);
            V.Store(V.Subtract(pv, V.Multiply(_stepSize, V.Divide(mv, uv))), ref p);
        }
    }
}

/// <summary>
/// One NAdam step (PyTorch <c>nadam</c>, with the mu-product fix of pytorch/pytorch#92699): g ← −g if maximize;
/// g ← g + λp; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; d = √(v / (1 − β₂ᵗ)) + ε;
/// p ← p − c_g · g / d; p ← p − c_m · m / d, with c_g = lr(1 − μₜ)/(1 − Πμ) and c_m = lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)
/// computed by the optimizer. Streams: S0 = m (exp_avg), S1 = v (exp_avg_sq).
/// </summary>
internal readonly struct NAdamKernel : IUpdateKernel<NAdamKernel>
{
    public double Beta1 { get; init; }
    public double Beta2 { get; init; }
    public double Epsilon { get; init; }

    /// <summary>1 − β₂ᵗ.</summary>
    public double BiasCorrection2 { get; init; }

    /// <summary>Coefficient of g/d.</summary>
    public double GradientCoefficient { get; init; }

    /// <summary>Coefficient of m/d.</summary>
    public double MomentumCoefficient { get; init; }

    public double WeightDecay { get; init; }
    public bool Maximize { get; init; }

    public static void Run<T>(in NAdamKernel args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectorBits == 512) OptimizerKernels.Run(new Body<Vector512<T>, Vector512Ops<T>, T>(args), spans);
        else if (vectorBits == 256) OptimizerKernels.Run(new Body<Vector256<T>, Vector256Ops<T>, T>(args), spans);
        else OptimizerKernels.Run(new Body<Vector128<T>, Vector128Ops<T>, T>(args), spans);
    }

    private readonly struct Body<TV, V, T>(NAdamKernel a) : IVectorBody<T>
        where TV : struct
        where V : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TV _beta1 = V.Splat(T.CreateTruncating(a.Beta1)), _oneMinusBeta1 = V.Splat(T.CreateTruncating(1 - a.Beta1));
        private readonly TV _beta2 = V.Splat(T.CreateTruncating(a.Beta2)), _oneMinusBeta2 = V.Splat(T.CreateTruncating(1 - a.Beta2));
        private readonly TV _eps = V.Splat(T.CreateTruncating(a.Epsilon)), _bc2 = V.Splat(T.CreateTruncating(a.BiasCorrection2));
        private readonly TV _cg = V.Splat(T.CreateTruncating(a.GradientCoefficient)), _cm = V.Splat(T.CreateTruncating(a.MomentumCoefficient));
        private readonly TV _weightDecay = V.Splat(T.CreateTruncating(a.WeightDecay));
        private readonly bool _coupled = a.WeightDecay != 0, _maximize = a.Maximize;

        public static int Width => V.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T p, ref T g, ref T m, ref T v, ref T unused)
        {
            TV pv = V.Load(ref p), gv = V.Load(ref g);
            if (_maximize) gv = V.Negate(gv);
            if (_coupled) gv = V.Add(gv, V.Multiply(_weightDecay, pv));
            TV mv = V.Add(V.Multiply(V.Load(ref m), _beta1), V.Multiply(_oneMinusBeta1, gv));
            TV vv = V.Add(V.Multiply(V.Load(ref v), _beta2), V.Multiply(V.Multiply(_oneMinusBeta2, gv), gv));
            V.Store(mv, ref m);
            V.Store(vv, ref v);
            TV denom = V.Add(V.Sqrt(V.Divide(vv, _bc2)), _eps);
            pv = V.Subtract(pv, V.Multiply(_cg, V.Divide(gv, denom)));
            V.Store(V.Subtract(pv, V.Multiply(_cm, V.Divide(mv, denom))), ref p);
        }
    }
}
