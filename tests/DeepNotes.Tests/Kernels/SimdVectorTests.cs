using System.Numerics;
using System.Runtime.Intrinsics;
using DeepNotes.Kernels;

namespace DeepNotes.Tests.Kernels;

/// <summary>
/// The shared vector vocabulary (<see cref="ISimdVector{TV, T}"/>): every width computes, lane by lane, what the
/// one-lane <see cref="ScalarOps{T}"/> computes, and the even/odd split and interleave are each other's inverse.
/// </summary>
public class SimdVectorTests
{
    private static T[] Values<T>(int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new Random(seed);
        var v = new T[n];
        for (int i = 0; i < n; i++) v[i] = T.CreateChecked(r.NextDouble() * 4 - 2);
        return v;
    }

    private static void Check<TV, TOps, T>()
        where TV : struct
        where TOps : ISimdVector<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = TOps.Count;
        T[] a = Values<T>(n, 1), b = Values<T>(n, 2), c = Values<T>(n, 3);
        a[n - 1] = T.NaN; // the maximum propagates NaN
        TV va = TOps.Load(ref a[0]), vb = TOps.Load(ref b[0]), vc = TOps.Load(ref c[0]);
        var results = new (string Name, TV Vector, Func<int, T> Lane)[]
        {
            ("Add", TOps.Add(va, vb), i => a[i] + b[i]),
            ("Subtract", TOps.Subtract(va, vb), i => a[i] - b[i]),
            ("Multiply", TOps.Multiply(va, vb), i => a[i] * b[i]),
            ("Divide", TOps.Divide(va, vb), i => a[i] / b[i]),
            ("Negate", TOps.Negate(va), i => -a[i]),
            ("Sqrt", TOps.Sqrt(TOps.Abs(va)), i => T.Sqrt(T.Abs(a[i]))),
            ("Max", TOps.Max(va, vb), i => T.Max(a[i], b[i])),
            ("Fma", TOps.Fma(va, vb, vc), i => T.FusedMultiplyAdd(a[i], b[i], c[i])),
            ("Splat", TOps.Splat(c[0]), _ => c[0]),
        };
        var lanes = new T[n];
        foreach (var (name, vector, lane) in results)
        {
            TOps.Store(vector, ref lanes[0]);
            for (int i = 0; i < n; i++)
                Assert.True(lanes[i].Equals(lane(i)), $"{typeof(TOps).Name} {name} lane {i}: expected {lane(i)}, got {lanes[i]}");
        }

        TOps.Deinterleave(va, vb, out TV even, out TV odd);
        var e = new T[n];
        var o = new T[n];
        TOps.Store(even, ref e[0]);
        TOps.Store(odd, ref o[0]);
        T[] both = [.. a, .. b];
        for (int i = 0; i < n; i++)
        {
            Assert.True(e[i].Equals(both[2 * i]) && o[i].Equals(both[2 * i + 1]), $"{typeof(TOps).Name} Deinterleave lane {i}");
        }
        TOps.Interleave(even, odd, out TV first, out TV second);
        var f = new T[n];
        var s = new T[n];
        TOps.Store(first, ref f[0]);
        TOps.Store(second, ref s[0]);
        T[] interleaved = [.. f, .. s];
        Assert.Equal(both, interleaved);
    }

    [Fact]
    public void EveryWidth_MatchesScalarLanes()
    {
        Check<Vector128<float>, Vector128Ops<float>, float>();
        Check<Vector128<double>, Vector128Ops<double>, double>();
        Check<float, ScalarOps<float>, float>();
        Check<double, ScalarOps<double>, double>();
        if (Vector256Ops<float>.IsSupported)
        {
            Check<Vector256<float>, Vector256Ops<float>, float>();
            Check<Vector256<double>, Vector256Ops<double>, double>();
        }
        if (Vector512Ops<float>.IsSupported)
        {
            Check<Vector512<float>, Vector512Ops<float>, float>();
            Check<Vector512<double>, Vector512Ops<double>, double>();
        }
    }
}
