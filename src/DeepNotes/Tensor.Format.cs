using System.Globalization;
using System.Text;

namespace DeepNotes;

public sealed partial class Tensor
{
    private const int SummarizeThreshold = 1000; // like PyTorch: larger tensors show 3 items at each edge
    private const int EdgeItems = 3;

    /// <summary>
    /// Formats like PyTorch, with the shape and dtype appended:
    /// <c>tensor([[1.0000, 2.5000], [3.0000, 4.0000]], shape=[2, 2], dtype=Float32)</c> (rows on separate lines).
    /// Tensors of more than 1000 elements show their first and last three entries per dimension around "...".
    /// </summary>
    public override string ToString()
    {
        bool summarize = ElementCount > SummarizeThreshold;
        var values = VisibleValues(summarize);
        Func<double, string> format = ElementFormatter(values);
        // Like PyTorch, the column width comes from the finite entries: nan/inf never widen the others.
        int width = values.Where(double.IsFinite).Select(v => format(v).Length).DefaultIfEmpty(0).Max();
        var sb = new StringBuilder("tensor(");
        if (ElementCount == 0 && Rank > 0) sb.Append("[]");
        else AppendDim(sb, 0, 0, indent: 7, summarize, i => FormatAt(i, format).PadLeft(width));
        sb.Append(", shape=").Append(Shape).Append(", dtype=").Append(DType);
        if (GradFn is not null) sb.Append(", gradFn=<").Append(GradFn.Name).Append('>');
        else if (RequiresGrad) sb.Append(", requiresGrad=True");
        return sb.Append(')').ToString();
    }

    /// <summary>The element at <paramref name="flatIndex"/> formatted; Int64 exactly, even beyond 2^53.</summary>
    private string FormatAt(int flatIndex, Func<double, string> format) => DType == DType.Int64
        ? Data<long>()[StorageIndex(flatIndex)].ToString(CultureInfo.InvariantCulture)
        : format(GetRaw(flatIndex));

    private void AppendDim(StringBuilder sb, int dim, int flatBase, int indent, bool summarize, Func<int, string> format)
    {
        if (dim == Rank)
        {
            sb.Append(format(flatBase));
            return;
        }
        int size = Shape.Dims[dim];
        int block = 1;
        for (int d = dim + 1; d < Rank; d++) block *= Shape.Dims[d];
        string separator = dim == Rank - 1 ? ", " : "," + new string('\n', Rank - dim - 1) + new string(' ', indent + 1);
        sb.Append('[');
        bool elide = summarize && size > 2 * EdgeItems;
        for (int i = 0; i < size; i++)
        {
            if (elide && i == EdgeItems)
            {
                // PyTorch writes " ..." among the numbers of the last dimension and "..." on its own row above it.
                sb.Append(dim == Rank - 1 ? " ..." : "...").Append(separator);
                i = size - EdgeItems;
            }
            AppendDim(sb, dim + 1, flatBase + i * block, indent + 1, summarize, format);
            if (i < size - 1) sb.Append(separator);
        }
        sb.Append(']');
    }

    private List<double> VisibleValues(bool summarize)
    {
        var values = new List<double>();
        if (ElementCount == 0) return values;
        if (!summarize)
        {
            for (int i = 0; i < ElementCount; i++) values.Add(GetRaw(i));
            return values;
        }
        CollectVisible(0, 0, values);
        return values;
    }

    private void CollectVisible(int dim, int flatBase, List<double> values)
    {
        if (dim == Rank)
        {
            values.Add(GetRaw(flatBase));
            return;
        }
        int size = Shape.Dims[dim], block = 1;
        for (int d = dim + 1; d < Rank; d++) block *= Shape.Dims[d];
        for (int i = 0; i < size; i++)
        {
            if (size > 2 * EdgeItems && i == EdgeItems) i = size - EdgeItems;
            CollectVisible(dim + 1, flatBase + i * block, values);
        }
    }

    /// <summary>PyTorch's choice: integers as "1.", moderate magnitudes fixed with 4 decimals, else scientific.</summary>
    private Func<double, string> ElementFormatter(List<double> values)
    {
        var inv = CultureInfo.InvariantCulture;
        if (DType == DType.Bool) return v => v != 0 ? "True" : "False";
        if (DType == DType.Int32) return v => ((int)v).ToString(inv);
        if (DType == DType.Int64) return v => ((long)v).ToString(inv);
        var finite = values.Where(double.IsFinite).Select(Math.Abs).ToList();
        static string Special(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        if (finite.Count == 0) return v => double.IsFinite(v) ? v.ToString("0.", inv) : Special(v);
        double max = finite.Max(), minNonZero = finite.Where(v => v > 0).DefaultIfEmpty(0).Min();
        bool wideRange = max > 1e8 || (minNonZero > 0 && max / minNonZero > 1000);
        if (finite.All(v => v == Math.Floor(v)) && !wideRange)
            return v => double.IsFinite(v) ? v.ToString("0", inv) + "." : Special(v);
        bool scientific = wideRange || (minNonZero > 0 && minNonZero < 1e-4);
        if (scientific) return v => double.IsFinite(v) ? v.ToString("0.0000e+00", inv) : Special(v);
        return v => double.IsFinite(v) ? v.ToString("0.0000", inv) : Special(v);
    }
}
