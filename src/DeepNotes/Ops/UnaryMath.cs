using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>Exp, Log and Sqrt, each with its backward expressed through its own output or input (Int32 and Bool inputs give Float32, as PyTorch).</summary>
internal static class UnaryMath
{
    /// <summary>eˣ. Backward: g ⊙ eˣ (the saved output).</summary>
    public static Tensor Exp(Tensor x)
    {
        var result = FloatUnary.Map("Exp", x, TensorPrimitives.Exp, TensorPrimitives.Exp);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "ExpBackward", [x], g =>
        {
            Tensor output = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Multiply.Forward(g, output)];
        }, saved);
    }

    /// <summary>Natural logarithm. Backward: g / x.</summary>
    public static Tensor Log(Tensor x)
    {
        var result = FloatUnary.Map("Log", x, TensorPrimitives.Log, TensorPrimitives.Log);
        return Tensor.RecordDifferentiable(result, "LogBackward", [x], g => [Divide.Forward(g, x)], x);
    }

    /// <summary>√x. Backward: g / (2√x).</summary>
    public static Tensor Sqrt(Tensor x)
    {
        var result = FloatUnary.Map("Sqrt", x, TensorPrimitives.Sqrt, TensorPrimitives.Sqrt);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "SqrtBackward", [x], g =>
        {
            Tensor output = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Divide.Forward(g, Multiply.Forward(output, Tensor.Scalar(2, output.DType)))];
        }, saved);
    }
}
