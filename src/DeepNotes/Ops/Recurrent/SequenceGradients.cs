using System.Numerics;
using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Recurrent;

/// <summary>
/// What the fused sequence ops share: the time index of a processing step, the summed bias, and the end of
/// backpropagation through time, where the gradients of the weights, biases and input are each one big GEMM (or one
/// column sum) over all <c>T·N</c> rows of the saved pre-activation gradients instead of one small product per step.
/// </summary>
internal static class SequenceGradients
{
    /// <summary>The time index of processing step <paramref name="s"/> (the reverse direction runs from T − 1 down).</summary>
    public static int Time(int s, int steps, bool reverse) => reverse ? steps - 1 - s : s;

    /// <summary>True when every element is zero (a default initial state, whose recurrent product can be skipped).</summary>
    public static bool IsZero<T>(ReadOnlySpan<T> s) where T : unmanaged, IFloatingPointIeee754<T> => s.IndexOfAnyExcept(T.Zero) < 0;

    /// <summary>b_ih + b_hh (either may be absent), or an empty span when both are.</summary>
    public static T[] BiasSum<T>(Tensor? bIh, Tensor? bHh, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bIh is null && bHh is null) return [];
        var sum = new T[length];
        if (bIh is not null) TensorPrimitives.Add(sum, bIh.ContiguousRaw().Span<T>()[..length], sum);
        if (bHh is not null) TensorPrimitives.Add(sum, bHh.ContiguousRaw().Span<T>()[..length], sum);
        return sum;
    }

    /// <summary>
    /// dW_ih = dGiᵀ·X, dW_hh = dGhᵀ·H₋₁ (H₋₁ = the outputs shifted by one step, h0 at the first step), db = column
    /// sums, dX = dGi·W_ih. <paramref name="dGi"/>, <paramref name="dGh"/>: <c>[T, N, G]</c> with G = gates·H;
    /// <paramref name="x"/> <c>[T, N, I]</c>, <paramref name="outputs"/> <c>[T, N, H]</c> (the first T·N·H elements of
    /// it), <paramref name="h0"/> <c>[N, H]</c>, where H = <paramref name="hidden"/> is the width of the recurrent
    /// state h (an LSTM's proj_size when it has a projection). Null destinations are skipped.
    /// </summary>
    public static void Finish<T>(ReadOnlySpan<T> dGi, ReadOnlySpan<T> dGh, ReadOnlySpan<T> x, ReadOnlySpan<T> outputs,
        ReadOnlySpan<T> h0, ReadOnlySpan<T> wIh, int steps, int n, int inputSize, int hidden, int g, bool reverse,
        Tensor? gWih, Tensor? gWhh, Tensor? gBih, Tensor? gBhh, Tensor? gX)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = steps * n, ldI = Math.Max(inputSize, 1);
        if (gWih is not null && gWih.ElementCount > 0)
            Gemm.Multiply(true, false, g, inputSize, rows, T.One, dGi, g, x, ldI, T.Zero, gWih.Span<T>(), ldI);
        if (gWhh is not null)
        {
            // Steps with a predecessor in the sequence: one product over (T − 1)·N rows; then the h0 step.
            int first = reverse ? 0 : 1, prevFirst = reverse ? 1 : 0, inner = (steps - 1) * n;
            Span<T> dw = gWhh.Span<T>();
            Gemm.Multiply(true, false, g, hidden, inner, T.One, dGh[(first * n * g)..], g, outputs[(prevFirst * n * hidden)..], hidden,
                T.Zero, dw, hidden);
            int h0Step = reverse ? steps - 1 : 0;
            Gemm.Multiply(true, false, g, hidden, n, T.One, dGh.Slice(h0Step * n * g, n * g), g, h0, hidden, T.One, dw, hidden);
        }
        if (gBih is not null) ColumnSums(dGi, rows, g, gBih.Span<T>()[..g]);
        if (gBhh is not null) ColumnSums(dGh, rows, g, gBhh.Span<T>()[..g]);
        if (gX is not null && gX.ElementCount > 0)
            Gemm.Multiply(false, false, rows, inputSize, g, T.One, dGi, g, wIh, ldI, T.Zero, gX.Span<T>(), ldI);
    }

    private static void ColumnSums<T>(ReadOnlySpan<T> m, int rows, int cols, Span<T> sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        sums.Clear();
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(sums, m.Slice(r * cols, cols), sums);
    }

    /// <summary>The contiguous <c>[N, H]</c> block of step-major storage at time <paramref name="t"/>.</summary>
    public static Span<T> Block<T>(Span<T> s, int t, int size) => s.Slice(t * size, size);
}
