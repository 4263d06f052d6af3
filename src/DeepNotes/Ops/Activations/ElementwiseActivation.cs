using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// The tensor side of the elementwise activations: checks the dtype, makes the input contiguous, allocates the
/// contiguous result and runs a kernel from <see cref="ActivationKernels"/> over the whole storage in one pass.
/// Piecewise ops have vector kernels for both dtypes; smooth ops have a float vector kernel and a precise scalar
/// double kernel (the Float64 path is the reference that GradCheck differentiates).
/// </summary>
internal static class ElementwiseActivation
{
    /// <summary>y = op(x) with vector kernels for both dtypes.</summary>
    /// <exception cref="ArgumentException">x is not Float32 or Float64; the message names the op and the dtype.</exception>
    public static Tensor Map<TF, TD>(string op, Tensor x, TF f32, TD f64, int grain = ActivationKernels.CheapGrain)
        where TF : struct, IVectorOp<float> where TD : struct, IVectorOp<double>
    {
        x.CheckFloatingPoint(op);
        Tensor src = x.ContiguousRaw();
        var y = new Tensor(x.Shape, x.DType);
        if (x.DType == DType.Float32)
            ActivationKernels.Map(src.Data<float>(), src.Offset, y.Data<float>(), 0, x.ElementCount, f32, grain);
        else
            ActivationKernels.Map(src.Data<double>(), src.Offset, y.Data<double>(), 0, x.ElementCount, f64, grain);
        return y;
    }

    /// <summary>y = op(x) for a smooth op: float vector kernel, precise scalar double kernel.</summary>
    /// <inheritdoc cref="Map{TF, TD}(string, Tensor, TF, TD, int)" path="/exception"/>
    public static Tensor MapSmooth<TOp>(string op, Tensor x, TOp kernel) where TOp : struct, IVectorOp<float>, IScalarOp
    {
        x.CheckFloatingPoint(op);
        Tensor src = x.ContiguousRaw();
        var y = new Tensor(x.Shape, x.DType);
        if (x.DType == DType.Float32)
            ActivationKernels.Map(src.Data<float>(), src.Offset, y.Data<float>(), 0, x.ElementCount, kernel, ActivationKernels.CostlyGrain);
        else
            ActivationKernels.MapScalar(src.Data<double>(), src.Offset, y.Data<double>(), 0, x.ElementCount, kernel);
        return y;
    }

    /// <summary>dx = op(g, saved) with vector kernels for both dtypes; <paramref name="saved"/> is contiguous, same shape.</summary>
    public static Tensor Map2<TF, TD>(Tensor g, Tensor saved, TF f32, TD f64, int grain = ActivationKernels.CheapGrain)
        where TF : struct, IVectorOp2<float> where TD : struct, IVectorOp2<double>
    {
        Tensor gc = g.ContiguousRaw();
        var dx = new Tensor(saved.Shape, saved.DType);
        int n = saved.ElementCount;
        if (saved.DType == DType.Float32)
            ActivationKernels.Map(gc.Data<float>(), gc.Offset, saved.Data<float>(), saved.Offset, dx.Data<float>(), 0, n, f32, grain);
        else
            ActivationKernels.Map(gc.Data<double>(), gc.Offset, saved.Data<double>(), saved.Offset, dx.Data<double>(), 0, n, f64, grain);
        return dx;
    }

    /// <summary>dx = op(g, saved) for a smooth op's backward.</summary>
    public static Tensor Map2Smooth<TOp>(Tensor g, Tensor saved, TOp kernel) where TOp : struct, IVectorOp2<float>, IScalarOp2
    {
        Tensor gc = g.ContiguousRaw();
        var dx = new Tensor(saved.Shape, saved.DType);
        int n = saved.ElementCount;
        if (saved.DType == DType.Float32)
            ActivationKernels.Map(gc.Data<float>(), gc.Offset, saved.Data<float>(), saved.Offset, dx.Data<float>(), 0, n, kernel, ActivationKernels.CostlyGrain);
        else
            ActivationKernels.MapScalar(gc.Data<double>(), gc.Offset, saved.Data<double>(), saved.Offset, dx.Data<double>(), 0, n, kernel);
        return dx;
    }
}
