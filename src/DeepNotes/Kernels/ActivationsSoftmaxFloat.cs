using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// The Float32 softmax pieces that evaluate exp, on float lanes with <see cref="ActivationVectorMath.Exp(Vector512{float})"/>
/// and fused with the pass around it: TensorPrimitives' float exp runs at less than half that speed with 512-bit
/// vectors on this machine, and softmax is the hot op of attention. Results below e^−86 (4e-38) are flushed to 0.
/// Float64 keeps the TensorPrimitives forms (exact underflow, ~1 ulp).
/// </summary>
internal static class SoftmaxFloat
{
    /// <summary>Row softmax (or log-softmax): y = exp(x − max)/Σ, or (x − max) − log Σ.</summary>
    public static void Rows(ReadOnlySpan<float> x, Span<float> y, int rows, int n, bool log)
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * n, n);
            var yr = y.Slice(r * n, n);
            float max = TensorPrimitives.Max(xr);
            float sum = ExpSum(xr, max, log ? default : yr);
            if (log)
            {
                TensorPrimitives.Subtract(xr, max, yr);
                TensorPrimitives.Subtract(yr, MathF.Log(sum), yr);
            }
            else TensorPrimitives.Multiply(yr, 1f / sum, yr);
        }
    }

    /// <summary>Row log-softmax backward from the saved output y: dx = g − exp(y)·Σ g, one fused pass after the sum.</summary>
    public static void LogRowsBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, int rows, int n)
    {
        for (int r = 0; r < rows; r++)
        {
            var gr = g.Slice(r * n, n);
            ActivationKernels.Map(gr, y.Slice(r * n, n), dx.Slice(r * n, n), new GradMinusScaledExp(TensorPrimitives.Sum(gr)));
        }
    }

    /// <summary>y = exp(x − shift) elementwise (per-element shift).</summary>
    public static void ExpOfDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> shift, Span<float> y) =>
        ActivationKernels.Map(x, shift, y, new ExpOfDifferenceOp());

    /// <summary>y = exp(x) elementwise.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y) => ActivationKernels.Map(x, y, new ExpOp());

    /// <summary>Σ exp(x − max), storing the terms in <paramref name="terms"/> unless it is empty; summed in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float ExpSum(ReadOnlySpan<float> x, float max, Span<float> terms)
    {
        int n = x.Length, i = 0;
        bool store = !terms.IsEmpty;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float tr = ref MemoryMarshal.GetReference(terms);
        var m = Vector512.Create(max);
        var acc = Vector512<float>.Zero;
        for (; i <= n - 16; i += 16)
        {
            var e = ActivationVectorMath.Exp(Vector512.LoadUnsafe(ref xr, (nuint)i) - m);
            if (store) e.StoreUnsafe(ref tr, (nuint)i);
            acc += e;
        }
        float sum = Vector512.Sum(acc);
        if (i < n) sum += ExpSumTail(x[i..], max, store ? terms[i..] : default);
        return sum;
    }

    /// <summary>The last partial vector of <see cref="ExpSum"/> (out of line: see <see cref="ActivationKernels"/>' tails).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float ExpSumTail(ReadOnlySpan<float> x, float max, Span<float> terms)
    {
        Span<float> buffer = stackalloc float[16];
        buffer.Fill(max);
        x.CopyTo(buffer);
        ActivationVectorMath.Exp(Vector512.LoadUnsafe(ref buffer[0]) - Vector512.Create(max)).StoreUnsafe(ref buffer[0]);
        float sum = 0;
        for (int k = 0; k < x.Length; k++) sum += buffer[k];
        if (!terms.IsEmpty) buffer[..x.Length].CopyTo(terms);
        return sum;
    }

    private readonly struct ExpOp : IVectorOp<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(Vector512<float> x) => ActivationVectorMath.Exp(x);
    }

    private readonly struct ExpOfDifferenceOp : IVectorOp2<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(Vector512<float> x, Vector512<float> shift) => ActivationVectorMath.Exp(x - shift);
    }

    private readonly struct GradMinusScaledExp(float sum) : IVectorOp2<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(Vector512<float> g, Vector512<float> y) =>
            Vector512.FusedMultiplyAdd(-ActivationVectorMath.Exp(y), Vector512.Create(sum), g);
    }
}
