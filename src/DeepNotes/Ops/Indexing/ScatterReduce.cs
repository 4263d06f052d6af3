using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Indexing;

/// <summary>
/// <c>torch.scatter_reduce</c>: the source values landing on one position combined by sum, prod, mean, amax or amin,
/// with the original value included or not (<c>include_self</c>); positions no index names keep x. Backward follows
/// PyTorch 1.13's formulas: sum — x: g, src: gather(g); mean — both divided by the count; prod — g·result/x with
/// zeros handled by exclusive products; amax/amin — g shared evenly among the elements equal to the result; without
/// include_self x gets no gradient at the scattered positions. With createGraph the same formulas run on the inputs
/// and output with their graphs (prod's masked products recomputed by this op), so the gradients differentiate again;
/// as PyTorch's, the prod formula's second derivative is exact unless two or more zeros land on one position.
/// </summary>
internal static class ScatterReduce
{
    public static Tensor Forward(Tensor x, int dim, Tensor index, Tensor src, ScatterReduction reduce, bool includeSelf)
    {
        x.CheckNumeric("ScatterReduce");
        if (!Enum.IsDefined(reduce))
            throw new ArgumentOutOfRangeException(nameof(reduce), reduce, "ScatterReduce: reduce must be Sum, Prod, Mean, Amax or Amin.");
        var (_, ie, se, d) = Scatter.Validate("ScatterReduce", x, dim, index, src);
        Tensor result = Apply(x.CloneRaw(), d, ie, se, reduce, includeSelf);
        if (!Tensor.NeedsGrad(x, src)) return result;
        Tensor output = result.Detach();
        // createGraph: the same formulas over the inputs and the output with their graphs (prod's masked products
        // recomputed by this op itself), so the gradients are differentiable again
        return Tensor.RecordDifferentiable(result, "ScatterReduceBackward", [x, src],
            g => Autograd.IsCreatingGraph
                ? Backward(g, x, d, index, src, result, reduce, includeSelf, differentiable: true)
                : Backward(g, x.Detach(), d, index, src.Detach(), output, reduce, includeSelf, differentiable: false), x, src, index);
    }

    /// <summary>The reduction into the contiguous <paramref name="dst"/> (a copy of x) without checks or autograd.</summary>
    public static Tensor Apply(Tensor dst, int d, Tensor index, Tensor src, ScatterReduction reduce, bool includeSelf)
    {
        const string op = "ScatterReduce";
        if (!includeSelf)
            Scatter.Apply(ScatterMode.Assign, op, dst, d, index, dst.DType == DType.Int64 && reduce is ScatterReduction.Amax or ScatterReduction.Amin
                ? Expand.Raw(Tensor.FromArray([reduce == ScatterReduction.Amax ? long.MinValue : long.MaxValue], Shape.Scalar), index.Shape)
                : Scatter.ValueSource(Identity(reduce, dst.DType), dst.DType, index.Shape));
        switch (reduce)
        {
            case ScatterReduction.Sum: Scatter.Apply(ScatterMode.Add, op, dst, d, index, src); break;
            case ScatterReduction.Prod: Scatter.Apply(ScatterMode.Multiply, op, dst, d, index, src); break;
            case ScatterReduction.Amax: Scatter.Apply(ScatterMode.Max, op, dst, d, index, src); break;
            case ScatterReduction.Amin: Scatter.Apply(ScatterMode.Min, op, dst, d, index, src); break;
            default:
                Scatter.Apply(ScatterMode.Add, op, dst, d, index, src);
                var counts = new int[dst.ElementCount];
                if (includeSelf) counts.AsSpan().Fill(1);
                Tensor de = IndexChecks.AtLeast1D(dst);
                int[] ds = IndexChecks.WithoutDim(de, d, out int dimStride);
                ScatterGather.Count(index.Shape.Dims, index.Data<int>(), index.Offset, index.StrideArray, counts, ds, dimStride);
                switch (dst.DType)
                {
                    case DType.Float32: DivideFloat<float>(dst.Span<float>(), counts); break;
                    case DType.Float64: DivideFloat<double>(dst.Span<double>(), counts); break;
                    case DType.Int64: DivideFloor(dst.Span<long>(), counts); break;
                    default: DivideFloor(dst.Span<int>(), counts); break;
                }
                break;
        }
        return dst;
    }

    private static double Identity(ScatterReduction reduce, DType dtype) => reduce switch
    {
        ScatterReduction.Prod => 1,
        ScatterReduction.Amax => dtype == DType.Int32 ? int.MinValue : double.NegativeInfinity,
        ScatterReduction.Amin => dtype == DType.Int32 ? int.MaxValue : double.PositiveInfinity,
        _ => 0,
    };

