namespace DeepNotes.Ops;

/// <summary>
/// Broadcast views over several inputs: <c>BroadcastTo</c> (<c>torch.broadcast_to</c>), <c>Meshgrid</c>
/// (<c>torch.meshgrid</c>, indexing "ij" or "xy") and <c>CartesianProd</c> (<c>torch.cartesian_prod</c>). All are built
/// from Reshape, Expand and Stack, whose backward rules give the gradients (sums over the broadcast axes).
/// </summary>
internal static class Grids
{
    public static Tensor BroadcastTo(Tensor x, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < x.Rank)
            throw new ArgumentException($"BroadcastTo: shape {x.Shape} cannot be broadcast to [{string.Join(", ", shape)}], which has fewer dimensions.");
        return Expand.Forward(x, shape);
    }

    public static Tensor[] Meshgrid(IReadOnlyList<Tensor> tensors, string indexing)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (indexing != "ij" && indexing != "xy")
            throw new ArgumentException($"Meshgrid: indexing must be \"ij\" or \"xy\", got \"{indexing}\".");
        int n = tensors.Count;
        if (n == 0) throw new ArgumentException("Meshgrid expects at least one tensor.");
        for (int i = 0; i < n; i++)
        {
            if (tensors[i].Rank > 1)
                throw new ArgumentException($"Meshgrid expects 0-D or 1-D tensors, tensor {i} has shape {tensors[i].Shape}.");
            if (tensors[i].DType != tensors[0].DType)
                throw new ArgumentException($"Meshgrid expects tensors of one dtype, tensor 0 is {tensors[0].DType} and tensor {i} is {tensors[i].DType}.");
        }
        bool swap = indexing == "xy" && n >= 2;
        // position in the output of tensor i's axis
        int Position(int i) => swap && i < 2 ? 1 - i : i;
        var full = new int[n];
        for (int i = 0; i < n; i++) full[Position(i)] = tensors[i].ElementCount;
        var result = new Tensor[n];
        for (int i = 0; i < n; i++)
        {
            var dims = Enumerable.Repeat(1, n).ToArray();
            dims[Position(i)] = tensors[i].ElementCount;
            result[i] = Expand.Forward(Reshape.Forward(tensors[i], dims), full);
        }
        return result;
    }

    public static Tensor CartesianProd(IReadOnlyList<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("CartesianProd expects at least one tensor.");
        for (int i = 0; i < tensors.Count; i++)
            if (tensors[i].Rank != 1)
                throw new ArgumentException($"CartesianProd expects 1-D tensors, tensor {i} has shape {tensors[i].Shape}.");
        if (tensors.Count == 1) return tensors[0];
        Tensor[] grids = Meshgrid(tensors, "ij");
        return Concat.Stack(grids.Select(g => Reshape.Forward(g, [-1])).ToArray(), 1);
    }
}
