using DeepNotes.Kernels;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// Connectionist temporal classification loss, as PyTorch's <c>ctc_loss</c>: the negative log of the summed
/// probability of every alignment of a target to the input frames (blanks between and around labels, repeats
/// collapsed), by the forward–backward recursion in log space (so long sequences never underflow). Computed in double
/// whatever the input dtype.
/// </summary>
/// <remarks>
/// Per sample with extended target l' = (blank, y1, blank, y2, ..., blank) of length L = 2S + 1:
/// α_t(s) = lp_t(l'_s) + lse(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) if l'_s ≠ blank and l'_s ≠ l'_{s−2}), β likewise
/// backwards, nll = −lse(α_{T−1}(L−1), α_{T−1}(L−2)). The gradient is the exact one with respect to the
/// log-probabilities, ∂nll/∂lp_t(c) = −exp(lse_{s: l'_s = c}(α_t(s) + β_t(s)) + nll − lp_t(c)) (minus the posterior of c
/// at t), 0 beyond the input length. PyTorch returns softmax(lp) plus this instead, which is the gradient with respect
/// to the logits when lp is a log-softmax; through a log-softmax both give the same logit gradient.
/// Mean divides each loss by its target length (at least 1), then averages over the batch. With zeroInfinity an
/// infinite loss (no possible alignment) and its gradient become 0. A createGraph pass (second derivatives, which
/// PyTorch's ctc_loss does not have) differentiates the α recursion rewritten in differentiable ops (see Composite).
/// </remarks>
internal static class ConnectionistTemporalClassification
{
    private const string Op = "CtcLoss";

