using System.Runtime.CompilerServices;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>Scalar helpers shared by the recurrent kernels.</summary>
internal static class RecurrentMath
{
    /// <summary>1/(1 + e⁻ˣ), stable at both ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x) where T : IFloatingPointIeee754<T>
    {
        if (x >= T.Zero) return T.One / (T.One + T.Exp(-x));
        T e = T.Exp(x);
        return e / (T.One + e);
    }
}
