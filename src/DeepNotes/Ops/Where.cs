namespace DeepNotes.Ops;

/// <summary>
/// Picks <c>a</c> where the Bool condition holds and <c>b</c> elsewhere, all three broadcast together.
/// Backward: g where the condition holds to a, g elsewhere to b, each summed over broadcast dimensions.
/// </summary>
internal static class Where
{
    public static Tensor Forward(Tensor condition, Tensor a, Tensor b)
    {
        var result = Compute(condition, a, b);
        if (!Tensor.NeedsGrad(a, b)) return result;
        Shape sa = a.Shape, sb = b.Shape;
        return Tensor.RecordDifferentiable(result, "WhereBackward", [a, b], g =>
        {
            var zero = Tensor.Zeros(Shape.Scalar, g.DType);
            return [Sum.ToShape(Forward(condition, g, zero), sa), Sum.ToShape(Forward(condition, zero, g), sb)];
        }, condition);
    }

    /// <summary>The selection without autograd.</summary>
    public static Tensor Compute(Tensor condition, Tensor a, Tensor b)
    {
        if (condition.DType != DType.Bool)
            throw new ArgumentException($"Where expects a Bool condition, got {condition.DType}; build it with a comparison such as Greater.");
        Tensor.CheckSameDType("Where", a, b);
        Shape shape = ElementwiseBinary.BroadcastShape("Where", ElementwiseBinary.BroadcastShape("Where", condition.Shape, a.Shape), b.Shape);
        var result = new Tensor(shape, a.DType);
        switch (a.DType)
        {
            case DType.Float32: Select<float>(condition, a, b, result); break;
            case DType.Float64: Select<double>(condition, a, b, result); break;
            case DType.Int32: Select<int>(condition, a, b, result); break;
            default: Select<bool>(condition, a, b, result); break;
        }
        return result;
    }

    private static void Select<T>(Tensor condition, Tensor a, Tensor b, Tensor result) where T : unmanaged
    {
        Shape shape = result.Shape;
        int n = shape.ElementCount;
        if (n == 0) return;
        var c = ElementwiseBinary.Materialize<bool>(condition, shape);
        var x = ElementwiseBinary.Materialize<T>(a, shape);
        var y = ElementwiseBinary.Materialize<T>(b, shape);
        var d = result.Span<T>();
        for (int i = 0; i < n; i++) d[i] = c[i] ? x[i] : y[i];
    }
}
