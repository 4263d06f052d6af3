using System.Runtime.CompilerServices;
namespace DeepNotes.Kernels;

/// <summary>
/// Row scans for the cumulative ops: each of <c>outer</c> contiguous rows of length <c>n</c> is scanned
/// independently, in a fixed order. Float32 rows accumulate in double, as PyTorch's CPU cumulative kernels do.
/// </summary>
internal static class ScanKernel
{
    /// <summary>Inclusive prefix sums (or suffix sums when <paramref name="reverse"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CumSum<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, bool reverse) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            CumSumFloat(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(x), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(y), outer, n, reverse);
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var src = x.Slice(o * n, n);
            var dst = y.Slice(o * n, n);
            T acc = T.Zero;
            if (!reverse) for (int i = 0; i < n; i++) dst[i] = acc += src[i];
            else for (int i = n - 1; i >= 0; i--) dst[i] = acc += src[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CumSumFloat(ReadOnlySpan<float> x, Span<float> y, int outer, int n, bool reverse)
    {
        int o = 0;
        if (!reverse)
        {
            // four rows at a time: four independent dependency chains
            for (; o + 4 <= outer; o += 4)
            {
                var s0 = x.Slice(o * n, n); var s1 = x.Slice((o + 1) * n, n); var s2 = x.Slice((o + 2) * n, n); var s3 = x.Slice((o + 3) * n, n);
                var d0 = y.Slice(o * n, n); var d1 = y.Slice((o + 1) * n, n); var d2 = y.Slice((o + 2) * n, n); var d3 = y.Slice((o + 3) * n, n);
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                for (int i = 0; i < n; i++)
                {
                    d0[i] = (float)(a0 += s0[i]);
                    d1[i] = (float)(a1 += s1[i]);
                    d2[i] = (float)(a2 += s2[i]);
                    d3[i] = (float)(a3 += s3[i]);
                }
            }
        }
        for (; o < outer; o++)
        {
            var src = x.Slice(o * n, n);
            var dst = y.Slice(o * n, n);
            double acc = 0;
            if (!reverse) for (int i = 0; i < n; i++) dst[i] = (float)(acc += src[i]);
            else for (int i = n - 1; i >= 0; i--) dst[i] = (float)(acc += src[i]);
        }
    }

    /// <summary>
    /// Prefix sums along the middle axis of a contiguous [outer, n, inner] block (no transposition): each step adds a
    /// row of <c>inner</c> elements to a running row (kept in double for Float32).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CumSumMiddle<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner, bool reverse) where T : unmanaged, System.Numerics.INumber<T>
    {
        var acc = new double[inner];
        for (int o = 0; o < outer; o++)
        {
            Array.Clear(acc);
            for (int step = 0; step < n; step++)
            {
                int i = reverse ? n - 1 - step : step;
                var src = x.Slice((o * n + i) * inner, inner);
                var dst = y.Slice((o * n + i) * inner, inner);
                if (typeof(T) == typeof(int))
                {
                    var prev = step == 0 ? default : y.Slice((o * n + (reverse ? i + 1 : i - 1)) * inner, inner);
                    for (int j = 0; j < inner; j++) dst[j] = step == 0 ? src[j] : prev[j] + src[j];
                }
                else
                    for (int j = 0; j < inner; j++) dst[j] = T.CreateTruncating(acc[j] += double.CreateTruncating(src[j]));
            }
        }
    }

    /// <summary>Inclusive prefix products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CumProd<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n) where T : unmanaged, System.Numerics.INumber<T>
    {
        int o = 0;
        if (typeof(T) != typeof(int))
        {
            // four rows at a time: four independent dependency chains
            for (; o + 4 <= outer; o += 4)
            {
                var s0 = x.Slice(o * n, n); var s1 = x.Slice((o + 1) * n, n); var s2 = x.Slice((o + 2) * n, n); var s3 = x.Slice((o + 3) * n, n);
                var d0 = y.Slice(o * n, n); var d1 = y.Slice((o + 1) * n, n); var d2 = y.Slice((o + 2) * n, n); var d3 = y.Slice((o + 3) * n, n);
                double a0 = 1, a1 = 1, a2 = 1, a3 = 1;
                for (int i = 0; i < n; i++)
                {
                    d0[i] = T.CreateTruncating(a0 *= double.CreateTruncating(s0[i]));
                    d1[i] = T.CreateTruncating(a1 *= double.CreateTruncating(s1[i]));
                    d2[i] = T.CreateTruncating(a2 *= double.CreateTruncating(s2[i]));
                    d3[i] = T.CreateTruncating(a3 *= double.CreateTruncating(s3[i]));
                }
            }
        }
        for (; o < outer; o++)
        {
            var src = x.Slice(o * n, n);
            var dst = y.Slice(o * n, n);
            if (typeof(T) == typeof(int))
            {
                T acc = T.One;
                for (int i = 0; i < n; i++) dst[i] = acc *= src[i];
            }
            else
            {
                double acc = 1;
                for (int i = 0; i < n; i++) dst[i] = T.CreateTruncating(acc *= double.CreateTruncating(src[i]));
            }
        }
    }

    /// <summary>
    /// dL/dx of y = cumprod(x) for upstream g, exact with zeros in x: dx_i = (∏_{j&lt;i} x_j)·S_i with
    /// S_i = g_i + x_{i+1}·S_{i+1} (no division).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CumProdBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> dx, int outer, int n) where T : unmanaged, System.Numerics.INumber<T>
    {
        var s = new double[n];
        for (int o = 0; o < outer; o++)
        {
            var xr = x.Slice(o * n, n);
            var gr = g.Slice(o * n, n);
            var dr = dx.Slice(o * n, n);
            double acc = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                acc = double.CreateTruncating(gr[i]) + (i + 1 < n ? double.CreateTruncating(xr[i + 1]) * acc : 0);
                s[i] = acc;
            }
            double prefix = 1;
            for (int i = 0; i < n; i++)
            {
                dr[i] = T.CreateTruncating(prefix * s[i]);
                prefix *= double.CreateTruncating(xr[i]);
            }
        }
    }

