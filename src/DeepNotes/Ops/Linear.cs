using System.Numerics;
using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// The affine map y = x·Wᵀ + b of a dense layer, <c>[*, in] -> [*, out]</c> with W stored <c>[out, in]</c> like
/// PyTorch's <c>F.linear</c>. Forward is one GEMM with W as a transposed operand and the bias added in the GEMM
/// epilogue; backward is dX = g·W (NN), dW = gᵀ·X (TN) and db = the column sums of g, each written directly, so no
/// transpose or broadcast is ever materialised.
/// </summary>
internal static class Linear
{
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias)
    {
        Check(x, weight, bias);
        return ForwardChecked(x, weight, bias);
    }

    /// <summary>
    /// The map without the argument checks, for a caller that already guarantees them (a floating-point
    /// <paramref name="x"/> of the weight's dtype with last dimension in, weight <c>[out, in]</c>, bias <c>[out]</c>).
    /// </summary>
    public static Tensor ForwardChecked(Tensor x, Tensor weight, Tensor? bias)
    {
        int inF = weight.Shape[1], outF = weight.Shape[0];
        int m = 1;
        foreach (int d in x.Shape.Dims[..^1]) m *= d;
        Tensor xc = x.ContiguousRaw(), wc = weight.ContiguousRaw();
        Tensor? bc = bias?.ContiguousRaw();
        var outShape = new Shape([.. x.Shape.Dims[..^1], outF]);
        var y = new Tensor(outShape, x.DType);
        if (x.DType == DType.Float32) Forward<float>(xc, wc, bc, y, m, outF, inF);
        else Forward<double>(xc, wc, bc, y, m, outF, inF);

        if (!Tensor.NeedsGrad(bias is null ? [x, weight] : [x, weight, bias])) return y;
        bool needX = x.RequiresGrad, needW = weight.RequiresGrad, needB = bias?.RequiresGrad == true;
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Tensor.RecordDifferentiable(y, "AddmmBackward", inputs, g =>
        {
            if (Autograd.IsCreatingGraph) return DifferentiableBackward(g, x, weight, bias, needX, needW, needB);
            Tensor gc = g.ContiguousRaw();
            Tensor? gx = needX ? new Tensor(x.Shape, x.DType) : null;
            Tensor? gw = needW ? new Tensor(weight.Shape, weight.DType) : null;
            Tensor? gb = needB ? new Tensor(bias!.Shape, bias.DType) : null;
            if (x.DType == DType.Float32) Backward<float>(gc, xc, wc, gx, gw, gb, m, outF, inF);
            else Backward<double>(gc, xc, wc, gx, gw, gb, m, outF, inF);
            return bias is null ? [gx, gw] : [gx, gw, gb];
        }, x, weight);
    }

    /// <summary>The same gradients as differentiable ops (for createGraph): dX = g·W, dW = gᵀ·X over the flattened rows, db = Σ g.</summary>
    private static Tensor?[] DifferentiableBackward(Tensor g, Tensor x, Tensor weight, Tensor? bias, bool needX, bool needW, bool needB)
    {
        int outF = weight.Shape[0], inF = weight.Shape[1];
        Tensor g2 = Reshape.Forward(g, new Shape(outF == 0 ? x.ElementCount / Math.Max(inF, 1) : g.ElementCount / outF, outF));
        Tensor? gx = needX ? MatMul.Forward(g, weight) : null;
        Tensor? gw = needW ? MatMul.Forward(Permute.Transpose(g2, 0, 1), Reshape.Forward(x, new Shape(g2.Shape[0], inF))) : null;
        Tensor? gb = needB ? Sum.Forward(g2, [0], keepDim: false) : null;
        return bias is null ? [gx, gw] : [gx, gw, gb];
    }

    private static void Forward<T>(Tensor x, Tensor w, Tensor? b, Tensor y, int m, int outF, int inF)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.ElementCount == 0) return;
        ReadOnlySpan<T> bias = b is null ? ReadOnlySpan<T>.Empty : b.Span<T>()[..outF];
        Gemm.Multiply(false, true, m, outF, inF, T.One, x.Span<T>(), Math.Max(inF, 1), w.Span<T>(), Math.Max(inF, 1),
            T.Zero, y.Span<T>(), outF, bias, relu: false);
    }

    private static void Backward<T>(Tensor g, Tensor x, Tensor w, Tensor? gx, Tensor? gw, Tensor? gb, int m, int outF, int inF)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> gs = g.Span<T>();
        int ld = Math.Max(inF, 1);
        if (gx is not null && gx.ElementCount > 0) // [m, in] = g[m, out] · W[out, in]
            Gemm.Multiply(false, false, m, inF, outF, T.One, gs, Math.Max(outF, 1), w.Span<T>(), ld, T.Zero, gx.Span<T>(), ld);
        if (gw is not null && gw.ElementCount > 0) // [out, in] = gᵀ[out, m] · X[m, in]
            Gemm.Multiply(true, false, outF, inF, m, T.One, gs, Math.Max(outF, 1), x.Span<T>(), ld, T.Zero, gw.Span<T>(), ld);
        if (gb is not null)
        {
            Span<T> acc = gb.Span<T>()[..outF];
            for (int r = 0; r < m; r++) TensorPrimitives.Add(acc, gs.Slice(r * outF, outF), acc);
        }
    }

    private static void Check(Tensor x, Tensor weight, Tensor? bias)
    {
        x.CheckFloatingPoint("Linear");
        Tensor.CheckSameDType("Linear", x, weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear: weight must be [out, in], got {weight.Shape}.", nameof(weight));
        if (x.Rank == 0 || x.Shape[-1] != weight.Shape[1])
            throw new ArgumentException($"Linear: input [*, {weight.Shape[1]}] expected for weight {weight.Shape}, got {x.Shape}.", nameof(x));
        if (bias is not null)
        {
            Tensor.CheckSameDType("Linear", x, bias);
            if (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0])
                throw new ArgumentException($"Linear: bias [{weight.Shape[0]}] expected for weight {weight.Shape}, got {bias.Shape}.", nameof(bias));
        }
    }
}
