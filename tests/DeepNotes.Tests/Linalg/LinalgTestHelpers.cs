using DeepNotes;
using DeepNotes.Tests.Ops;

namespace DeepNotes.Tests.LinearAlgebra;

/// <summary>Inputs and checks shared by the linear-algebra tests.</summary>
internal static class LinalgTestHelpers
{
    /// <summary>A Float64 tensor of reference data (<c>LinalgReference.Name</c> with its shape).</summary>
    public static Tensor R(double[] data, int[] shape, bool requiresGrad = false) =>
        Tensor.FromArray((double[])data.Clone(), new Shape(shape), requiresGrad);

    /// <summary>
    /// A Float64 leaf of <paramref name="shape"/> holding a normal random matrix plus <paramref name="boost"/>·I in the
    /// last two dims (well conditioned), laid out contiguous, transposed or sliced.
    /// </summary>
    public static Tensor Matrix(int[] shape, ulong seed, Layout layout, double boost = 0, bool requiresGrad = true)
    {
        var g = new Generator(seed);
        int count = new Shape(shape).ElementCount;
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = g.NextNormal();
        if (boost != 0 && shape.Length >= 2)
        {
            int m = shape[^2], n = shape[^1];
            for (int b = 0; b < count / (m * n); b++)
                for (int i = 0; i < Math.Min(m, n); i++) v[b * m * n + i * n + i] += boost;
        }
        return Layouts(v, shape, layout, requiresGrad);
    }

    /// <summary>The row-major <paramref name="values"/> of <paramref name="shape"/> as a tensor in the given layout.</summary>
    public static Tensor Layouts(double[] values, int[] shape, Layout layout, bool requiresGrad = true)
    {
        Tensor t;
        switch (layout)
        {
            case Layout.Contiguous:
                t = Tensor.FromArray((double[])values.Clone(), new Shape(shape));
                break;
            case Layout.Transposed:
            {
                // store the transpose, view it back: same logical values, column-major last two dims
                var baseShape = (int[])shape.Clone();
                (baseShape[^1], baseShape[^2]) = (baseShape[^2], baseShape[^1]);
                Tensor logical = Tensor.FromArray((double[])values.Clone(), new Shape(shape));
                t = logical.Transpose(-1, -2).Contiguous().Detach().Transpose(-1, -2);
                break;
            }
            default:
            {
                var baseShape = (int[])shape.Clone();
                baseShape[^1] = 2 * shape[^1] + 1;
                var big = Tensor.Zeros(new Shape(baseShape), DType.Float64);
                using (Autograd.NoGrad()) big.Slice(-1, 1, baseShape[^1], 2).CopyFrom(Tensor.FromArray((double[])values.Clone(), new Shape(shape)));
                t = big.Slice(-1, 1, baseShape[^1], 2);
                break;
            }
        }
        if (layout != Layout.Contiguous && t.ElementCount > 1) Assert.False(t.IsContiguous);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    public static readonly Layout[] AllLayouts = [Layout.Contiguous, Layout.Transposed, Layout.Sliced];

    /// <summary>Max |a − b| over all elements (shapes must match).</summary>
    public static double MaxDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.Shape, b.Shape);
        double[] x = a.ToArray<double>(), y = b.ToArray<double>();
        double m = 0;
        for (int i = 0; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i] - y[i]));
        return m;
    }

    /// <summary>‖QᵀQ − I‖_max for the columns of Q (last two dims).</summary>
    public static double OrthogonalityError(Tensor q)
    {
        int k = q.Shape[-1];
        Tensor qtq = q.Transpose(-1, -2).MatMul(q);
        return MaxDiff(qtq, Tensor.Eye(k, k, q.DType).Expand([.. qtq.Shape.Dims]).Contiguous());
    }

    /// <summary>The identity matrices of a batch shape.</summary>
    public static Tensor EyeLike(Tensor a) => Tensor.Eye(a.Shape[-1], a.Shape[-1], a.DType).Expand([.. a.Shape.Dims]).Contiguous();
}
