namespace DeepNotes.Metrics;

/// <summary>
/// Bounding-box utilities for detection, like <c>torchvision.ops</c>: pairwise intersection over union and greedy
/// non-maximum suppression. Boxes are rows (x1, y1, x2, y2) with x1 ≤ x2 and y1 ≤ y2.
/// </summary>
/// <remarks>
/// A box with x2 ≤ x1 or y2 ≤ y1 has zero area (an inverted box counts as empty); the IoU of two boxes whose union
/// has zero area is 0, never NaN (torchvision returns NaN for two empty boxes). NaN coordinates or scores are rejected.
/// Arithmetic is done in double; results are returned in the input dtype.
/// </remarks>
public static class Boxes
{
    /// <summary>Pairwise intersection over union, like <c>torchvision.ops.box_iou</c>.</summary>
    /// <param name="boxesA">Boxes <c>[N, 4]</c> Float32/Float64 as (x1, y1, x2, y2).</param>
    /// <param name="boxesB">Boxes <c>[M, 4]</c> of the same dtype.</param>
    /// <returns><c>[N, M]</c> with element (i, j) = IoU(boxesA[i], boxesB[j]) in [0, 1].</returns>
    /// <exception cref="ArgumentException">Not <c>[*, 4]</c>, not floating point, different dtypes, or a NaN coordinate.</exception>
    public static Tensor Iou(Tensor boxesA, Tensor boxesB)
    {
        double[] a = ReadBoxes("Iou", boxesA, nameof(boxesA));
        double[] b = ReadBoxes("Iou", boxesB, nameof(boxesB));
        if (boxesA.DType != boxesB.DType)
            throw new ArgumentException($"Iou: boxes of one dtype expected, got {boxesA.DType} and {boxesB.DType}.", nameof(boxesB));
        int n = boxesA.Size(0), m = boxesB.Size(0);
        var result = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                result[i * m + j] = PairIou(a, i, b, j);
        var t = Tensor.FromArray(result, new Shape(n, m));
        return boxesA.DType == DType.Float64 ? t : t.To(boxesA.DType);
    }

    /// <summary>
    /// Greedy non-maximum suppression, like <c>torchvision.ops.nms</c>: boxes scoring below
    /// <paramref name="scoreThreshold"/> are discarded; of the rest, in order of decreasing score, a box is kept unless
    /// its IoU with an already kept box is greater than <paramref name="iouThreshold"/>.
    /// </summary>
    /// <param name="boxes">Boxes <c>[N, 4]</c> Float32/Float64 as (x1, y1, x2, y2).</param>
    /// <param name="scores">Scores <c>[N]</c> of the same dtype.</param>
    /// <param name="iouThreshold">Overlap above which the lower-scoring box is dropped, in [0, 1].</param>
    /// <param name="scoreThreshold">Boxes with score &lt; this are discarded first (default: keep all).</param>
    /// <returns>Indices <c>[K]</c> Int32 of the kept boxes, by decreasing score; equal scores in increasing index order.</returns>
    /// <remarks>
    /// The order among equal scores is not specified by torchvision; here the lower index comes first (a stable sort), so
    /// the result is deterministic. Boxes with an IoU exactly equal to the threshold are kept, as in torchvision.
    /// </remarks>
    /// <exception cref="ArgumentException">Bad shapes or dtypes, a threshold outside [0, 1], or a NaN coordinate, score or threshold.</exception>
    public static Tensor NonMaxSuppression(Tensor boxes, Tensor scores, double iouThreshold, double scoreThreshold = double.NegativeInfinity)
    {
        double[] b = ReadBoxes("NonMaxSuppression", boxes, nameof(boxes));
        int n = boxes.Size(0);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Rank != 1 || scores.Size(0) != n || scores.DType != boxes.DType)
            throw new ArgumentException(
                $"NonMaxSuppression: scores [{n}] {boxes.DType} expected for boxes {boxes.Shape}, got {scores.Shape} {scores.DType}.", nameof(scores));
        if (!(iouThreshold >= 0 && iouThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, $"NonMaxSuppression: iouThreshold must be in [0, 1], got {iouThreshold}.");
        if (double.IsNaN(scoreThreshold))
            throw new ArgumentOutOfRangeException(nameof(scoreThreshold), scoreThreshold, "NonMaxSuppression: scoreThreshold is NaN.");
        double[] s = scores.ToArray<double>();
        var order = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(s[i])) throw new ArgumentException($"NonMaxSuppression: score at index {i} is NaN.", nameof(scores));
            if (s[i] >= scoreThreshold) order.Add(i);
        }
        // Stable: decreasing score, then increasing index.
        order.Sort((x, y) => s[x] != s[y] ? s[y].CompareTo(s[x]) : x.CompareTo(y));

        var kept = new List<int>();
        var suppressed = new bool[n];
        for (int oi = 0; oi < order.Count; oi++)
        {
            int i = order[oi];
            if (suppressed[i]) continue;
            kept.Add(i);
            for (int oj = oi + 1; oj < order.Count; oj++)
            {
                int j = order[oj];
                if (!suppressed[j] && PairIou(b, i, b, j) > iouThreshold) suppressed[j] = true;
            }
        }
        return Tensor.FromArray(kept.ToArray(), new Shape(kept.Count));
    }

    private static double PairIou(double[] a, int i, double[] b, int j)
    {
        double ax1 = a[4 * i], ay1 = a[4 * i + 1], ax2 = a[4 * i + 2], ay2 = a[4 * i + 3];
        double bx1 = b[4 * j], by1 = b[4 * j + 1], bx2 = b[4 * j + 2], by2 = b[4 * j + 3];
        double areaA = Math.Max(ax2 - ax1, 0) * Math.Max(ay2 - ay1, 0);
        double areaB = Math.Max(bx2 - bx1, 0) * Math.Max(by2 - by1, 0);
        double iw = Math.Min(ax2, bx2) - Math.Max(ax1, bx1);
        double ih = Math.Min(ay2, by2) - Math.Max(ay1, by1);
        double inter = iw > 0 && ih > 0 ? iw * ih : 0.0;
        double union = areaA + areaB - inter;
        return union > 0 ? inter / union : 0.0;
    }

    private static double[] ReadBoxes(string op, Tensor boxes, string paramName)
    {
        ArgumentNullException.ThrowIfNull(boxes, paramName);
        if (boxes.Rank != 2 || boxes.Size(1) != 4 || !boxes.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: boxes [N, 4] Float32/Float64 (x1, y1, x2, y2) expected, got {boxes.Shape} {boxes.DType}.", paramName);
        double[] data = boxes.ToArray<double>();
        for (int k = 0; k < data.Length; k++)
            if (double.IsNaN(data[k]))
                throw new ArgumentException($"{op}: box {k / 4} has a NaN coordinate.", paramName);
        return data;
    }
}
