using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The row operations of attention, on short rows (a key length of 64 is typical) where the per-call overhead of
/// several TensorPrimitives passes dominates: the safe softmax (a fully masked row gives zeros, PyTorch's
/// <c>_safe_softmax</c>) and its backward, with fused Vector512 float paths (exp on float lanes,
/// <see cref="ActivationVectorMath.Exp(Vector512{float})"/>, which maps −∞ to exactly 0) and TensorPrimitives otherwise.
/// </summary>
internal static class AttentionSoftmax
{
    /// <summary>
    /// Softmax of one row in place; a row whose entries are all −∞ becomes zeros instead of NaN; a −∞ entry of any
    /// other row gets exactly 0. NaN propagates.
    /// </summary>
    public static void Row<T>(Span<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.IsEmpty) return;
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && row.Length >= 16)
        {
            RowFloat(MemoryMarshal.Cast<T, float>(row));
            return;
        }
        T max = TensorPrimitives.Max<T>(row);
        if (T.IsNegativeInfinity(max))
        {
            row.Clear();
            return;
        }
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        T sum = TensorPrimitives.Sum<T>(row);
        TensorPrimitives.Multiply(row, T.One / sum, row);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowFloat(Span<float> row)
    {
        int n = row.Length, i;
        ref float r = ref MemoryMarshal.GetReference(row);
        var vmax = Vector512.LoadUnsafe(ref r);
        for (i = 16; i <= n - 16; i += 16) vmax = Vector512.Max(vmax, Vector512.LoadUnsafe(ref r, (nuint)i));
        float max = MaxAcross(Vector512.Max(vmax, Vector512.LoadUnsafe(ref r, (nuint)(n - 16))));
        if (float.IsNegativeInfinity(max))
        {
            row.Clear();
            return;
        }
        var m = Vector512.Create(max);
        var acc = Vector512<float>.Zero;
        for (i = 0; i <= n - 16; i += 16)
        {
            var e = ActivationVectorMath.Exp(Vector512.LoadUnsafe(ref r, (nuint)i) - m);
            e.StoreUnsafe(ref r, (nuint)i);
            acc += e;
        }
        float sum = Vector512.Sum(acc);
        for (; i < n; i++)
        {
            float e = float.IsNegativeInfinity(row[i]) ? 0f : MathF.Exp(row[i] - max);
            row[i] = e;
            sum += e;
        }
        var scale = Vector512.Create(1f / sum);
        for (i = 0; i <= n - 16; i += 16) (Vector512.LoadUnsafe(ref r, (nuint)i) * scale).StoreUnsafe(ref r, (nuint)i);
        for (; i < n; i++) row[i] *= scale.ToScalar();
    }

    /// <summary>The maximum lane, with NaN winning (so a NaN score makes the row NaN, as in PyTorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxAcross(Vector512<float> v)
    {
        var h = Vector256.Max(v.GetLower(), v.GetUpper());
        var q = Vector128.Max(h.GetLower(), h.GetUpper());
        float a = Math.Max(q[0], q[1]), b = Math.Max(q[2], q[3]);
        return Math.Max(a, b);
    }

    /// <summary>Softmax backward of one row in place: dz ← p ⊙ (dz − Σ dz ⊙ p).</summary>
    public static void RowBackward<T>(Span<T> dz, ReadOnlySpan<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && dz.Length >= 16)
        {
            RowBackwardFloat(MemoryMarshal.Cast<T, float>(dz), MemoryMarshal.Cast<T, float>(p));
            return;
        }
        T dot = TensorPrimitives.Dot(dz, p);
        TensorPrimitives.Subtract(dz, dot, dz);
        TensorPrimitives.Multiply(dz, p, dz);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowBackwardFloat(Span<float> dz, ReadOnlySpan<float> p)
    {
        int n = dz.Length, i;
        ref float d = ref MemoryMarshal.GetReference(dz);
        ref float pr = ref MemoryMarshal.GetReference(p);
        var acc = Vector512<float>.Zero;
        for (i = 0; i <= n - 16; i += 16)
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref d, (nuint)i), Vector512.LoadUnsafe(ref pr, (nuint)i), acc);
        float dot = Vector512.Sum(acc);
        for (int j = i; j < n; j++) dot += dz[j] * p[j];
        var vdot = Vector512.Create(dot);
        for (i = 0; i <= n - 16; i += 16)
            ((Vector512.LoadUnsafe(ref d, (nuint)i) - vdot) * Vector512.LoadUnsafe(ref pr, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < n; i++) dz[i] = (dz[i] - dot) * p[i];
    }
}
