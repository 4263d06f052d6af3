using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(Tensor a, double b) => a.Add(TypePromotion.ScalarFor(a, b, integralScalar: false));

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(double a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: false).Add(b);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Subtract(b);

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor operator -(Tensor a, double b) => a.Subtract(TypePromotion.ScalarFor(a, b, integralScalar: false));

    /// <summary>Subtracts every element from a scalar.</summary>
    public static Tensor operator -(double a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: false).Subtract(b);

    /// <summary>Elementwise negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Multiply(b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => a.Multiply(TypePromotion.ScalarFor(a, b, integralScalar: false));

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: false).Multiply(b);

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Divide(b);

    /// <summary>Divides every element by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => a.Divide(TypePromotion.ScalarFor(a, b, integralScalar: false));

    /// <summary>Divides a scalar by every element.</summary>
    public static Tensor operator /(double a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: false).Divide(b);

    /// <summary>Adds an integer scalar to every element; an Int32 tensor stays Int32 (a Bool one becomes Int32), as in PyTorch.</summary>
    public static Tensor operator +(Tensor a, int b) => a.Add(TypePromotion.ScalarFor(a, b, integralScalar: true));

    /// <summary>Adds an integer scalar to every element; an Int32 tensor stays Int32.</summary>
    public static Tensor operator +(int a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: true).Add(b);

    /// <summary>Subtracts an integer scalar from every element; an Int32 tensor stays Int32.</summary>
    public static Tensor operator -(Tensor a, int b) => a.Subtract(TypePromotion.ScalarFor(a, b, integralScalar: true));

    /// <summary>Subtracts every element from an integer scalar; an Int32 tensor stays Int32.</summary>
    public static Tensor operator -(int a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: true).Subtract(b);

    /// <summary>Multiplies every element by an integer scalar; an Int32 tensor stays Int32 (a Bool one becomes Int32).</summary>
    public static Tensor operator *(Tensor a, int b) => a.Multiply(TypePromotion.ScalarFor(a, b, integralScalar: true));

    /// <summary>Multiplies every element by an integer scalar; an Int32 tensor stays Int32.</summary>
    public static Tensor operator *(int a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: true).Multiply(b);

    /// <summary>Divides every element by an integer scalar (true division: an Int32 tensor gives Float32, as <c>torch.div</c>).</summary>
    public static Tensor operator /(Tensor a, int b) => a.Divide(TypePromotion.ScalarFor(a, b, integralScalar: true));

    /// <summary>Divides an integer scalar by every element (true division).</summary>
    public static Tensor operator /(int a, Tensor b) => TypePromotion.ScalarFor(b, a, integralScalar: true).Divide(b);

    /// <summary>Elementwise logical and of Bool tensors, bitwise and of Int32 tensors (broadcast), as PyTorch's <c>&amp;</c>.</summary>
    public static Tensor operator &(Tensor a, Tensor b) => a.BitwiseAnd(b);

    /// <summary>Elementwise logical or of Bool tensors, bitwise or of Int32 tensors (broadcast), as PyTorch's <c>|</c>.</summary>
    public static Tensor operator |(Tensor a, Tensor b) => a.BitwiseOr(b);

    /// <summary>Elementwise exclusive or of Bool tensors, bitwise xor of Int32 tensors (broadcast), as PyTorch's <c>^</c>.</summary>
    public static Tensor operator ^(Tensor a, Tensor b) => a.BitwiseXor(b);

    /// <summary>Elementwise logical not of a Bool tensor, bitwise not of an Int32 tensor, as PyTorch's <c>~</c>.</summary>
    public static Tensor operator ~(Tensor a) => a.BitwiseNot();
}
