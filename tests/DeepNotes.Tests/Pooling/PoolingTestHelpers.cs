using DeepNotes;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Pooling;

/// <summary>Inputs and plain-loop reference poolings (independent of the library's kernels) for the pooling tests.</summary>
internal static class PoolingTestHelpers
{
    /// <summary>The deterministic input of reference/pooling_reference.py: x[i] = 3 sin(1.3 i + 0.2).</summary>
    public static Tensor SineInput(int[] shape, DType dtype = DType.Float64, bool requiresGrad = true)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        double[] v = Enumerable.Range(0, n).Select(i => 3 * Math.Sin(1.3 * i + 0.2)).ToArray();
        Tensor t = Tensor.FromArray(v, new Shape(shape)).To(dtype);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    /// <summary>The output gradient of the reference script: w[j] = cos(0.7 j), shaped like <paramref name="like"/>.</summary>
    public static Tensor CosineWeights(Tensor like) =>
        Tensor.FromArray(Enumerable.Range(0, like.Shape.ElementCount).Select(j => Math.Cos(0.7 * j)).ToArray(), like.Shape).To(like.DType);

    /// <summary>Random float64 input with requires-grad, for GradCheck.</summary>
    public static Tensor RandomInput(int[] shape, int seed) =>
        Tensor.Randn(new Shape(shape), DType.Float64, new Generator((ulong)seed), requiresGrad: true);

    /// <summary>PyTorch's output-size formula written out (see the shape-grid test, which checks it against torch).</summary>
    public static int OutputSize(int n, int k, int s, int p, int d, bool ceil)
    {
        int span = n + 2 * p - d * (k - 1) - 1;
        int o = (int)Math.Floor((span + (ceil ? s - 1 : 0)) / (double)s) + 1;
        if (ceil && (o - 1) * s >= n + p) o--;
        return o;
    }

    /// <summary>
    /// Plain max pooling of planes of h × w: padding is −∞, windows scanned row by row, replaced on greater-or-NaN.
    /// Returns values and plane-local argmax indices.
    /// </summary>
    public static (double[] Values, int[] Indices) NaiveMaxPool(double[] x, int planes, int h, int w,
        int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, bool ceil)
    {
        int oh = OutputSize(h, kh, sh, ph, dh, ceil), ow = OutputSize(w, kw, sw, pw, dw, ceil);
        var values = new double[planes * oh * ow];
        var indices = new int[values.Length];
        int o = 0;
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++, o++)
                {
                    double best = double.NegativeInfinity;
                    int at = -1;
                    for (int a = 0; a < kh; a++)
                        for (int b = 0; b < kw; b++)
                        {
                            int r = i * sh - ph + a * dh, c = j * sw - pw + b * dw;
                            if (r < 0 || r >= h || c < 0 || c >= w) continue;
                            double v = x[p * h * w + r * w + c];
                            if (at < 0 || v > best || double.IsNaN(v))
                            {
                                best = v;
                                at = r * w + c;
                            }
                        }
                    values[o] = best;
                    indices[o] = at;
                }
        return (values, indices);
    }

    /// <summary>Plain average pooling with PyTorch's divisor rules (count_include_pad clips the window at the padded edge).</summary>
    public static double[] NaiveAvgPool(double[] x, int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
        bool ceil, bool countIncludePad, int? divisor)
    {
        int oh = OutputSize(h, kh, sh, ph, 1, ceil), ow = OutputSize(w, kw, sw, pw, 1, ceil);
        var values = new double[planes * oh * ow];
        int o = 0;
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++, o++)
                {
                    double sum = 0;
                    int inside = 0, padded = 0;
                    for (int a = 0; a < kh; a++)
                        for (int b = 0; b < kw; b++)
                        {
                            int r = i * sh - ph + a, c = j * sw - pw + b;
                            if (r >= h + ph || c >= w + pw) continue; // beyond the padding: not part of the window
                            padded++;
                            if (r < 0 || r >= h || c < 0 || c >= w) continue;
                            inside++;
                            sum += x[p * h * w + r * w + c];
                        }
                    values[o] = inside == 0 ? 0 : sum / (divisor ?? (countIncludePad ? padded : inside));
                }
        return values;
    }
}