    private static void DivideFloat<T>(Span<T> data, int[] counts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < data.Length; i++)
            if (counts[i] > 1) data[i] /= T.CreateChecked(counts[i]);
    }

    private static void DivideFloor(Span<long> data, int[] counts)
    {
        for (int i = 0; i < data.Length; i++)
            if (counts[i] > 1) data[i] = (long)Math.Floor((decimal)data[i] / counts[i]);
    }

    private static void DivideFloor(Span<int> data, int[] counts)
    {
        for (int i = 0; i < data.Length; i++)
            if (counts[i] > 1) data[i] = (int)Math.Floor((double)data[i] / counts[i]);
    }

    private static Tensor?[] Backward(Tensor g, Tensor x, int d, Tensor index, Tensor src, Tensor result, ScatterReduction reduce, bool includeSelf,
        bool differentiable)
    {
        DType dt = g.DType;
        Tensor Gth(Tensor t) => Gather.Forward(t, d, index);
        // the part of src the index reaches (src may be larger than the index)
        Tensor srcIn = src.Rank == 0 || src.Shape == index.Shape ? src
            : differentiable ? Leading(src, index.Shape) : src.View(index.Shape, src.StrideArray, src.Offset);
        // the reduction of x and src recomputed: raw for first order, recorded (this op) when differentiating again
        Tensor Reduce(Tensor self, Tensor source) => differentiable
            ? Forward(self, d, index, source, reduce, includeSelf)
            : Apply(self.CloneRaw(), d, IndexChecks.AtLeast1D(index), IndexChecks.AtLeast1D(source), reduce, includeSelf);
        Tensor one = Tensor.Scalar(1, dt);
        Tensor gx, gs;
        switch (reduce)
        {
            case ScatterReduction.Sum:
                gx = g;
                gs = Gth(g);
                break;
            case ScatterReduction.Mean:
            {
                Tensor n = includeSelf ? Tensor.OnesLike(g) : Tensor.ZerosLike(g);
                n = Scatter.Add(n, d, index, Tensor.OnesLike(srcIn));
                n = Where.Forward(n.ElementEquals(0), one, n);
                gx = Divide.Forward(g, n);
                gs = Divide.Forward(Gth(g), Gth(n));
                break;
            }
            case ScatterReduction.Prod:
            {
                Tensor maskedSelf = Where.Forward(x.ElementEquals(0), one, x);
                Tensor maskedSelfResult = Reduce(maskedSelf, src);
                gx = Divide.Forward(Multiply.Forward(g, maskedSelfResult), maskedSelf);
                Tensor srcZero = srcIn.ElementEquals(0);
                Tensor zerosPerTarget = Gth(Scatter.Add(Tensor.ZerosLike(x), d, index, srcZero.To(dt)));
                Tensor singleZero = Where.Forward(srcZero, zerosPerTarget.ElementEquals(1), Tensor.Scalar(0, DType.Bool));
                Tensor maskedSrc = Where.Forward(singleZero, one, srcIn);
                Tensor maskedSrcResult = Reduce(x, maskedSrc);
                gs = Where.Forward(singleZero,
                    Gth(Multiply.Forward(g, maskedSrcResult)),
                    Divide.Forward(Gth(Multiply.Forward(g, result)), Where.Forward(srcZero, one, srcIn)));
                break;
            }
            default:
            {
                Tensor value = Gth(result);
                Tensor selfIsResult = x.ElementEquals(result).To(dt);
                Tensor srcIsResult = srcIn.ElementEquals(value).To(dt);
                Tensor n = Scatter.Add(selfIsResult, d, index, srcIsResult);
                Tensor distributed = Divide.Forward(g, n);
                gx = Multiply.Forward(selfIsResult, distributed);
                gs = Multiply.Forward(srcIsResult, Gth(distributed));
                break;
            }
        }
        if (!includeSelf) gx = Scatter.AssignValue(gx, d, index, 0);
        return [gx, IndexChecks.PadTo(gs, src.Shape)];
    }

    /// <summary>The leading <paramref name="shape"/> block of <paramref name="t"/> (each dimension from 0), by differentiable narrows.</summary>
    private static Tensor Leading(Tensor t, Shape shape)
    {
        for (int k = 0; k < shape.Rank; k++)
            if (t.Shape.Dims[k] != shape.Dims[k]) t = Narrow.Forward(t, k, 0, shape.Dims[k]);
        return t;
    }
}
