using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// One SGD step (PyTorch single-tensor <c>sgd</c>): g ← −g if maximize; g ← g + λp; with momentum μ ≠ 0 the buffer
/// b ← g on the first step, else b ← μb + (1 − τ)g, and the direction is g + μb (Nesterov) or b; then p ← p − lr·d.
/// Streams: S0 = momentum buffer (only when μ ≠ 0).
/// </summary>
internal readonly struct SgdKernel : IUpdateKernel<SgdKernel>
{
    public double LearningRate { get; init; }
    public double Momentum { get; init; }
    public double Dampening { get; init; }
    public bool Nesterov { get; init; }
    public double WeightDecay { get; init; }
    public bool Maximize { get; init; }

    /// <summary>The momentum buffer is being created: it takes the gradient as it is (no dampening), like PyTorch.</summary>
    public bool FirstStep { get; init; }

    public static void Run<T>(in SgdKernel args, in UpdateSpans<T> spans, int vectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (vectorBits == 512) OptimizerKernels.Run(new Body<Vector512<T>, Vector512Ops<T>, T>(args), spans);
        else if (vectorBits == 256) OptimizerKernels.Run(new Body<Vector256<T>, Vector256Ops<T>, T>(args), spans);
        else OptimizerKernels.Run(new Body<Vector128<T>, Vector128Ops<T>, T>(args), spans);
    }

    private readonly struct Body<TV, V, T>(SgdKernel a) : IVectorBody<T>
        where TV : struct
        where V : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly TV _lr = V.Splat(T.CreateTruncating(a.LearningRate)), _momentum = V.Splat(T.CreateTruncating(a.Momentum));
        private readonly TV _oneMinusDampening = V.Splat(T.CreateTruncating(1 - a.Dampening));
        private readonly TV _weightDecay = V.Splat(T.CreateTruncating(a.WeightDecay));
        private readonly bool _coupled = a.WeightDecay != 0, _maximize = a.Maximize, _hasMomentum = a.Momentum != 0;
        private readonly bool _nesterov = a.Nesterov, _first = a.FirstStep;

        public static int Width => V.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T p, ref T g, ref T buffer, ref T unused1, ref T unused2)
        {
            TV pv = V.Load(ref p), d = V.Load(ref g);
            if (_maximize) d = V.Negate(d);
            if (_coupled) d = V.Add(d, V.Multiply(_weightDecay, pv));
            if (_hasMomentum)
            {
                TV b = _first ? d : V.Add(V.Multiply(V.Load(ref buffer), _momentum), V.Multiply(_oneMinusDampening, d));
                V.Store(b, ref buffer);
                d = _nesterov ? V.Add(d, V.Multiply(_momentum, b)) : b;
            }
            V.Store(V.Subtract(pv, V.Multiply(_lr, d)), ref p);
        }
    }
}
