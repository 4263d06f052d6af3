
namespace DeepNotes.Ops.Losses;

/// <summary>
/// Helpers of the losses composed from differentiable ops (as PyTorch composes them, so their gradients, including
/// those at the kinks and towards the targets, are PyTorch's and higher-order autodiff works through them).
/// </summary>
internal static class CompositeLoss
{
    /// <summary>Mean, Sum or the tensor itself (None), differentiably.</summary>
    public static Tensor Reduce(Tensor loss, LossReduction reduction) => reduction switch
    {
        LossReduction.Mean => loss.Mean(),
        LossReduction.Sum => loss.Sum(),
        _ => loss,
    };

    /// <summary>A floating-point tensor, non-null, of the <paramref name="dtype"/> when given.</summary>
    public static void CheckFloat(string op, string name, Tensor tensor, DType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (!tensor.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: {name} must be Float32 or Float64, got {tensor.DType}.", name);
        if (dtype is DType d && tensor.DType != d)
            throw new ArgumentException($"{op}: {name} must have dtype {d} like the first input, got {tensor.DType}.", name);
    }

    /// <summary>The broadcast shape of two shapes (NumPy rules), or an exception naming both.</summary>
    public static Shape Broadcast(string op, string nameA, Shape a, string nameB, Shape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int da = i <= a.Rank ? a.Dims[^i] : 1, db = i <= b.Rank ? b.Dims[^i] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: {nameA} {a} and {nameB} {b} cannot be broadcast together.");
            dims[rank - i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }

    /// <summary>
    /// x with the forward value max(x, lo) but the gradient of x everywhere (a clamp done under no-grad on a clone, as
    /// PyTorch's <c>gaussian_nll_loss</c> and <c>cosine_similarity</c> do).
    /// </summary>
    public static Tensor ClampMinStraightThrough(Tensor x, double lo)
    {
        Tensor d = x.Detach();
        Tensor shift;
        using (Autograd.NoGrad()) shift = d.Clamp(min: lo) - d;
        return x + shift;
    }
}
