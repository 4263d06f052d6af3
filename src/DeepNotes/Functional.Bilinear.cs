namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// The bilinear map y_o = x₁ᵀ·W_o·x₂ + b_o, like <c>F.bilinear</c>: <c>[*, in1]</c> and <c>[*, in2]</c> (same leading
    /// dimensions) with <paramref name="weight"/> <c>[out, in1, in2]</c> and optional <paramref name="bias"/> <c>[out]</c>
    /// give <c>[*, out]</c>. Computed as one GEMM x₁·W′ with W′ = W permuted to <c>[in1, out·in2]</c>, then a product with
    /// x₂ summed over in2; all differentiable, so the gradients of both inputs, the weight and the bias flow.
    /// </summary>
    /// <param name="input1">The first input <c>[*, in1]</c>, Float32 or Float64.</param>
    /// <param name="input2">The second input <c>[*, in2]</c>, the same dtype and leading dimensions.</param>
    /// <param name="weight">The weight <c>[out, in1, in2]</c>.</param>
    /// <param name="bias">The bias <c>[out]</c>, or null.</param>
    /// <returns>A new tensor <c>[*, out]</c>.</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes do not fit together; the message names them.</exception>
    public static Tensor Bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input1);
        ArgumentNullException.ThrowIfNull(input2);
        ArgumentNullException.ThrowIfNull(weight);
        input1.CheckFloatingPoint("Bilinear");
        if (weight.Rank != 3)
            throw new ArgumentException($"Bilinear: weight must be [out, in1, in2], got {weight.Shape}.", nameof(weight));
        int outF = weight.Shape[0], in1 = weight.Shape[1], in2 = weight.Shape[2];
        if (input1.DType != input2.DType || input1.DType != weight.DType || (bias is not null && bias.DType != weight.DType))
            throw new ArgumentException(
                $"Bilinear: dtypes must match, got input1 {input1.DType}, input2 {input2.DType}, weight {weight.DType}{(bias is null ? "" : $", bias {bias.DType}")}.");
        if (input1.Rank == 0 || input1.Shape[-1] != in1 || input2.Rank == 0 || input2.Shape[-1] != in2)
            throw new ArgumentException(
                $"Bilinear({in1}, {in2} -> {outF}) expects inputs [*, {in1}] and [*, {in2}], got {input1.Shape} and {input2.Shape}.");
        if (!input1.Shape.Dims[..^1].SequenceEqual(input2.Shape.Dims[..^1]))
            throw new ArgumentException($"Bilinear: the inputs' leading dimensions must match, got {input1.Shape} and {input2.Shape}.");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outF))
            throw new ArgumentException($"Bilinear: bias must be [{outF}], got {bias.Shape}.", nameof(bias));

        int[] lead = input1.Shape.Dims[..^1].ToArray();
        int rows = 1;
        foreach (int d in lead) rows *= d;
        var x1 = input1.Reshape(rows, in1);
        var x2 = input2.Reshape(rows, in2);
        var mixed = x1.MatMul(weight.Permute(1, 0, 2).Reshape(in1, outF * in2)).Reshape(rows, outF, in2);  // [rows, out, in2]
        var y = (mixed * x2.Unsqueeze(1)).Sum(-1);                                                        // [rows, out]
        if (bias is not null) y = y + bias;
        return y.Reshape([.. lead, outF]);
    }
}
