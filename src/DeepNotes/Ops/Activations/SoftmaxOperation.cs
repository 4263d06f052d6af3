using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// Softmax along one axis (negative counts from the end): exp(x − max) / Σ exp(x − max), stable for any magnitude.
/// The last axis runs the row kernels of <see cref="Kernels.SoftmaxKernel"/>; another axis reduces down columns in place
/// (<see cref="SoftmaxAlongAxis"/>), without a transposed copy. Backward from the saved output: y ⊙ (g − Σ g ⊙ y).
/// </summary>
internal static class SoftmaxOperation
{
    public static Tensor Forward(Tensor x, int axis) => Compute("Softmax", x, axis, log: false);

    /// <summary>Softmax or log-softmax of <paramref name="x"/> along <paramref name="axis"/>, recorded under <paramref name="op"/>.</summary>
    internal static Tensor Compute(string op, Tensor x, int axis, bool log)
    {
        x.CheckFloatingPoint(op);
        int a = Permute.Axis(op, axis, x.Rank);
        var dims = x.Shape.Dims;
        int n = x.Rank == 0 ? 1 : dims[a], outer = 1, inner = 1;
        for (int d = 0; d < a; d++) outer *= dims[d];
        for (int d = a + 1; d < x.Rank; d++) inner *= dims[d];

        Tensor src = x.ContiguousRaw();
        var y = new Tensor(x.Shape, x.DType);
        if (x.ElementCount > 0)
        {
            if (x.DType == DType.Float32) SoftmaxAlongAxis.Forward(src.Data<float>(), src.Offset, y.Data<float>(), 0, outer, n, inner, log);
            else SoftmaxAlongAxis.Forward(src.Data<double>(), src.Offset, y.Data<double>(), 0, outer, n, inner, log);
        }
        if (!Tensor.NeedsGrad(x)) return y;
        var output = y.Detach();
        return Tensor.RecordDifferentiable(y, log ? "LogSoftmaxBackward" : "SoftmaxBackward", [x], g =>
        {
            if (Autograd.IsCreatingGraph) return [DifferentiableBackward(g, y, a, log)];
            var dx = new Tensor(x.Shape, x.DType);
            if (x.ElementCount == 0) return [dx];
            Tensor gc = g.ContiguousRaw();
            if (x.DType == DType.Float32) Backward<float>(output, gc, dx, outer, n, inner, log);
            else Backward<double>(output, gc, dx, outer, n, inner, log);
            return [dx];
        }, output);
    }

    /// <summary>
    /// The same gradient as differentiable ops through y's graph (for createGraph): softmax y ⊙ (g − Σ g ⊙ y),
    /// log-softmax g − eʸ Σ g (sums along the axis, kept).
    /// </summary>
    private static Tensor DifferentiableBackward(Tensor g, Tensor y, int axis, bool log)
    {
        int[] ax = y.Rank == 0 ? [] : [axis];
        if (log) return Subtract.Forward(g, Multiply.Forward(UnaryMath.Exp(y), Sum.Forward(g, ax, keepDim: true)));
        return Multiply.Forward(y, Subtract.Forward(g, Sum.Forward(Multiply.Forward(g, y), ax, keepDim: true)));
    }

    private static void Backward<T>(Tensor y, Tensor g, Tensor dx, int outer, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        SoftmaxAlongAxis.Backward(y.Data<T>(), y.Offset, g.Data<T>(), g.Offset, dx.Data<T>(), outer, n, inner, log);
}
