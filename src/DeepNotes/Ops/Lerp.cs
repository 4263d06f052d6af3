using System.Numerics;
using static DeepNotes.Ops.FloatUnary;

namespace DeepNotes.Ops;

/// <summary>
/// Linear interpolation start + w·(end − start), all three broadcast, computed as PyTorch does for accuracy at both
/// ends (w &lt; ½: start + w·(end − start); else end − (end − start)·(1 − w)). Backward: g·(1 − w) to start, g·w to end,
/// g·(end − start) to a tensor weight.
/// </summary>
internal static class Lerp
{
    public static Tensor Forward(Tensor start, Tensor end, Tensor weight)
    {
        const string op = "Lerp";
        start.CheckFloatingPoint(op);
        Tensor.CheckSameDType(op, start, end);
        if (weight.DType != start.DType)
            throw new ArgumentException($"{op}: the weight must have the dtype of start and end ({start.DType}), got {weight.DType}.");
        Shape shape = ElementwiseBinary.BroadcastShape(op, ElementwiseBinary.BroadcastShape(op, start.Shape, end.Shape), weight.Shape);
        var result = new Tensor(shape, start.DType);
        if (start.DType == DType.Float32) Run<float>(start, end, weight, result);
        else Run<double>(start, end, weight, result);
        return Tensor.RecordDifferentiable(result, "LerpBackward", [start, end, weight], g =>
        [
            start.RequiresGrad ? Sum.ToShape(Mul(g, Subtract.Forward(C(1, weight), weight)), start.Shape) : null,
            end.RequiresGrad ? Sum.ToShape(Mul(g, weight), end.Shape) : null,
            weight.RequiresGrad ? Sum.ToShape(Mul(g, Subtract.Forward(end, start)), weight.Shape) : null,
        ], start, end, weight);
    }

    private static void Run<T>(Tensor start, Tensor end, Tensor weight, Tensor result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shape shape = result.Shape;
        if (shape.ElementCount == 0) return;
        var s = ElementwiseBinary.Materialize<T>(start, shape);
        var e = ElementwiseBinary.Materialize<T>(end, shape);
        var d = result.Span<T>();
        T half = T.CreateChecked(0.5);
        if (weight.ElementCount == 1)
        {
            T w = weight.Data<T>()[weight.Offset];
            T w1 = T.One - w;
            if (T.Abs(w) < half) for (int i = 0; i < d.Length; i++) d[i] = s[i] + w * (e[i] - s[i]);
            else for (int i = 0; i < d.Length; i++) d[i] = e[i] - (e[i] - s[i]) * w1;
            return;
        }
        var ws = ElementwiseBinary.Materialize<T>(weight, shape);
        for (int i = 0; i < d.Length; i++)
        {
            T w = ws[i];
            d[i] = T.Abs(w) < half ? s[i] + w * (e[i] - s[i]) : e[i] - (e[i] - s[i]) * (T.One - w);
        }
    }
}
