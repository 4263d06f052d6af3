using DeepNotes;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Ops;

/// <summary>How the values of a test input are drawn, chosen so that finite differences never cross a kink or a tie.</summary>
public enum Values
{
    /// <summary>Standard normal.</summary>
    Normal,

    /// <summary>Uniform in [0.5, 2]: safe for Log, Sqrt, Pow and division.</summary>
    Positive,

    /// <summary>|x| uniform in [0.2, 2] with a random sign: away from the kink of Abs and safe as a divisor.</summary>
    AwayFromZero,

    /// <summary>
    /// A shuffled grid with spacing 0.01 (plus a tiny jitter): all values distinct and at least 0.005 apart, so
    /// Max/Min/Maximum/Minimum have no ties within the finite-difference step.
    /// </summary>
    Distinct,

    /// <summary>Normal, but at least 0.1 away from the Clamp bounds ±0.5.</summary>
    AwayFromClampBounds,
}

/// <summary>The memory layout of a test input.</summary>
public enum Layout
{
    /// <summary>Row-major contiguous.</summary>
    Contiguous,

    /// <summary>A transposed view of a contiguous tensor (last two dimensions swapped); rank ≥ 2.</summary>
    Transposed,

    /// <summary>Every second element of the last dimension of a larger tensor (a strided slice); rank ≥ 1.</summary>
    Sliced,
}

/// <summary>Inputs, references and assertions shared by the op tests.</summary>
public static class OpTestHelpers
{
    /// <summary>Draws <paramref name="count"/> values of the given kind.</summary>
    public static double[] Draw(Values kind, int count, Generator g)
    {
        var v = new double[count];
        switch (kind)
        {
            case Values.Normal:
                for (int i = 0; i < count; i++) v[i] = g.NextNormal();
                break;
            case Values.Positive:
                for (int i = 0; i < count; i++) v[i] = 0.5 + 1.5 * g.NextDouble();
                break;
            case Values.AwayFromZero:
                for (int i = 0; i < count; i++) v[i] = (0.2 + 1.8 * g.NextDouble()) * (g.NextDouble() < 0.5 ? -1 : 1);
                break;
            case Values.Distinct:
            {
                var perm = Enumerable.Range(0, count).ToArray();
                for (int i = count - 1; i > 0; i--)
                {
                    int j = g.NextInt32(0, i + 1);
                    (perm[i], perm[j]) = (perm[j], perm[i]);
                }
                for (int i = 0; i < count; i++) v[i] = (perm[i] - count / 2.0) * 0.01 + 0.002 * g.NextDouble();
                break;
            }
            case Values.AwayFromClampBounds:
                for (int i = 0; i < count; i++)
                {
                    double x;
                    do x = g.NextNormal(); while (Math.Abs(Math.Abs(x) - 0.5) < 0.1);
                    v[i] = x;
                }
                break;
        }
        return v;
    }

    /// <summary>
    /// A Float64 (or <paramref name="dtype"/>) tensor of <paramref name="shape"/> with values of <paramref name="kind"/>,
    /// in <paramref name="layout"/>; a leaf that requires grad when <paramref name="requiresGrad"/>.
    /// </summary>
    public static Tensor Input(int[] shape, ulong seed, Values kind = Values.Normal, Layout layout = Layout.Contiguous,
        bool requiresGrad = true, DType dtype = DType.Float64)
    {
        var g = new Generator(seed);
        int rank = shape.Length;
        Tensor Make(int[] dims) => Tensor.FromArray(Draw(kind, new Shape(dims).ElementCount, g), new Shape(dims)).To(dtype);
        Tensor t;
        switch (layout)
        {
            case Layout.Contiguous:
                t = Make(shape);
                break;
            case Layout.Transposed:
            {
                if (rank < 2) throw new ArgumentException("Transposed layout needs rank >= 2.");
                var baseShape = (int[])shape.Clone();
                (baseShape[^1], baseShape[^2]) = (baseShape[^2], baseShape[^1]);
                t = Make(baseShape).Transpose(-1, -2);
                break;
            }
            default:
            {
                if (rank < 1) throw new ArgumentException("Sliced layout needs rank >= 1.");
                var baseShape = (int[])shape.Clone();
                baseShape[^1] = 2 * shape[^1] + 1;
                t = Make(baseShape).Slice(-1, 1, baseShape[^1], 2);
                break;
            }
        }
        if (t.Shape != new Shape(shape)) throw new InvalidOperationException($"helper bug: {t.Shape} vs {new Shape(shape)}");
        if (layout != Layout.Contiguous && t.ElementCount > 1 && t.IsContiguous && !(layout == Layout.Transposed && Math.Min(shape[^1], shape[^2]) == 1))
            throw new InvalidOperationException($"helper bug: {layout} view of {t.Shape} is contiguous");
        t.RequiresGrad = requiresGrad;
        return t;
    }

