using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Scalar forms of the GEMM epilogue c = act(alpha·acc + beta·c + bias): ragged tiles, the degenerate
/// alpha = 0 / k = 0 case. The operation order matches the vector epilogues of the microkernels exactly
/// (multiply by alpha, one FMA with beta·c, add bias, ReLU as x &lt; 0 ? 0 : x), so a C element rounds the same
/// whether it lands in a full or a ragged tile, which keeps results independent of the thread split.
/// </summary>
internal static unsafe class GemmEpilogue
{
    /// <summary>Applies <paramref name="u"/> to a rows×cols block of accumulators (row stride <paramref name="ldAcc"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update<T>(int rows, int cols, T* acc, nint ldAcc, T* c, nint ldc, in GemmUpdate<T> u, T* bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
        {
            T* ai = acc + i * ldAcc;
            T* ci = c + i * ldc;
            for (int j = 0; j < cols; j++)
            {
                ci[j] = Apply(ai[j], ci, j, in u, bias);
            }
        }
    }

    /// <summary>One element of the epilogue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Apply<T>(T acc, T* cRow, int j, in GemmUpdate<T> u, T* bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T x = u.Alpha * acc;
        if (!u.Overwrite)
        {
            x = T.FusedMultiplyAdd(u.Beta, cRow[j], x);
        }

        if (bias != null)
        {
            x += bias[j];
        }

        if (u.Relu && x < T.Zero)
        {
            x = T.Zero;
        }

        return x;
    }

    /// <summary>C = act(beta·C + bias) for alpha = 0 or k = 0 (A and B are not read, as in BLAS).</summary>
    public static void ScaleOnly<T>(in GemmArgs<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool overwrite = g.Beta == T.Zero;
        for (int i = 0; i < g.M; i++)
        {
            T* ci = g.C + i * g.Ldc;
            for (int j = 0; j < g.N; j++)
            {
                T x = overwrite ? T.Zero : g.Beta * ci[j];
                if (g.Bias != null)
                {
                    x += g.Bias[j];
                }

                if (g.Relu && x < T.Zero)
                {
                    x = T.Zero;
                }

                ci[j] = x;
            }
        }
    }
}
