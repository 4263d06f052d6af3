using DeepNotes;
using DeepNotes.Metrics;

namespace DeepNotes.Tests.Metrics;

/// <summary>
/// Precision, recall, F1 (per class, macro, micro, weighted), the confusion matrix and top-k accuracy on random data
/// against independent scalar implementations that work from the (target, prediction) pairs directly, written from
/// scikit-learn's definitions (zero_division=0, labels = classes present in targets or predictions).
/// </summary>
public class RandomCrossCheckTests
{
    private static (int[] Pred, int[] True) RandomLabels(int n, int c, ulong seed, bool skewed)
    {
        var g = new Generator(seed);
        var p = new int[n];
        var t = new int[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = skewed ? g.NextInt32(0, c - 2) : g.NextInt32(0, c); // skewed: the two last classes never occur as targets
            p[i] = g.NextDouble() < 0.5 ? t[i] : g.NextInt32(0, skewed ? c - 1 : c); // skewed: class c-1 never appears at all
        }
        return (p, t);
    }

    private static (double P, double R, double F) ScalarPerClass(int[] p, int[] t, int c)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == c && t[i] == c) tp++;
            else if (p[i] == c) fp++;
            else if (t[i] == c) fn++;
        }
        double prec = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        double rec = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        double f1 = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
        return (prec, rec, f1);
    }

    [Theory]
    [InlineData(500, 7, 1UL, false)]
    [InlineData(333, 10, 2UL, true)]
    [InlineData(1, 3, 3UL, false)]
    public void MatchesScalarReference(int n, int c, ulong seed, bool skewed)
    {
        var (p, t) = RandomLabels(n, c, seed, skewed);
        var cm = Classification.ConfusionMatrix(Tensor.FromArray(p, new Shape(n)), Tensor.FromArray(t, new Shape(n)), c);

        var counts = cm.ToTensor().ToArray<int>();
        for (int a = 0; a < c; a++)
            for (int b = 0; b < c; b++)
                Assert.Equal(Enumerable.Range(0, n).Count(i => t[i] == a && p[i] == b), counts[a * c + b]);

        var present = Enumerable.Range(0, c).Where(k => t.Contains(k) || p.Contains(k)).ToArray();
        double mp = 0, mr = 0, mf = 0, wp = 0, wr = 0, wf = 0;
        for (int k = 0; k < c; k++)
        {
            var (pr, re, f1) = ScalarPerClass(p, t, k);
            Assert.Equal(pr, cm.Precision(k), 12);
            Assert.Equal(re, cm.Recall(k), 12);
            Assert.Equal(f1, cm.F1(k), 12);
            int support = t.Count(v => v == k);
            wp += pr * support; wr += re * support; wf += f1 * support;
            if (present.Contains(k)) { mp += pr; mr += re; mf += f1; }
        }
        Assert.Equal(mp / present.Length, cm.Precision(Averaging.Macro), 12);
        Assert.Equal(mr / present.Length, cm.Recall(Averaging.Macro), 12);
        Assert.Equal(mf / present.Length, cm.F1(Averaging.Macro), 12);
        Assert.Equal(wp / n, cm.Precision(Averaging.Weighted), 12);
        Assert.Equal(wr / n, cm.Recall(Averaging.Weighted), 12);
        Assert.Equal(wf / n, cm.F1(Averaging.Weighted), 12);

        // Micro from pooled counts.
        int tpSum = 0, fpSum = 0, fnSum = 0;
        for (int i = 0; i < n; i++) { if (p[i] == t[i]) tpSum++; else { fpSum++; fnSum++; } }
        double microP = tpSum / (double)(tpSum + fpSum), microR = tpSum / (double)(tpSum + fnSum);
        Assert.Equal(microP, cm.Precision(Averaging.Micro), 12);
        Assert.Equal(microR, cm.Recall(Averaging.Micro), 12);
        Assert.Equal(microP + microR == 0 ? 0 : 2 * microP * microR / (microP + microR), cm.F1(Averaging.Micro), 12);
        Assert.Equal(Enumerable.Range(0, n).Count(i => p[i] == t[i]) / (double)n,
            Classification.Accuracy(Tensor.FromArray(p, new Shape(n)), Tensor.FromArray(t, new Shape(n))), 15);
    }

    [Theory]
    [InlineData(DType.Float32, 1)]
    [InlineData(DType.Float32, 3)]
    [InlineData(DType.Float64, 5)]
    [InlineData(DType.Float64, 9)]
    public void TopKMatchesStableSortReference(DType dtype, int k)
    {
        const int n = 300, c = 9;
        var g = new Generator(11);
        var scores = Tensor.RandInt(0, 5, [n, c], g).To(dtype); // heavy ties
        var targets = Tensor.RandInt(0, c, [n], g);
        double[] s = scores.ToArray<double>();
        int[] t = targets.ToArray<int>();
        int hits = 0;
        for (int i = 0; i < n; i++)
        {
            // Stable sort by decreasing score: equal scores keep increasing class order.
            var top = Enumerable.Range(0, c).OrderByDescending(j => s[i * c + j]).Take(k);
            if (top.Contains(t[i])) hits++;
        }
        Assert.Equal(hits / (double)n, Classification.TopKAccuracy(scores, targets, k), 15);
    }
}
