using DeepNotes;
using DeepNotes.Metrics;

namespace DeepNotes.Tests.Metrics;

/// <summary>Box IoU and non-max suppression: hand-computed cases, a cell-counting IoU reference, and a brute-force NMS.</summary>
public class BoxesTests
{
    private static Tensor Boxes(DType dtype, params double[] xyxy) => Tensor.FromArray(xyxy, new Shape(xyxy.Length / 4, 4)).To(dtype);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void IouByHand(DType dtype)
    {
        var a = Boxes(dtype, 0, 0, 2, 2, 0, 0, 1, 1);
        var b = Boxes(dtype, 1, 1, 3, 3, 0, 0, 2, 2, 5, 5, 6, 6, 0, 0, 2, 1, 1, 1, 1, 1);
        var iou = DeepNotes.Metrics.Boxes.Iou(a, b);
        Assert.Equal(new Shape(2, 5), iou.Shape);
        Assert.Equal(dtype, iou.DType);
        double[] expected =
        [
            1.0 / 7, 1, 0, 0.5, 0, // [0,0,2,2] vs: corner overlap 1/(4+4-1), itself, disjoint, half, zero-area point
            0, 0.25, 0, 0.5, 0,    // [0,0,1,1]: touching at a corner only, inside (1/4), disjoint, 1/2, point
        ];
        double[] actual = iou.ToArray<double>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], dtype == DType.Float32 ? 6 : 15);
    }

    [Fact]
    public void DegenerateBoxesGiveZeroNotNaN()
    {
        // Two identical zero-area boxes (torchvision: 0/0 = NaN), a line, and an inverted box (treated as empty).
        var a = Boxes(DType.Float64, 1, 1, 1, 1, 0, 0, 4, 0, 3, 3, 1, 1);
        var iou = DeepNotes.Metrics.Boxes.Iou(a, a).ToArray<double>();
        Assert.All(iou, v => Assert.Equal(0.0, v));
        Assert.Equal(new Shape(0, 3), DeepNotes.Metrics.Boxes.Iou(Tensor.Zeros([0, 4], DType.Float64), a).Shape);
    }

    [Fact]
    public void IouMatchesCellCountingOnIntegerBoxes()
    {
        // Integer boxes on a 12x12 grid: area and intersection are counts of unit cells, computed with no formula.
        var g = new Generator(5);
        const int n = 40;
        var coords = new double[n * 4];
        for (int i = 0; i < n; i++)
        {
            int x1 = g.NextInt32(0, 12), y1 = g.NextInt32(0, 12);
            coords[4 * i] = x1; coords[4 * i + 1] = y1;
            coords[4 * i + 2] = g.NextInt32(x1, 13); coords[4 * i + 3] = g.NextInt32(y1, 13); // may be zero-width
        }
        var boxes = Tensor.FromArray(coords, new Shape(n, 4));
        double[] iou = DeepNotes.Metrics.Boxes.Iou(boxes, boxes).ToArray<double>();
        bool Covers(int b, int x, int y) => x >= coords[4 * b] && x < coords[4 * b + 2] && y >= coords[4 * b + 1] && y < coords[4 * b + 3];
        int nonZero = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int inter = 0, union = 0;
                for (int x = 0; x < 12; x++)
                    for (int y = 0; y < 12; y++)
                    {
                        bool a = Covers(i, x, y), b = Covers(j, x, y);
                        if (a && b) inter++;
                        if (a || b) union++;
                    }
                double expected = union == 0 ? 0 : inter / (double)union;
                if (expected > 0 && i != j) nonZero++;
                Assert.Equal(expected, iou[i * n + j], 14);
            }
        Assert.True(nonZero > 50);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void NmsByHand(DType dtype)
    {
        var boxes = Boxes(dtype,
            0, 0, 10, 10,   // 0: score 0.9
            1, 1, 11, 11,   // 1: IoU with 0 = 81/119 = 0.68 -> dropped at 0.5
            20, 20, 30, 30, // 2: disjoint, kept
            0, 0, 10, 5,    // 3: IoU with 0 = 0.5 exactly -> kept (not > 0.5)
            21, 21, 30, 30, // 4: IoU with 2 = 0.81 but scores higher than 2 -> suppresses 2
            50, 50, 60, 60); // 5: below the score threshold
        var scores = Tensor.FromArray(new[] { 0.9, 0.8, 0.3, 0.35, 0.4, 0.05 }).To(dtype);
        var keep = DeepNotes.Metrics.Boxes.NonMaxSuppression(boxes, scores, 0.5, scoreThreshold: 0.1);
        Assert.Equal(DType.Int32, keep.DType);
        Assert.Equal([0, 4, 3], keep.ToArray<int>());
        Assert.Equal([0, 4, 3, 5], DeepNotes.Metrics.Boxes.NonMaxSuppression(boxes, scores, 0.5).ToArray<int>());
        Assert.Equal([0, 1, 4, 3, 2, 5], DeepNotes.Metrics.Boxes.NonMaxSuppression(boxes, scores, 1.0).ToArray<int>());
        Assert.Equal([0, 4, 5], DeepNotes.Metrics.Boxes.NonMaxSuppression(boxes, scores, 0.0).ToArray<int>());
    }

    [Fact]
    public void NmsTiesKeepTheLowerIndex()
    {
        var boxes = Boxes(DType.Float64, 0, 0, 10, 10, 0, 0, 10, 10, 100, 100, 110, 110, 0, 0, 10, 10);
        var scores = Tensor.FromArray(new[] { 0.5, 0.7, 0.7, 0.7 });
        Assert.Equal([1, 2], DeepNotes.Metrics.Boxes.NonMaxSuppression(boxes, scores, 0.5).ToArray<int>());
    }

    [Fact]
    public void NmsWithNothingLeft()
    {
        var boxes = Boxes(DType.Float32, 0, 0, 1, 1, 2, 2, 3, 3);
        var scores = Tensor.FromArray(new[] { 0.2f, 0.3f });
        var keep = DeepNotes.Metrics.Boxes.NonMaxSuppression(boxes, scores, 0.5, scoreThreshold: 0.9);
        Assert.Equal(new Shape(0), keep.Shape);
        Assert.Equal(DType.Int32, keep.DType);
        Assert.Equal(0, DeepNotes.Metrics.Boxes.NonMaxSuppression(Tensor.Zeros([0, 4]), Tensor.Zeros([0]), 0.5).ElementCount);
    }

    [Fact]
    public void NmsMatchesBruteForceReference()
    {
        // Reference: repeatedly take the best remaining box (lowest index on ties) and delete everything overlapping it.
        var g = new Generator(9);
        const int n = 120;
        var coords = new double[n * 4];
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = g.NextDouble() * 25, y = g.NextDouble() * 25;
            coords[4 * i] = x; coords[4 * i + 1] = y; coords[4 * i + 2] = x + 5 + g.NextDouble() * 10; coords[4 * i + 3] = y + 5 + g.NextDouble() * 10;
            s[i] = Math.Round(g.NextDouble(), 1); // ties
        }
        var boxes = Tensor.FromArray(coords, new Shape(n, 4));
        double[] iou = DeepNotes.Metrics.Boxes.Iou(boxes, boxes).ToArray<double>();
        foreach (double thr in new[] { 0.1, 0.3, 0.6 })
        {
            var remaining = Enumerable.Range(0, n).Where(i => s[i] >= 0.2).ToList();
            int candidates = remaining.Count;
            var expected = new List<int>();
            while (remaining.Count > 0)
            {
                int best = remaining.OrderByDescending(i => s[i]).ThenBy(i => i).First();
                expected.Add(best);
                remaining.RemoveAll(j => j == best || iou[best * n + j] > thr);
            }
            var keep = DeepNotes.Metrics.Boxes.NonMaxSuppression(boxes, Tensor.FromArray(s), thr, 0.2).ToArray<int>();
            Assert.Equal(expected, keep);
            Assert.True(keep.Length > 3 && keep.Length < candidates - 3, $"threshold {thr}: kept {keep.Length} of {candidates}"); // both keeping and suppressing happen
        }
    }
}
