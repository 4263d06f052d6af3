using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Elementwise logical and (non-zero is true), broadcast, any dtypes: <c>broadcast(a, b)</c> Bool. No gradient.</summary>
    public Tensor LogicalAnd(Tensor other) => LogicalOps.And(this, other);

    /// <summary>Elementwise logical or (non-zero is true), broadcast, any dtypes; Bool result.</summary>
    public Tensor LogicalOr(Tensor other) => LogicalOps.Or(this, other);

    /// <summary>Elementwise logical exclusive or (non-zero is true), broadcast, any dtypes; Bool result.</summary>
    public Tensor LogicalXor(Tensor other) => LogicalOps.Xor(this, other);

    /// <summary>Elementwise logical not (true where zero), any dtype, <c>[*] -> [*]</c> Bool.</summary>
    public Tensor LogicalNot() => LogicalOps.Not(this);

    /// <summary>Bitwise and of Bool or Int32 tensors (logical on two Bool tensors; Bool with Int32 gives Int32), broadcast.</summary>
    /// <exception cref="ArgumentException">A floating-point operand.</exception>
    public Tensor BitwiseAnd(Tensor other) => LogicalOps.BitwiseAnd(this, other);

    /// <summary>Bitwise or of Bool or Int32 tensors, broadcast.</summary>
    /// <inheritdoc cref="BitwiseAnd(Tensor)" path="/exception"/>
    public Tensor BitwiseOr(Tensor other) => LogicalOps.BitwiseOr(this, other);

    /// <summary>Bitwise exclusive or of Bool or Int32 tensors, broadcast.</summary>
    /// <inheritdoc cref="BitwiseAnd(Tensor)" path="/exception"/>
    public Tensor BitwiseXor(Tensor other) => LogicalOps.BitwiseXor(this, other);

    /// <summary>Bitwise not: logical not of a Bool tensor, ~x of an Int32 tensor.</summary>
    /// <inheritdoc cref="BitwiseAnd(Tensor)" path="/exception"/>
    public Tensor BitwiseNot() => LogicalOps.BitwiseNot(this);

    /// <summary>True when <paramref name="other"/> has the same shape and equal elements (dtypes promoted; NaN ≠ NaN), as <c>torch.equal</c>.</summary>
    public bool Equal(Tensor other) => Closeness.Equal(this, other);

    /// <summary>
    /// Elementwise |this − other| ≤ atol + rtol·|other| (broadcast; equal infinities are close; NaN is close to NaN only
    /// with <paramref name="equalNan"/>), as <c>torch.isclose</c>. Bool result.
    /// </summary>
    /// <exception cref="ArgumentException">The dtypes differ or the shapes do not broadcast.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative tolerance.</exception>
    public Tensor Isclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false) =>
        Closeness.Isclose(this, other, rtol, atol, equalNan);

    /// <summary>True when <see cref="Isclose"/> holds everywhere, as <c>torch.allclose</c>.</summary>
    /// <inheritdoc cref="Isclose" path="/exception"/>
    public bool Allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false) =>
        Closeness.Allclose(this, other, rtol, atol, equalNan);

    /// <summary>True where the element is NaN, <c>[*] -> [*]</c> Bool (always false for Int32 and Bool).</summary>
    public Tensor IsNan() => FloatClassification.IsNan(this);

    /// <summary>True where the element is ±∞.</summary>
    public Tensor IsInf() => FloatClassification.IsInf(this);

    /// <summary>True where the element is neither NaN nor ±∞ (always true for Int32 and Bool).</summary>
    public Tensor IsFinite() => FloatClassification.IsFinite(this);

    /// <summary>True where the element is +∞.</summary>
    public Tensor IsPosInf() => FloatClassification.IsPosInf(this);

    /// <summary>True where the element is −∞.</summary>
    public Tensor IsNegInf() => FloatClassification.IsNegInf(this);

    /// <summary>True where the sign bit is set (−0.0 and negative NaN included; negative Int32 values).</summary>
    public Tensor Signbit() => FloatClassification.Signbit(this);
}
