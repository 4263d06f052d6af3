using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with NumPy broadcasting: <c>[*, a] + [a] -> [*, a]</c>.</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast or the dtypes differ.</exception>
    public Tensor Add(Tensor other) => Ops.Add.Forward(this, other);

    /// <summary>Elementwise difference with broadcasting.</summary>
    /// <inheritdoc cref="Add(Tensor)" path="/exception"/>
    public Tensor Subtract(Tensor other) => Ops.Subtract.Forward(this, other);

    /// <summary>Elementwise product with broadcasting.</summary>
    /// <inheritdoc cref="Add(Tensor)" path="/exception"/>
    public Tensor Multiply(Tensor other) => Ops.Multiply.Forward(this, other);

    /// <summary>Elementwise quotient with broadcasting (floating point).</summary>
    /// <inheritdoc cref="Add(Tensor)" path="/exception"/>
    public Tensor Divide(Tensor other) => Ops.Divide.Forward(this, other);

    /// <summary>−x.</summary>
    public Tensor Neg() => Negate.Forward(this);

    /// <summary>Elementwise power with a tensor exponent (broadcast).</summary>
    public Tensor Pow(Tensor exponent) => Ops.Pow.Forward(this, exponent);

    /// <summary>Elementwise power with a scalar exponent.</summary>
    public Tensor Pow(double exponent) => Ops.Pow.Forward(this, TypePromotion.ScalarFor(this, exponent, integralScalar: false));

    /// <summary>eˣ elementwise.</summary>
    public Tensor Exp() => UnaryMath.Exp(this);

    /// <summary>Natural logarithm elementwise.</summary>
    public Tensor Log() => UnaryMath.Log(this);

    /// <summary>Square root elementwise.</summary>
    public Tensor Sqrt() => UnaryMath.Sqrt(this);

    /// <summary>Absolute value elementwise.</summary>
    public Tensor Abs() => Ops.Abs.Forward(this);

    /// <summary>Each element limited to [<paramref name="min"/>, <paramref name="max"/>]; either bound may be null.</summary>
    public Tensor Clamp(double? min = null, double? max = null) => Ops.Clamp.Forward(this, min, max);

    /// <summary>Elementwise maximum of two tensors with broadcasting; ties share the gradient.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => MaximumMinimum.Maximum(a, b);

    /// <summary>Elementwise minimum of two tensors with broadcasting; ties share the gradient.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => MaximumMinimum.Minimum(a, b);

    /// <summary>Picks <paramref name="a"/> where the Bool <paramref name="condition"/> holds, else <paramref name="b"/> (all broadcast).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Ops.Where.Forward(condition, a, b);

    /// <summary>Matrix product with <c>torch.matmul</c> semantics: 1-D, 2-D and batched N-D with broadcast batch dimensions.</summary>
    /// <exception cref="ArgumentException">The inner dimensions differ, e.g. <c>MatMul: shapes [2, 3] and [4, 5] cannot be multiplied</c>.</exception>
    public Tensor MatMul(Tensor other) => Ops.MatMul.Forward(this, other);

    /// <summary>Elementwise <c>this &gt; other</c> as a Bool tensor (broadcast).</summary>
    public Tensor Greater(Tensor other) => Comparison.Greater(this, other);

    /// <summary>Elementwise <c>this &gt; value</c>.</summary>
    public Tensor Greater(double value) => Comparison.Greater(this, TypePromotion.ScalarForComparison(this, value));

    /// <summary>Elementwise <c>this &gt;= other</c> as a Bool tensor (broadcast).</summary>
    public Tensor GreaterEqual(Tensor other) => Comparison.GreaterEqual(this, other);

    /// <summary>Elementwise <c>this &gt;= value</c>.</summary>
    public Tensor GreaterEqual(double value) => Comparison.GreaterEqual(this, TypePromotion.ScalarForComparison(this, value));

    /// <summary>Elementwise <c>this &lt; other</c> as a Bool tensor (broadcast).</summary>
    public Tensor Less(Tensor other) => Comparison.Less(this, other);

    /// <summary>Elementwise <c>this &lt; value</c>.</summary>
    public Tensor Less(double value) => Comparison.Less(this, TypePromotion.ScalarForComparison(this, value));

    /// <summary>Elementwise <c>this &lt;= other</c> as a Bool tensor (broadcast).</summary>
    public Tensor LessEqual(Tensor other) => Comparison.LessEqual(this, other);

    /// <summary>Elementwise <c>this &lt;= value</c>.</summary>
    public Tensor LessEqual(double value) => Comparison.LessEqual(this, TypePromotion.ScalarForComparison(this, value));

    /// <summary>Elementwise equality as a Bool tensor (broadcast).</summary>
    public Tensor ElementEquals(Tensor other) => Comparison.Equal(this, other);

    /// <summary>Elementwise <c>this == value</c>.</summary>
    public Tensor ElementEquals(double value) => Comparison.Equal(this, TypePromotion.ScalarForComparison(this, value));

    /// <summary>Elementwise inequality as a Bool tensor (broadcast).</summary>
    public Tensor ElementNotEquals(Tensor other) => Comparison.NotEqual(this, other);
}
