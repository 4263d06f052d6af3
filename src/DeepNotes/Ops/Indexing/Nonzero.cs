using System.Runtime.CompilerServices;
namespace DeepNotes.Ops.Indexing;

/// <summary>
/// The coordinates of the non-zero (true, or NaN) elements in row-major order, like <c>torch.nonzero</c>: an Int32
/// <c>[n, rank]</c> tensor, or with <c>as_tuple</c> one 1-D <c>[n]</c> tensor per dimension (a 0-dim input counts as
/// 1-D there, as PyTorch). No gradient.
/// </summary>
internal static class Nonzero
{
    public static Tensor Forward(Tensor x)
    {
        int[] flat = Positions(x);
        int rank = x.Rank;
        var result = new int[flat.Length * rank];
        var dims = x.Shape;
        for (int i = 0; i < flat.Length; i++)
        {
            int rest = flat[i];
            for (int d = rank - 1; d >= 0; d--)
            {
                result[i * rank + d] = rest % dims.Dims[d];
                rest /= dims.Dims[d];
            }
        }
        return Tensor.FromArray(result, new Shape(flat.Length, rank));
    }

    public static Tensor[] AsTuple(Tensor x)
    {
        int[] flat = Positions(x);
        int rank = Math.Max(x.Rank, 1);
        var dims = x.Rank == 0 ? new Shape(1) : x.Shape;
        var columns = new int[rank][];
        for (int d = 0; d < rank; d++) columns[d] = new int[flat.Length];
        for (int i = 0; i < flat.Length; i++)
        {
            int rest = flat[i];
            for (int d = rank - 1; d >= 0; d--)
            {
                columns[d][i] = rest % dims.Dims[d];
                rest /= dims.Dims[d];
            }
        }
        return columns.Select(c => Tensor.FromArray(c)).ToArray();
    }

    /// <summary>Row-major positions of the non-zero elements.</summary>
    private static int[] Positions(Tensor x)
    {
        Tensor c = x.ContiguousRaw();
        return x.DType switch
        {
            DType.Float32 => Find<float>(c.Span<float>()),
            DType.Float64 => Find<double>(c.Span<double>()),
            DType.Int32 => Find<int>(c.Span<int>()),
            _ => Find<bool>(c.Span<bool>()),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Find<T>(ReadOnlySpan<T> data) where T : unmanaged, IEquatable<T>
    {
        int count = 0;
        foreach (T v in data) if (!v.Equals(default)) count++;
        var result = new int[count];
        int k = 0;
        for (int i = 0; i < data.Length; i++) if (!data[i].Equals(default)) result[k++] = i;
        return result;
    }
}