    /// <summary>Exclusive product of each row's other elements (∏_{j≠i} x_j), times the row's upstream gradient <paramref name="g"/>[o].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ProdBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> dx, int outer, int n) where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var xr = x.Slice(o * n, n);
            var dr = dx.Slice(o * n, n);
            double prefix = 1;
            for (int i = 0; i < n; i++)
            {
                dr[i] = T.CreateTruncating(prefix);
                prefix *= double.CreateTruncating(xr[i]);
            }
            double suffix = double.CreateTruncating(g[o]);
            for (int i = n - 1; i >= 0; i--)
            {
                dr[i] = T.CreateTruncating(double.CreateTruncating(dr[i]) * suffix);
                suffix *= double.CreateTruncating(xr[i]);
            }
        }
    }

    /// <summary>log Σ_{j≤i} exp(x_j) per row, as a running log-add-exp (never overflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogCumSumExp<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var src = x.Slice(o * n, n);
            var dst = y.Slice(o * n, n);
            double acc = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                acc = LogAddExp(acc, double.CreateTruncating(src[i]));
                dst[i] = T.CreateTruncating(acc);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LogAddExp(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
        double m = Math.Max(a, b);
        if (double.IsInfinity(m)) return m; // −∞ with −∞, or +∞ with anything
        return m + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
    }

    /// <summary>
    /// dL/dx of y = logcumsumexp(x): dx_i = exp(x_i − y_i)·U_i with U_i = g_i + exp(y_i − y_{i+1})·U_{i+1}; every
    /// exponent is ≤ 0 because y is non-decreasing and y_i ≥ x_i, so nothing overflows. Elements at −∞ get 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogCumSumExpBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx, int outer, int n)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var xr = x.Slice(o * n, n);
            var yr = y.Slice(o * n, n);
            var gr = g.Slice(o * n, n);
            var dr = dx.Slice(o * n, n);
            double u = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                double yi = double.CreateTruncating(yr[i]);
                double factor = i + 1 < n && !double.IsNegativeInfinity(yi) ? Math.Exp(yi - double.CreateTruncating(yr[i + 1])) : 0;
                u = double.CreateTruncating(gr[i]) + factor * u;
                double xi = double.CreateTruncating(xr[i]);
                dr[i] = T.CreateTruncating(double.IsNegativeInfinity(xi) ? 0 : Math.Exp(xi - yi) * u);
            }
        }
    }

    /// <summary>
    /// Running maximum (or minimum) and the index it came from: a later equal value takes over the index, and NaN
    /// once met stays (each later NaN taking over), as <c>torch.cummax</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CumExtreme<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> index, int outer, int n, bool max) where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var src = x.Slice(o * n, n);
            var dst = y.Slice(o * n, n);
            var ix = index.Slice(o * n, n);
            if (n == 0) continue;
            T best = src[0];
            int at = 0;
            // a later tie or a NaN takes over; a comparison with a NaN best is false, so a NaN stays
            if (max)
            {
                for (int i = 0; i < n; i++)
                {
                    T v = src[i];
                    if (v >= best || T.IsNaN(v)) { best = v; at = i; }
                    dst[i] = best;
                    ix[i] = at;
                }
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    T v = src[i];
                    if (v <= best || T.IsNaN(v)) { best = v; at = i; }
                    dst[i] = best;
                    ix[i] = at;
                }
            }
        }
    }
}
