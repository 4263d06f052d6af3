using DeepNotes.Ops.Sorting;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// The most frequent value along one dimension and an index of it, as <c>torch.mode</c>: among equally frequent
/// values the smallest wins, and the index is that of its last occurrence. Backward: g to that index.
/// </summary>
internal static class Mode
{
    public static ValuesAndIndices Forward(Tensor x, int dim, bool keepDim)
    {
        x.CheckNumeric("Mode");
        int d = AxisRows.Dim("Mode", dim, x.Rank);
        return Sort.PickSorted("Mode", x, d, keepDim, Position, descending: false);
    }

    /// <summary>The sorted position of the last element of the first longest run of equal values (NaNs count as equal).</summary>
    private static int Position(int o, Tensor rows)
    {
        int n = rows.Shape.Dims[1];
        int best = 0, bestLength = 0, runLength = 0;
        double previous = 0;
        for (int i = 0; i < n; i++)
        {
            double v = rows.GetRaw(o * n + i);
            bool same = i > 0 && (v == previous || double.IsNaN(v) && double.IsNaN(previous));
            runLength = same ? runLength + 1 : 1;
            if (runLength > bestLength)
            {
                bestLength = runLength;
                best = i;
            }
            previous = v;
        }
        return best;
    }
}
