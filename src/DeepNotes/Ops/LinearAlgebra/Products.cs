namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.mv</c>, <c>bmm</c>, <c>addmm</c>, <c>baddbmm</c>, <c>dot</c> and <c>vdot</c>: PyTorch's shape checks and
/// messages in front of the GEMM behind <see cref="MatMul"/>, so the gradients are MatMul's (dA = g·Bᵀ, dB = Aᵀ·g)
/// and, for addmm/baddbmm, β·g summed back to the input's shape and α times MatMul's.
/// </summary>
internal static class Products
{
    public static Tensor Mv(Tensor matrix, Tensor vector)
    {
        if (matrix.Rank != 2 || vector.Rank != 1)
            throw new ArgumentException($"Mv: vector + matrix @ vector expected, got 1, {matrix.Rank}, {vector.Rank} (shapes {matrix.Shape} and {vector.Shape}).");
        if (matrix.Shape[1] != vector.Shape[0])
            throw new ArgumentException($"Mv: size mismatch, got {matrix.Shape[0]}, {matrix.Shape[0]}x{matrix.Shape[1]},{vector.Shape[0]}.");
        return MatMul.Forward(matrix, vector);
    }

    public static Tensor Bmm(Tensor batch1, Tensor batch2, string op = "Bmm")
    {
        if (batch1.Rank != 3) throw new ArgumentException($"{op}: batch1 must be a 3D tensor, got shape {batch1.Shape}.");
        if (batch2.Rank != 3) throw new ArgumentException($"{op}: batch2 must be a 3D tensor, got shape {batch2.Shape}.");
        if (batch2.Shape[0] != batch1.Shape[0] || batch2.Shape[1] != batch1.Shape[2])
            throw new ArgumentException($"{op}: Expected size for first two dimensions of batch2 tensor to be: [{batch1.Shape[0]}, {batch1.Shape[2]}] but got: [{batch2.Shape[0]}, {batch2.Shape[1]}].");
        return MatMul.Forward(batch1, batch2);
    }

    public static Tensor Addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha)
    {
        if (mat1.Rank != 2) throw new ArgumentException($"Addmm: mat1 must be a matrix, got {mat1.Rank}-D tensor.");
        if (mat2.Rank != 2) throw new ArgumentException($"Addmm: mat2 must be a matrix, got {mat2.Rank}-D tensor.");
        if (mat1.Shape[1] != mat2.Shape[0])
            throw new ArgumentException($"Addmm: mat1 and mat2 shapes cannot be multiplied ({mat1.Shape[0]}x{mat1.Shape[1]} and {mat2.Shape[0]}x{mat2.Shape[1]}).");
        CheckExpandable("Addmm", input, new Shape(mat1.Shape[0], mat2.Shape[1]));
        return Combine(input, MatMul.Forward(mat1, mat2), beta, alpha);
    }

    public static Tensor Baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta, double alpha)
    {
        Tensor product = Bmm(batch1, batch2, "Baddbmm");
        CheckExpandable("Baddbmm", input, product.Shape);
        return Combine(input, product, beta, alpha);
    }

    public static Tensor Dot(Tensor a, Tensor b, string op)
    {
        if (a.Rank != 1 || b.Rank != 1)
            throw new ArgumentException($"{op}: 1D tensors expected, but got {a.Rank}D and {b.Rank}D tensors.");
        if (a.DType != b.DType)
            throw new ArgumentException($"{op}: expected both vectors to have same dtype, but found {a.DType} and {b.DType}.");
        if (a.Shape[0] != b.Shape[0])
            throw new ArgumentException($"{op}: inconsistent tensor size, expected tensor [{a.Shape[0]}] and src [{b.Shape[0]}] to have the same number of elements, but got {a.Shape[0]} and {b.Shape[0]} elements respectively.");
        return MatMul.Forward(a, b);
    }

    /// <summary>β·input + α·product; with β = 0 the input is ignored (NaN and ∞ in it do not propagate), as PyTorch.</summary>
    private static Tensor Combine(Tensor input, Tensor product, double beta, double alpha)
    {
        Tensor scaled = alpha == 1 ? product : product * alpha;
        if (beta == 0)
            return !input.RequiresGrad ? scaled // the input still gets a (zero) gradient, as PyTorch's β·g, without its values
                : scaled + Tensor.Where(Tensor.FromArray(new[] { false }, new Shape()), input, Tensor.Scalar(0, input.DType));
        Tensor.CheckSameDType("Addmm", input, product);
        return (beta == 1 ? input : input * beta) + scaled;
    }

    /// <summary>PyTorch's expand check of the input against the product's shape.</summary>
    private static void CheckExpandable(string op, Tensor input, Shape target)
    {
        if (input.Rank > target.Rank)
            throw new ArgumentException($"{op}: input of shape {input.Shape} cannot be expanded to {target}.");
        int lead = target.Rank - input.Rank;
        for (int i = input.Rank - 1; i >= 0; i--)
        {
            int have = input.Shape.Dims[i], want = target.Dims[lead + i];
            if (have != 1 && have != want)
                throw new ArgumentException($"{op}: The expanded size of the tensor ({want}) must match the existing size ({have}) at non-singleton dimension {lead + i}.  Target sizes: {target}.  Tensor sizes: {input.Shape}");
        }
    }
}
