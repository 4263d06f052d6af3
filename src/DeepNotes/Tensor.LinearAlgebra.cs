using DeepNotes.Ops.LinearAlgebra;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Matrix–vector product, like <c>torch.mv</c>: <c>[n, m]·[m] -> [n]</c>. Backward as <see cref="MatMul"/>.</summary>
    /// <exception cref="ArgumentException">This is not 2-D, <paramref name="vector"/> not 1-D, or the sizes differ.</exception>
    public Tensor Mv(Tensor vector) => Products.Mv(this, vector);

    /// <summary>Batched matrix product of two 3-D tensors, like <c>torch.bmm</c>: <c>[b, n, m]·[b, m, p] -> [b, n, p]</c> (no broadcasting).</summary>
    /// <exception cref="ArgumentException">An operand is not 3-D, or the batch or inner sizes differ.</exception>
    public Tensor Bmm(Tensor other) => Products.Bmm(this, other);

    /// <summary>
    /// β·this + α·(mat1·mat2), like <c>torch.addmm</c>: mat1 <c>[n, m]</c>, mat2 <c>[m, p]</c>, this broadcastable to
    /// <c>[n, p]</c>; with β = 0 this is ignored (NaN in it does not propagate).
    /// </summary>
    /// <exception cref="ArgumentException">mat1 or mat2 is not 2-D, their sizes do not fit, or this does not broadcast to <c>[n, p]</c>.</exception>
    public Tensor Addmm(Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) => Products.Addmm(this, mat1, mat2, beta, alpha);

    /// <summary>
    /// β·this + α·(batch1·batch2), like <c>torch.baddbmm</c>: batch1 <c>[b, n, m]</c>, batch2 <c>[b, m, p]</c>, this
    /// broadcastable to <c>[b, n, p]</c>.
    /// </summary>
    /// <inheritdoc cref="Bmm" path="/exception"/>
    public Tensor Baddbmm(Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1) => Products.Baddbmm(this, batch1, batch2, beta, alpha);

    /// <summary>Inner product of two 1-D tensors of equal length, like <c>torch.dot</c>: <c>[n]·[n] -> []</c>.</summary>
    /// <exception cref="ArgumentException">An operand is not 1-D, the lengths differ, or the dtypes differ.</exception>
    public Tensor Dot(Tensor other) => Products.Dot(this, other, "Dot");

    /// <summary>Inner product conjugating the first operand, like <c>torch.vdot</c>; for real tensors the same as <see cref="Dot"/>.</summary>
    /// <inheritdoc cref="Dot" path="/exception"/>
    public Tensor Vdot(Tensor other) => Products.Dot(this, other, "Vdot");
}