    public static Tensor Forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank,
        LossReduction reduction, bool zeroInfinity)
    {
        LossReduce.Check(Op, reduction);
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(inputLengths);
        ArgumentNullException.ThrowIfNull(targetLengths);
        logProbs.CheckFloatingPoint(Op);
        if (logProbs.Rank is not (2 or 3))
            throw new ArgumentException($"{Op}: logProbs [T, N, C] (or [T, C] unbatched) expected, got {logProbs.Shape}.", nameof(logProbs));
        bool batched = logProbs.Rank == 3;
        int tMax = logProbs.Shape.Dims[0], n = batched ? logProbs.Shape.Dims[1] : 1, c = logProbs.Shape.Dims[^1];
        if (blank < 0 || blank >= c)
            throw new ArgumentOutOfRangeException(nameof(blank), blank, $"{Op}: blank must be a class in [0, {c}), got {blank}.");
        int[] inLen = Lengths(nameof(inputLengths), inputLengths, batched, n);
        int[] tgLen = Lengths(nameof(targetLengths), targetLengths, batched, n);
        for (int b = 0; b < n; b++)
        {
            if (inLen[b] < 0 || inLen[b] > tMax)
                throw new ArgumentException($"{Op}: inputLengths[{b}] = {inLen[b]} is outside [0, {tMax}] (T of logProbs {logProbs.Shape}).",
                    nameof(inputLengths));
            if (tgLen[b] < 0)
                throw new ArgumentException($"{Op}: targetLengths[{b}] = {tgLen[b]} is negative.", nameof(targetLengths));
        }
        int[][] labels = Labels(targets, batched, n, tgLen, c, blank);

        Tensor lp = logProbs.ContiguousRaw();
        double[] data = lp.DType == DType.Float32 ? Array.ConvertAll(lp.Span<float>().ToArray(), v => (double)v) : lp.Span<double>().ToArray();
        var nll = new double[n];
        var alphas = new double[n][];
        var problem = new Problem(data, n, c, inLen, labels, blank, nll, alphas);
        RangeJob<AlphaBody>.Run(new AlphaBody { P = problem }, n, 1); // samples are independent: any split gives the same values
        var loss = new double[n];
        for (int b = 0; b < n; b++) loss[b] = zeroInfinity && double.IsPositiveInfinity(nll[b]) ? 0 : nll[b];

        Tensor result;
        if (reduction == LossReduction.None)
        {
            result = new Tensor(batched ? new Shape([n]) : Shape.Scalar, logProbs.DType);
            for (int b = 0; b < n; b++) Set(result, b, loss[b]);
        }
        else
        {
            double total = 0;
            for (int b = 0; b < n; b++) total += reduction == LossReduction.Mean ? loss[b] / Math.Max(tgLen[b], 1) : loss[b];
            result = LossReduce.Scalar(reduction == LossReduction.Mean ? total / n : total, logProbs.DType);
        }

        if (!Tensor.NeedsGrad(logProbs)) return result;
        return Tensor.RecordComposite(result, "CtcLossBackward", [logProbs], g =>
        {
            Tensor gc = g.ContiguousRaw();
            var grad = new double[data.Length];
            var scale = new double[n];
            for (int b = 0; b < n; b++)
            {
                double gb = reduction == LossReduction.None ? Get(gc, batched ? b : 0) : Get(gc, 0);
                if (reduction == LossReduction.Mean) gb /= (double)n * Math.Max(tgLen[b], 1);
                scale[b] = zeroInfinity && double.IsPositiveInfinity(nll[b]) ? 0 : gb;
            }
            // each sample writes only its own (t, b, ·) entries
            RangeJob<GradientBody>.Run(new GradientBody { P = problem, Scale = scale, Grad = grad }, n, 1);
            var dx = new Tensor(logProbs.Shape, logProbs.DType);
            if (dx.DType == DType.Float32)
            {
                var ds = dx.Span<float>();
                for (int i = 0; i < grad.Length; i++) ds[i] = (float)grad[i];
            }
            else grad.CopyTo(dx.Span<double>());
            return [dx];
        }, inputs => Composite(inputs[0], batched, inLen, tgLen, labels, blank, nll, reduction, zeroInfinity));
    }

    /// <summary>Stands for −∞ in <see cref="Composite"/>: finite, so a log-sum-exp of unreachable states has finite derivatives.</summary>
    private const double Unreachable = -1e30;

    /// <summary>
    /// The loss in differentiable ops (for createGraph): the α recursion over all samples at once, α <c>[N, L]</c>
    /// (L = 2·max S + 1), α_t = logsumexp(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) where the skip is allowed) + lp_t(l'_s),
    /// frozen (Where) once t reaches a sample's input length; nll = −logsumexp(α(L_b − 1), α(L_b − 2)), then reduced as
    /// the forward. Samples with no frames or no possible alignment keep their (constant) forward loss and get no
    /// gradient. Exact to rounding where the loss is finite: unreachable states hold −10³⁰ and weigh 0 in every sum.
    /// </summary>
    private static Tensor Composite(Tensor logProbs, bool batched, int[] inLen, int[] tgLen, int[][] labels, int blank, double[] nll,
        LossReduction reduction, bool zeroInfinity)
    {
        DType dt = logProbs.DType;
        Tensor lp = batched ? logProbs : logProbs.Unsqueeze(1); // [T, N, C]
        int tMax = lp.Shape.Dims[0], n = lp.Shape.Dims[1];
        if (n == 0 || inLen.Max() == 0)
        {
            // no frame anywhere: every loss is a constant (0 or ∞), the gradient 0
            Tensor zero = lp.Sum() * 0.0;
            var values = new double[n];
            for (int b = 0; b < n; b++) values[b] = zeroInfinity && double.IsPositiveInfinity(nll[b]) ? 0 : nll[b];
            Tensor perSample = Tensor.FromArray(values).To(dt) + zero;
            if (reduction == LossReduction.None) return batched ? perSample : perSample.Reshape();
            double total = 0;
            for (int b = 0; b < n; b++) total += reduction == LossReduction.Mean ? values[b] / Math.Max(tgLen[b], 1) : values[b];
            return zero + (reduction == LossReduction.Mean ? total / n : total);
        }
        int l = 2 * labels.Max(y => y.Length) + 1;
        var ext = new int[tMax * n * l];
        var skip = new bool[n * l];
        var init = new bool[n * l];
        for (int b = 0; b < n; b++)
        {
            int[] y = labels[b];
            for (int s = 0; s < l; s++)
            {
                int k = s < 2 * y.Length + 1 ? Extended(y, s, blank) : blank;
                for (int t = 0; t < tMax; t++) ext[(t * n + b) * l + s] = k;
                skip[b * l + s] = s < 2 * y.Length + 1 && Skip(y, s, blank);
                init[b * l + s] = s == 0 || (s == 1 && y.Length > 0);
            }
        }
        Tensor unreachable = Tensor.Full(new Shape([n, l]), Unreachable, dt);
        Tensor emissions = lp.Gather(2, Tensor.FromArray(ext, new Shape([tMax, n, l]))); // lp_t(l'_s) [T, N, L]
        Tensor alpha = Tensor.Where(Tensor.FromArray(init, new Shape([n, l])), emissions.Select(0, 0), unreachable);
        Tensor skipMask = Tensor.FromArray(skip, new Shape([n, l]));
        int frames = inLen.Max();
        for (int t = 1; t < frames; t++)
        {
            var moves = new List<Tensor> { alpha };
            if (l > 1) moves.Add(Tensor.Cat([unreachable.Narrow(1, 0, 1), alpha.Narrow(1, 0, l - 1)], 1));
            if (l > 2) moves.Add(Tensor.Where(skipMask, Tensor.Cat([unreachable.Narrow(1, 0, 2), alpha.Narrow(1, 0, l - 2)], 1), unreachable));
            Tensor next = Tensor.Stack(moves, 2).LogSumExp(2) + emissions.Select(0, t);
            var active = new bool[n];
            for (int b = 0; b < n; b++) active[b] = t < inLen[b];
            alpha = Tensor.Where(Tensor.FromArray(active, new Shape([n, 1])), next, alpha);
        }
        var ends = new int[n * 2];
        var two = new bool[n * 2];
        var fixedLoss = new bool[n];
        var constant = new double[n];
        for (int b = 0; b < n; b++)
        {
            int lb = 2 * labels[b].Length + 1;
            ends[2 * b] = lb - 1;
            ends[2 * b + 1] = Math.Max(lb - 2, 0);
            two[2 * b] = true;
            two[2 * b + 1] = lb > 1;
            fixedLoss[b] = inLen[b] == 0 || double.IsPositiveInfinity(nll[b]);
            constant[b] = zeroInfinity && double.IsPositiveInfinity(nll[b]) ? 0 : nll[b];
        }
        Tensor last = Tensor.Where(Tensor.FromArray(two, new Shape([n, 2])), alpha.Gather(1, Tensor.FromArray(ends, new Shape([n, 2]))),
            Tensor.Full(new Shape([n, 2]), Unreachable, dt));
        Tensor loss = Tensor.Where(Tensor.FromArray(fixedLoss), Tensor.FromArray(constant).To(dt), -last.LogSumExp(1)); // [N]
        if (reduction == LossReduction.Mean)
        {
            var perTarget = new double[n];
            for (int b = 0; b < n; b++) perTarget[b] = 1.0 / (n * (double)Math.Max(tgLen[b], 1));
            return (loss * Tensor.FromArray(perTarget).To(dt)).Sum();
        }
        if (reduction == LossReduction.Sum) return loss.Sum();
        return batched ? loss : loss.Reshape();
    }

    /// <summary>One call's log-probabilities (double, <c>[T, N, C]</c>), lengths, labels and per-sample results.</summary>
    private sealed record Problem(double[] Lp, int N, int C, int[] InputLengths, int[][] Labels, int Blank, double[] Nll, double[][] Alphas);

    /// <summary>α and the negative log-likelihood of the samples in a range.</summary>
    private struct AlphaBody : IRangeBody
    {
        public Problem P;

        public readonly void Run(int start, int count)
        {
            for (int b = start; b < start + count; b++)
                P.Nll[b] = Alpha(P.Lp, b, P.N, P.C, P.InputLengths[b], P.Labels[b], P.Blank, out P.Alphas[b]);
        }
    }

    /// <summary>The gradient of the samples in a range (skipping those whose scale is 0, e.g. zeroed infinities).</summary>
    private struct GradientBody : IRangeBody
    {
        public Problem P;
        public double[] Scale, Grad;

        public readonly void Run(int start, int count)
        {
            for (int b = start; b < start + count; b++)
                if (Scale[b] != 0)
                    Gradient(P.Lp, Grad, b, P.N, P.C, P.InputLengths[b], P.Labels[b], P.Blank, P.Alphas[b], P.Nll[b], Scale[b]);
        }
    }

    /// <summary>The Int32 lengths: <c>[N]</c>, or <c>[]</c> / <c>[1]</c> for unbatched input.</summary>
    private static int[] Lengths(string name, Tensor lengths, bool batched, int n)
    {
        bool fits = lengths.DType == DType.Int32
            && (batched ? lengths.Rank == 1 && lengths.Shape.Dims[0] == n : lengths.Rank == 0 || lengths.Shape == new Shape([1]));
        if (!fits)
            throw new ArgumentException($"{Op}: {name} {(batched ? $"[{n}]" : "[] or [1]")} Int32 expected, got {lengths.Shape} {lengths.DType}.", name);
        return lengths.ContiguousRaw().Span<int>().ToArray();
    }

    /// <summary>Each sample's labels: rows of padded <c>[N, S]</c> targets, or slices of concatenated 1-D targets.</summary>
    private static int[][] Labels(Tensor targets, bool batched, int n, int[] tgLen, int c, int blank)
    {
        if (targets.DType != DType.Int32)
            throw new ArgumentException($"{Op}: targets must be Int32 class indices, got {targets.DType}.", nameof(targets));
        int[] t = targets.ContiguousRaw().Span<int>().ToArray();
        var labels = new int[n][];
        int total = tgLen.Sum();
        if (batched && targets.Rank == 2 && targets.Shape.Dims[0] == n)
        {
            int s = targets.Shape.Dims[1];
            for (int b = 0; b < n; b++)
            {
                if (tgLen[b] > s)
                    throw new ArgumentException($"{Op}: targetLengths[{b}] = {tgLen[b]} exceeds the padded target length {s} (targets {targets.Shape}).",
                        nameof(targets));
                labels[b] = t.AsSpan(b * s, tgLen[b]).ToArray();
            }
        }
        else if (targets.Rank == 1 && (!batched ? targets.Shape.Dims[0] >= total : targets.Shape.Dims[0] == total))
        {
            for (int b = 0, offset = 0; b < n; offset += tgLen[b], b++) labels[b] = t.AsSpan(offset, tgLen[b]).ToArray();
        }
        else
        {
            string expected = batched ? $"[{n}, S] (padded) or [{total}] (concatenated, the sum of targetLengths)" : $"[S] with S ≥ {total}";
            throw new ArgumentException($"{Op}: targets {expected} expected, got {targets.Shape}.", nameof(targets));
        }
        for (int b = 0; b < n; b++)
            foreach (int y in labels[b])
                if (y < 0 || y >= c || y == blank)
                    throw new ArgumentException($"{Op}: target label {y} of sample {b} is not a class in [0, {c}) other than blank ({blank}).",
                        nameof(targets));
        return labels;
    }

    private static double Get(Tensor t, int i) => t.DType == DType.Float32 ? t.Span<float>()[i] : t.Span<double>()[i];

    private static void Set(Tensor t, int i, double v)
    {
        if (t.DType == DType.Float32) t.Span<float>()[i] = (float)v;
        else t.Span<double>()[i] = v;
    }

    /// <summary>ln(eᵃ + eᵇ) without overflow; −∞ when both are −∞.</summary>
    private static double LogAdd(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double m = Math.Max(a, b);
        return m + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
    }

    /// <summary>The extended label at s: blank at even positions, y_{(s−1)/2} at odd ones.</summary>
    private static int Extended(int[] y, int s, int blank) => (s & 1) == 0 ? blank : y[s >> 1];

    /// <summary>Whether the transition s−2 → s is allowed (s a label different from the label two back).</summary>
    private static bool Skip(int[] y, int s, int blank) => s >= 2 && (s & 1) == 1 && y[s >> 1] != y[(s >> 1) - 1];

    /// <summary>The forward variables α <c>[T_b, L]</c> of sample b and its negative log-likelihood.</summary>
    private static double Alpha(double[] lp, int b, int n, int c, int tb, int[] y, int blank, out double[] alpha)
    {
        int l = 2 * y.Length + 1;
        alpha = new double[tb * l];
        if (tb == 0) return y.Length == 0 ? 0 : double.PositiveInfinity;
        Array.Fill(alpha, double.NegativeInfinity);
        alpha[0] = lp[b * c + blank];
        if (l > 1) alpha[1] = lp[b * c + y[0]];
        for (int t = 1; t < tb; t++)
        {
            int row = (t * n + b) * c;
            for (int s = 0; s < l; s++)
            {
                double a = alpha[(t - 1) * l + s];
                if (s >= 1) a = LogAdd(a, alpha[(t - 1) * l + s - 1]);
                if (Skip(y, s, blank)) a = LogAdd(a, alpha[(t - 1) * l + s - 2]);
                alpha[t * l + s] = double.IsNegativeInfinity(a) ? a : a + lp[row + Extended(y, s, blank)];
            }
        }
        double last = alpha[(tb - 1) * l + l - 1];
        if (l > 1) last = LogAdd(last, alpha[(tb - 1) * l + l - 2]);
        return -last;
    }

    /// <summary>Adds g·∂nll/∂lp of sample b into <paramref name="grad"/> (β computed here, one frame at a time).</summary>
    private static void Gradient(double[] lp, double[] grad, int b, int n, int c, int tb, int[] y, int blank, double[] alpha,
        double nll, double g)
    {
        int l = 2 * y.Length + 1;
        if (tb == 0) return;
        var beta = new double[l];
        var next = new double[l];
        var lcab = new double[c];
        for (int t = tb - 1; t >= 0; t--)
        {
            int row = (t * n + b) * c;
            if (t == tb - 1)
            {
                Array.Fill(beta, double.NegativeInfinity);
                beta[l - 1] = lp[row + blank];
                if (l > 1) beta[l - 2] = lp[row + y[^1]];
            }
            else
            {
                for (int s = 0; s < l; s++)
                {
                    double v = next[s];
                    if (s + 1 < l) v = LogAdd(v, next[s + 1]);
                    if (s + 2 < l && Skip(y, s + 2, blank)) v = LogAdd(v, next[s + 2]);
                    beta[s] = double.IsNegativeInfinity(v) ? v : v + lp[row + Extended(y, s, blank)];
                }
            }
            Array.Fill(lcab, double.NegativeInfinity);
            for (int s = 0; s < l; s++)
            {
                int k = Extended(y, s, blank);
                lcab[k] = LogAdd(lcab[k], alpha[t * l + s] + beta[s]);
            }
            for (int k = 0; k < c; k++)
                if (!double.IsNegativeInfinity(lcab[k]) || double.IsNaN(lcab[k] + nll))
                    grad[row + k] -= g * Math.Exp(lcab[k] + nll - lp[row + k]);
            (beta, next) = (next, beta);
        }
    }
}
