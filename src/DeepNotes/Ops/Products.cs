namespace DeepNotes.Ops;

/// <summary>
/// Structured products composed of differentiable views and elementwise products: <c>Outer</c> (<c>torch.outer</c>),
/// <c>Kron</c> (<c>torch.kron</c>) and <c>Cross</c> (<c>torch.linalg.cross</c>). Their gradients come from the
/// composed ops (Unsqueeze/Reshape/Narrow/Expand, Multiply, Subtract, Concat).
/// </summary>
internal static class Products
{
    public static Tensor Outer(Tensor a, Tensor b)
    {
        if (a.Rank != 1 || b.Rank != 1)
            throw new ArgumentException($"Outer expects two 1-D tensors, got shapes {a.Shape} and {b.Shape}.");
        Tensor.CheckSameDType("Outer", a, b);
        return Multiply.Forward(Squeeze.Unsqueeze(a, 1), Squeeze.Unsqueeze(b, 0));
    }

    public static Tensor Kron(Tensor a, Tensor b)
    {
        Tensor.CheckSameDType("Kron", a, b);
        int r = Math.Max(a.Rank, b.Rank);
        int[] da = Padded(a.Shape, r), db = Padded(b.Shape, r);
        var sa = new int[2 * r];
        var sb = new int[2 * r];
        var result = new int[r];
        for (int i = 0; i < r; i++)
        {
            sa[2 * i] = da[i]; sa[2 * i + 1] = 1;
            sb[2 * i] = 1; sb[2 * i + 1] = db[i];
            result[i] = da[i] * db[i];
        }
        Tensor product = Multiply.Forward(Reshape.Forward(a, sa), Reshape.Forward(b, sb));
        return Reshape.Forward(product, result);
    }

    public static Tensor Cross(Tensor a, Tensor b, int dim)
    {
        Tensor.CheckSameDType("Cross", a, b);
        if (a.Rank != b.Rank)
            throw new ArgumentException($"Cross: the inputs must have the same number of dimensions, got shapes {a.Shape} and {b.Shape}.");
        if (a.Rank == 0) throw new ArgumentException("Cross expects tensors of at least 1 dimension, got 0-dim tensors.");
        var shape = new int[a.Rank];
        for (int i = 0; i < a.Rank; i++)
        {
            int x = a.Shape.Dims[i], y = b.Shape.Dims[i];
            if (x != y && x != 1 && y != 1)
                throw new ArgumentException($"Cross: shapes {a.Shape} and {b.Shape} cannot be broadcast together (dimension {i}: {x} vs {y}).");
            shape[i] = x == 1 ? y : x;
        }
        int d = Permute.Axis("Cross", dim, a.Rank);
        if (a.Shape.Dims[d] != 3 || b.Shape.Dims[d] != 3)
            throw new ArgumentException($"Cross: dimension {dim} must have length 3 in both inputs, got {a.Shape.Dims[d]} and {b.Shape.Dims[d]} (shapes {a.Shape} and {b.Shape}).");
        a = Expand.Forward(a, shape);
        b = Expand.Forward(b, shape);
        Tensor A(int i) => Narrow.Forward(a, d, i, 1);
        Tensor B(int i) => Narrow.Forward(b, d, i, 1);
        Tensor c0 = Subtract.Forward(Multiply.Forward(A(1), B(2)), Multiply.Forward(A(2), B(1)));
        Tensor c1 = Subtract.Forward(Multiply.Forward(A(2), B(0)), Multiply.Forward(A(0), B(2)));
        Tensor c2 = Subtract.Forward(Multiply.Forward(A(0), B(1)), Multiply.Forward(A(1), B(0)));
        return Concat.Forward([c0, c1, c2], d);
    }

    private static int[] Padded(Shape s, int rank)
    {
        var dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = i < rank - s.Rank ? 1 : s.Dims[i - (rank - s.Rank)];
        return dims;
    }
}
