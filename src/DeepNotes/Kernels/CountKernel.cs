using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>Number of non-zero elements per contiguous row (NaN counts as non-zero), vectorised with Vector256 compare and popcount.</summary>
internal static class CountKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NonZeroRows<T>(ReadOnlySpan<T> data, Span<int> counts, int outer, int n) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * n, n);
            int zeros = 0, i = 0;
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            {
                int w = Vector256<T>.Count;
                ref T start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(row);
                for (; i <= n - w; i += w)
                {
                    var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                    zeros += BitOperations.PopCount(Vector256.Equals(v, Vector256<T>.Zero).ExtractMostSignificantBits());
                }
            }
            for (; i < n; i++) if (row[i] == T.Zero) zeros++;
            counts[o] = n - zeros;
        }
    }
}
