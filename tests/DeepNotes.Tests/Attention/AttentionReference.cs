using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Attention;

/// <summary>
/// Independent scalar-loop attention in double, for checking the fused kernels: per batch matrix, scores by explicit
/// dot products, an additive mask (−∞ entries), a softmax whose fully masked rows are zero, and the weighted sum.
/// </summary>
internal static class AttentionReference
{
    /// <summary>
    /// q [n, L, E], k [n, S, E], v [n, S, Ev] flattened row-major; mask(i, l, s) additive (−∞ = masked) or null.
    /// Returns (output [n, L, Ev], weights [n, L, S]).
    /// </summary>
    public static (double[] Output, double[] Weights) Sdpa(double[] q, double[] k, double[] v, int n, int L, int S, int E, int Ev,
        double scale, Func<int, int, int, double>? mask = null, bool causal = false)
    {
        var output = new double[n * L * Ev];
        var weights = new double[n * L * S];
        var row = new double[S];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < L; l++)
            {
                double max = double.NegativeInfinity;
                for (int s = 0; s < S; s++)
                {
                    double dot = 0;
                    for (int e = 0; e < E; e++) dot += q[(i * L + l) * E + e] * k[(i * S + s) * E + e];
                    row[s] = dot * scale + (mask?.Invoke(i, l, s) ?? 0) + (causal && s > l ? double.NegativeInfinity : 0);
                    max = Math.Max(max, row[s]);
                }
                double sum = 0;
                for (int s = 0; s < S; s++)
                {
                    row[s] = double.IsNegativeInfinity(max) ? 0 : Math.Exp(row[s] - max);
                    sum += row[s];
                }
                for (int s = 0; s < S; s++)
                {
                    double w = sum == 0 ? 0 : row[s] / sum;
                    weights[(i * L + l) * S + s] = w;
                    for (int e = 0; e < Ev; e++) output[(i * L + l) * Ev + e] += w * v[(i * S + s) * Ev + e];
                }
            }
        return (output, weights);
    }

    public static double[] ToDoubles(Tensor t) => t.To(DType.Float64).ToArray<double>();
}

/// <summary>The closed-form fill of reference/attention_reference.py: value k of tensor number idx is 0.5·sin(0.37k + 1.1·idx + 0.2).</summary>
internal static class ReferenceFill
{
    public static double[] Values(int count, int idx)
    {
        var v = new double[count];
        for (int k = 0; k < count; k++) v[k] = 0.5 * Math.Sin(0.37 * k + 1.1 * idx + 0.2);
        return v;
    }

    public static Tensor Tensor(int[] shape, int idx, DType dtype = DType.Float64, bool requiresGrad = false)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        var t = DeepNotes.Tensor.FromArray(Values(n, idx), shape).To(dtype);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    /// <summary>Fills every parameter, numbered in NamedParameters order like torch's named_parameters().</summary>
    public static void Parameters(DeepNotes.Layers.Module module)
    {
        int i = 0;
        using (Autograd.NoGrad())
            foreach (var (_, p) in module.NamedParameters())
                p.CopyFrom(DeepNotes.Tensor.FromArray(Values(p.ElementCount, i++), p.Shape.ToArray()).To(p.DType));
    }
}
