using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Portable 4×4 scalar microkernel for any CPU (and any IEEE element type): 16 accumulators, one fused multiply-add
/// chain per element, the same rounding as the vector paths.
/// </summary>
internal readonly unsafe struct GemmKernelScalar<T> : IGemmKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the register tile.</summary>
    public static int MR => 4;

    /// <summary>Columns of the register tile.</summary>
    public static int NR => 4;

    /// <summary>Default cache blocking.</summary>
    public static GemmBlockSizes Blocking { get; } = new(MC: 64, KC: 256, NC: 1024);

    /// <summary>The portable path.</summary>
    public static GemmPath Path => GemmPath.Scalar;

    /// <summary>Computes the 4×4 tile into scratch, then applies the epilogue to the rows×cols that exist.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(int rows, int cols, int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias, T* tile)
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p = 0; p < kc; p++, a += 4, b += 4)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T a0 = a[0];
            c00 = T.FusedMultiplyAdd(a0, b0, c00);
            c01 = T.FusedMultiplyAdd(a0, b1, c01);
            c02 = T.FusedMultiplyAdd(a0, b2, c02);
            c03 = T.FusedMultiplyAdd(a0, b3, c03);
            T a1 = a[1];
            c10 = T.FusedMultiplyAdd(a1, b0, c10);
            c11 = T.FusedMultiplyAdd(a1, b1, c11);
            c12 = T.FusedMultiplyAdd(a1, b2, c12);
            c13 = T.FusedMultiplyAdd(a1, b3, c13);
            T a2 = a[2];
            c20 = T.FusedMultiplyAdd(a2, b0, c20);
            c21 = T.FusedMultiplyAdd(a2, b1, c21);
            c22 = T.FusedMultiplyAdd(a2, b2, c22);
            c23 = T.FusedMultiplyAdd(a2, b3, c23);
            T a3 = a[3];
            c30 = T.FusedMultiplyAdd(a3, b0, c30);
            c31 = T.FusedMultiplyAdd(a3, b1, c31);
            c32 = T.FusedMultiplyAdd(a3, b2, c32);
            c33 = T.FusedMultiplyAdd(a3, b3, c33);
        }

        tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
        tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
        tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
        tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
        GemmEpilogue.Update(rows, cols, tile, 4, c, ldc, in u, bias);
    }
}
