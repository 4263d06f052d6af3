using DeepNotes.Losses;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The losses group of the <c>ops</c> verb (issue 14): each new loss's forward plus backward at 1M float32 input
/// elements (the pairwise ones on <c>[1024, 1024]</c> rows), one line per case "losses/name&lt;TAB&gt;µs/call&lt;TAB&gt;Melem/s",
/// the format of benchmarks/ops_reference_losses.py.
/// </summary>
public static class LossOpsCases
{
    private const int Rows = 1024, Cols = 1024;

    private static Tensor Leaf(Tensor t)
    {
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>Forward and backward; the input gradients are dropped so they do not accumulate.</summary>
    private static Action Step(Func<Tensor> loss, params Tensor[] leaves) => () =>
    {
        foreach (var l in leaves) l.Grad = null;
        loss().Backward();
    };

    /// <summary>The cases: name, one forward+backward call, input elements per call.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        var g = new Generator(11);
        const int n = Rows * Cols;
        var x = Leaf(Tensor.Randn([Rows, Cols], generator: g));
        var y = Tensor.Randn([Rows, Cols], generator: g);
        var signs = Tensor.Randn([Rows, Cols], generator: g).Sign();
        var counts = Tensor.Rand([Rows, Cols], generator: g) * 4;
        var labels = Tensor.Rand([Rows, Cols], generator: g).Round();
        var var = Tensor.Rand([Rows, Cols], generator: g) + 0.5;
        var x1 = Leaf(Tensor.Randn([n], generator: g));
        var x2 = Tensor.Randn([n], generator: g);
        var rank = Tensor.Randn([n], generator: g).Sign();
        var emb = Leaf(Tensor.Randn([Rows, Cols], generator: g));
        var pos = Tensor.Randn([Rows, Cols], generator: g);
        var neg = Tensor.Randn([Rows, Cols], generator: g);
        var rowSigns = Tensor.Randn([Rows], generator: g).Sign();
        yield return ("smooth_l1", Step(() => Functional.SmoothL1Loss(x, y), x), n);
        yield return ("soft_margin", Step(() => Functional.SoftMarginLoss(x, signs), x), n);
        yield return ("poisson_nll", Step(() => Functional.PoissonNllLoss(x, counts), x), n);
        yield return ("gaussian_nll", Step(() => Functional.GaussianNllLoss(x, y, var), x), n);
        yield return ("multilabel_soft_margin", Step(() => Functional.MultiLabelSoftMarginLoss(x, labels), x), n);
        yield return ("margin_ranking", Step(() => Functional.MarginRankingLoss(x1, x2, rank), x1), n);
        yield return ("hinge_embedding", Step(() => Functional.HingeEmbeddingLoss(x1, rank), x1), n);
        yield return ("cosine_embedding", Step(() => Functional.CosineEmbeddingLoss(emb, pos, rowSigns), emb), n);
        yield return ("triplet_margin", Step(() => Functional.TripletMarginLoss(emb, pos, neg), emb), n);

        var c1 = Leaf(Tensor.Randn([1024, 32], generator: g));
        var c2 = Tensor.Randn([1024, 32], generator: g);
        yield return ("cdist_p2_1024x1024x32", Step(() => Functional.Cdist(c1, c2).Sum(), c1), (long)1024 * 1024);
        yield return ("cdist_p1_1024x1024x32", Step(() => Functional.Cdist(c1, c2, 1).Sum(), c1), (long)1024 * 1024);
        yield return ("cdist_p1_forward_1024x1024x32", () => { using (Autograd.NoGrad()) Functional.Cdist(c1, c2, 1); }, (long)1024 * 1024);

        var logits = Leaf(Tensor.Randn([200, 32, 40], generator: g));
        var targets = Tensor.RandInt(1, 40, [32, 50], g);
        var inputLengths = Tensor.Full([32], 200, DType.Int32);
        var targetLengths = Tensor.Full([32], 50, DType.Int32);
        yield return ("ctc_T200_N32_C40_S50", Step(() => Functional.CtcLoss(logits.LogSoftmax(2), targets, inputLengths, targetLengths), logits),
            200 * 32 * 40);
    }
}
