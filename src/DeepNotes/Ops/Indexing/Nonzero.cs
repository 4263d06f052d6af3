using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        Tensor c = x.ContiguousRaw();
        int rank = x.Rank;
        int[] result = x.DType switch
        {
            DType.Float32 => Coordinates<float>(c.Span<float>(), x.Shape.ToArray()),
            DType.Float64 => Coordinates<double>(c.Span<double>(), x.Shape.ToArray()),
            DType.Int32 => Coordinates<int>(c.Span<int>(), x.Shape.ToArray()),
            DType.Int64 => Coordinates<long>(c.Span<long>(), x.Shape.ToArray()),
            _ => Coordinates<bool>(c.Span<bool>(), x.Shape.ToArray()),
        };
        int n = rank == 0 ? (x.ElementCount == 1 && !c.GetRaw(0).Equals(0.0) ? 1 : 0) : result.Length / rank;
        return Tensor.FromArray(result, new Shape(n, rank));
    }

    /// <summary>The coordinates of the non-zero elements, row after row, walked with an odometer (no divisions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Coordinates<T>(ReadOnlySpan<T> data, int[] dims) where T : unmanaged, IEquatable<T>
    {
        int rank = dims.Length;
        int count = CountNonzero(data);
        var result = new int[count * rank];
        if (count == 0 || rank == 0) return result;
        var coords = new int[rank];
        int last = dims[rank - 1], k = 0;
        for (int i = 0; i < data.Length; i += last)
        {
            ReadOnlySpan<T> row = data.Slice(i, last);
            for (int j = 0; j < last; j++)
            {
                if (row[j].Equals(default)) continue;
                coords[rank - 1] = j;
                coords.AsSpan().CopyTo(result.AsSpan(k, rank));
                k += rank;
            }
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++coords[d] < dims[d]) break;
                coords[d] = 0;
            }
        }
        return result;
    }

    private static int CountNonzero<T>(ReadOnlySpan<T> data) where T : unmanaged, IEquatable<T>
    {
        if (typeof(T) == typeof(bool))
            return data.Length - MemoryMarshal.Cast<T, byte>(data).Count((byte)0);   // vectorised count of false bytes
        int count = 0;
        foreach (T v in data) if (!v.Equals(default)) count++;
        return count;
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
            DType.Int64 => Find<long>(c.Span<long>()),
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