    /// <summary>Values with Distinct spacing for two tensors at once, so that no element of one ties with any of the other.</summary>
    public static (Tensor A, Tensor B) DistinctPair(int[] shapeA, int[] shapeB, ulong seed, Layout layoutA = Layout.Contiguous)
    {
        int na = new Shape(shapeA).ElementCount, nb = new Shape(shapeB).ElementCount;
        var all = Draw(Values.Distinct, na + nb, new Generator(seed));
        Tensor a;
        if (layoutA == Layout.Transposed)
        {
            var bs = (int[])shapeA.Clone();
            (bs[^1], bs[^2]) = (bs[^2], bs[^1]);
            a = Tensor.FromArray(all[..na], new Shape(bs)).Transpose(-1, -2);
        }
        else a = Tensor.FromArray(all[..na], new Shape(shapeA));
        var b = Tensor.FromArray(all[na..], new Shape(shapeB));
        a.RequiresGrad = true;
        b.RequiresGrad = true;
        return (a, b);
    }

    /// <summary>Runs GradCheck with the default tolerances (throws GradCheckException with the details on failure).</summary>
    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Assert.True(GradCheck.Check(f, inputs));

    /// <summary>Parses "2,3" into [2, 3]; "" is the 0-dim shape.</summary>
    public static int[] S(string shape) =>
        shape.Length == 0 ? [] : shape.Split(',').Select(s => int.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Elements of <paramref name="t"/> in row-major order as doubles.</summary>
    public static double[] D(Tensor t) => t.ToArray<double>();

    /// <summary>Asserts that a Float32 result matches a Float64 result of the same computation within float32 tolerance.</summary>
    public static void AssertFloat32Agrees(Tensor f64, Tensor f32, double rtol = 1e-5, double atol = 1e-5)
    {
        Assert.Equal(DType.Float64, f64.DType);
        Assert.Equal(DType.Float32, f32.DType);
        Assert.Equal(f64.Shape, f32.Shape);
        AssertClose(D(f64), f32, atol, rtol);
    }

    // ---------- reference implementations over plain arrays ----------

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(int[] shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /// <summary>The multi-index of a flat row-major index.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /// <summary>NumPy broadcast shape, computed independently of the library.</summary>
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int r = Math.Max(a.Length, b.Length);
        var o = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i - (r - a.Length) >= 0 ? a[i - (r - a.Length)] : 1;
            int db = i - (r - b.Length) >= 0 ? b[i - (r - b.Length)] : 1;
            o[i] = da == 1 ? db : da;
        }
        return o;
    }

    /// <summary>The flat index into an array of <paramref name="shape"/> of an output multi-index under broadcasting.</summary>
    public static int BroadcastIndex(int[] outIdx, int[] shape)
    {
        int lead = outIdx.Length - shape.Length, flat = 0;
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : outIdx[lead + d]);
        return flat;
    }

    /// <summary>Elementwise binary reference with broadcasting.</summary>
    public static double[] RefBinary(double[] a, int[] sa, double[] b, int[] sb, Func<double, double, double> f, out int[] shape)
    {
        shape = BroadcastShape(sa, sb);
        int n = 1;
        foreach (int d in shape) n *= d;
        var o = new double[n];
        for (int i = 0; i < n; i++)
        {
            var idx = Unravel(i, shape);
            o[i] = f(a[BroadcastIndex(idx, sa)], b[BroadcastIndex(idx, sb)]);
        }
        return o;
    }

    /// <summary>Reduction reference: groups the elements by their non-reduced coordinates and applies <paramref name="reduce"/> to each group.</summary>
    public static double[] RefReduce(double[] x, int[] shape, int[]? axes, bool keepDim, Func<List<double>, double> reduce, out int[] outShape)
    {
        int rank = shape.Length;
        var reduced = new bool[rank];
        if (axes is null || axes.Length == 0) for (int d = 0; d < rank; d++) reduced[d] = true;
        else foreach (int a in axes) reduced[a < 0 ? a + rank : a] = true;
        var os = new List<int>();
        for (int d = 0; d < rank; d++)
        {
            if (!reduced[d]) os.Add(shape[d]);
            else if (keepDim) os.Add(1);
        }
        outShape = os.ToArray();
        var keptShape = Enumerable.Range(0, rank).Where(d => !reduced[d]).Select(d => shape[d]).ToArray();
        int nOut = 1;
        foreach (int d in keptShape) nOut *= d;
        var groups = new List<double>[nOut];
        for (int i = 0; i < nOut; i++) groups[i] = new List<double>();
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            var idx = Unravel(i, shape);
            int o = 0;
            for (int d = 0; d < rank; d++) if (!reduced[d]) o = o * shape[d] + idx[d];
            groups[o].Add(x[i]);
        }
        return groups.Select(reduce).ToArray();
    }

    /// <summary>Naive matrix product of row-major [m, k] and [k, n].</summary>
    public static double[] RefMatMul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        return c;
    }
}
