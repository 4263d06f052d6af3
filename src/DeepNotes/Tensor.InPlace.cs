using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Sets every element to <paramref name="value"/> in place.</summary>
    /// <returns>This tensor.</returns>
    /// <exception cref="InvalidOperationException">The tensor requires grad while grad mode is on.</exception>
    public Tensor Fill(double value)
    {
        CheckInPlace("Fill");
        FillRaw(value);
        Storage.BumpVersion();
        return this;
    }

    /// <summary>Sets every element to zero in place.</summary>
    /// <inheritdoc cref="Fill" path="/returns"/>
    public Tensor Zero() => Fill(0);

    /// <summary>Copies <paramref name="source"/> (broadcast to this shape, same dtype) into this tensor in place.</summary>
    /// <returns>This tensor.</returns>
    /// <exception cref="ArgumentException">The dtypes differ or the source does not broadcast to this shape.</exception>
    /// <exception cref="InvalidOperationException">The tensor requires grad while grad mode is on.</exception>
    public Tensor CopyFrom(Tensor source)
    {
        CheckInPlace("CopyFrom");
        CheckSameDType("CopyFrom", this, source);
        if (ElementwiseBinary.BroadcastShape("CopyFrom", source.Shape, Shape) != Shape)
            throw new ArgumentException($"CopyFrom: a source of shape {source.Shape} does not broadcast to {Shape}.");
        Ops.Expand.Raw(source, Shape).CopyTo(this);
        Storage.BumpVersion();
        return this;
    }

    /// <summary>this += <paramref name="alpha"/> · <paramref name="other"/> in place (broadcast), as optimizers update parameters.</summary>
    /// <inheritdoc cref="CopyFrom" path="/exception"/>
    /// <returns>This tensor.</returns>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        CheckInPlace("AddInPlace");
        CheckSameDType("AddInPlace", this, other);
        using (Autograd.NoGrad())
        {
            Tensor scaled = alpha == 1 ? other : Ops.Multiply.Forward(other, Scalar(alpha, other.DType));
            Tensor sum = Ops.Add.Forward(this, scaled);
            if (sum.Shape != Shape)
                throw new ArgumentException($"AddInPlace: an operand of shape {other.Shape} does not broadcast to {Shape}.");
            sum.CopyTo(this);
        }
        Storage.BumpVersion();
        return this;
    }

    /// <summary>Multiplies every element by <paramref name="factor"/> in place.</summary>
    /// <returns>This tensor.</returns>
    public Tensor MultiplyInPlace(double factor)
    {
        CheckInPlace("MultiplyInPlace");
        if (DType.IsInteger() && factor != Math.Floor(factor))
            throw new ArgumentException($"MultiplyInPlace: an {DType} tensor cannot be multiplied in place by the non-integer {factor}; convert it with To(DType.Float32) first.");
        using (Autograd.NoGrad()) Ops.Multiply.Forward(this, Scalar(factor, DType)).CopyTo(this);
        Storage.BumpVersion();
        return this;
    }

    private void CheckInPlace(string op)
    {
        if (RequiresGrad && Autograd.IsGradEnabled)
            throw new InvalidOperationException(
                $"{op}: an in-place change to a tensor that requires grad would not be recorded; run it inside Autograd.NoGrad() (as optimizers do) or work on a Detach()ed copy.");
    }
}
