using System.Globalization;
using System.Text;

namespace DeepNotes.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs, <c>[C, C]</c> with rows = true class and columns = predicted class,
/// like scikit-learn's <c>confusion_matrix</c>; with the per-class and averaged precision, recall and F1 derived from it.
/// </summary>
/// <remarks>
/// Zero division follows scikit-learn's default <c>zero_division=0</c>: a ratio whose denominator is zero is 0 (precision
/// of a class never predicted, recall of a class that never occurs, and every metric of an empty matrix). F1 is
/// 2·TP / (2·TP + FP + FN), which equals 2PR / (P + R) whenever both are defined. The matrix is a snapshot: it does not
/// change after construction.
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts; // row-major [C, C]

    /// <summary>A matrix from row-major counts (copied); internal because counts are built by the metric functions.</summary>
    internal ConfusionMatrix(int classCount, long[] counts)
    {
        ClassCount = classCount;
        _counts = (long[])counts.Clone();
        for (int i = 0; i < _counts.Length; i++) Total += _counts[i];
    }

    /// <summary>
    /// The confusion matrix of <paramref name="predicted"/> against <paramref name="targets"/>.
    /// </summary>
    /// <param name="predicted">Predicted class indices <c>[N]</c> Int32, or scores <c>[N, C]</c> Float32/Float64 (argmax is taken).</param>
    /// <param name="targets">True class indices <c>[N]</c> Int32.</param>
    /// <param name="classCount">Number of classes C; every index must lie in [0, C).</param>
    /// <exception cref="ArgumentException">Wrong shapes or dtypes, or a class index out of range.</exception>
    public static ConfusionMatrix Compute(Tensor predicted, Tensor targets, int classCount)
    {
        var counts = new long[checked(classCount * classCount)];
        Accumulate("ConfusionMatrix", counts, predicted, targets, classCount);
        return new ConfusionMatrix(classCount, counts);
    }

    /// <summary>Adds the pairs of one batch to row-major <paramref name="counts"/> (validated first, nothing added on error).</summary>
    internal static void Accumulate(string op, long[] counts, Tensor predicted, Tensor targets, int classCount)
    {
        MetricInputs.CheckClassCount(op, classCount);
        int[] p = MetricInputs.PredictedClasses(op, predicted, classCount);
        int[] t = MetricInputs.Targets(op, targets, p.Length, classCount);
        for (int i = 0; i < p.Length; i++) counts[t[i] * classCount + p[i]]++;
    }

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; }

    /// <summary>Number of samples counted (sum of all cells).</summary>
    public long Total { get; }

    /// <summary>Number of samples of true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    public long this[int trueClass, int predictedClass]
    {
        get
        {
            CheckClass(trueClass, nameof(trueClass));
            CheckClass(predictedClass, nameof(predictedClass));
            return _counts[trueClass * ClassCount + predictedClass];
        }
    }

    /// <summary>The counts as an Int32 tensor <c>[C, C]</c> (rows = true class, columns = predicted class).</summary>
    /// <exception cref="OverflowException">A count exceeds Int32.MaxValue.</exception>
    public Tensor ToTensor()
    {
        var data = new int[_counts.Length];
        for (int i = 0; i < data.Length; i++) data[i] = checked((int)_counts[i]);
        return Tensor.FromArray(data, new Shape(ClassCount, ClassCount));
    }

    /// <summary>True positives of class <paramref name="c"/> (the diagonal cell).</summary>
    public long TruePositives(int c) { CheckClass(c, nameof(c)); return _counts[c * ClassCount + c]; }

    /// <summary>Samples of class <paramref name="c"/> (row sum), scikit-learn's <c>support</c>.</summary>
    public long Support(int c)
    {
        CheckClass(c, nameof(c));
        long s = 0;
        for (int j = 0; j < ClassCount; j++) s += _counts[c * ClassCount + j];
        return s;
    }

    /// <summary>Samples predicted as class <paramref name="c"/> (column sum).</summary>
    public long PredictedCount(int c)
    {
        CheckClass(c, nameof(c));
        long s = 0;
        for (int i = 0; i < ClassCount; i++) s += _counts[i * ClassCount + c];
        return s;
    }

    /// <summary>Fraction of samples on the diagonal (0 for an empty matrix).</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < ClassCount; c++) correct += _counts[c * ClassCount + c];
            return Ratio(correct, Total);
        }
    }

    /// <summary>Precision of class <paramref name="c"/>: TP / (TP + FP), 0 when the class is never predicted.</summary>
    public double Precision(int c) => Ratio(TruePositives(c), PredictedCount(c));

    /// <summary>Recall of class <paramref name="c"/>: TP / (TP + FN), 0 when the class never occurs.</summary>
    public double Recall(int c) => Ratio(TruePositives(c), Support(c));

    /// <summary>F1 of class <paramref name="c"/>: 2·TP / (2·TP + FP + FN), 0 when the denominator is 0.</summary>
    public double F1(int c) => Ratio(2 * TruePositives(c), Support(c) + PredictedCount(c));

    /// <summary>Averaged precision (see <see cref="Averaging"/>).</summary>
    public double Precision(Averaging average) => Average(average, Precision);

    /// <summary>Averaged recall (see <see cref="Averaging"/>).</summary>
    public double Recall(Averaging average) => Average(average, Recall);

    /// <summary>Averaged F1 (see <see cref="Averaging"/>); macro F1 is the mean of per-class F1 scores, as in scikit-learn.</summary>
    public double F1(Averaging average) => Average(average, F1);

    /// <summary>Precision of every class, length C.</summary>
    public double[] PrecisionPerClass() => PerClass(Precision);

    /// <summary>Recall of every class, length C.</summary>
    public double[] RecallPerClass() => PerClass(Recall);

    /// <summary>F1 of every class, length C.</summary>
    public double[] F1PerClass() => PerClass(F1);

    private double[] PerClass(Func<int, double> metric)
    {
        var r = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++) r[c] = metric(c);
        return r;
    }

    private double Average(Averaging average, Func<int, double> metric)
    {
        switch (average)
        {
            case Averaging.Micro:
                return Accuracy; // single-label: Σ FP = Σ FN = Total − Σ TP, so micro P = R = F1 = accuracy
            case Averaging.Macro:
            {
                double sum = 0;
                int present = 0;
                for (int c = 0; c < ClassCount; c++)
                {
                    if (Support(c) == 0 && PredictedCount(c) == 0) continue;
                    sum += metric(c);
                    present++;
                }
                return present == 0 ? 0.0 : sum / present;
            }
            case Averaging.Weighted:
            {
                if (Total == 0) return 0.0;
                double sum = 0;
                for (int c = 0; c < ClassCount; c++) sum += metric(c) * Support(c);
                return sum / Total;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging.");
        }
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    private void CheckClass(int c, string name)
    {
        if ((uint)c >= (uint)ClassCount)
            throw new ArgumentOutOfRangeException(name, c, $"ConfusionMatrix: class {c} is out of range [0, {ClassCount}).");
    }

    /// <summary>
    /// The counts as a table (rows = true class, columns = predicted), followed by per-class precision, recall, F1 and
    /// support and the macro / weighted averages, like scikit-learn's classification report.
    /// </summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        int w = Math.Max(5, Math.Max(ClassCount.ToString(inv).Length, _counts.Length == 0 ? 1 : _counts.Max().ToString(inv).Length) + 1);
        var sb = new StringBuilder();
        sb.Append(inv, $"Confusion matrix ({ClassCount} classes, {Total} samples; rows = true, columns = predicted)\n");
        sb.Append("true\\pred".PadRight(10));
        for (int j = 0; j < ClassCount; j++) sb.Append(j.ToString(inv).PadLeft(w));
        sb.Append('\n');
        for (int i = 0; i < ClassCount; i++)
        {
            sb.Append(i.ToString(inv).PadRight(10));
            for (int j = 0; j < ClassCount; j++) sb.Append(_counts[i * ClassCount + j].ToString(inv).PadLeft(w));
            sb.Append('\n');
        }
        sb.Append('\n');
        sb.Append(inv, $"{"class",-10}{"precision",10}{"recall",10}{"f1",10}{"support",10}\n");
        for (int c = 0; c < ClassCount; c++)
            sb.Append(inv, $"{c,-10}{Precision(c),10:F4}{Recall(c),10:F4}{F1(c),10:F4}{Support(c),10}\n");
        sb.Append(inv, $"{"accuracy",-10}{"",10}{"",10}{Accuracy,10:F4}{Total,10}\n");
        sb.Append(inv, $"{"macro",-10}{Precision(Averaging.Macro),10:F4}{Recall(Averaging.Macro),10:F4}{F1(Averaging.Macro),10:F4}{Total,10}\n");
        sb.Append(inv, $"{"weighted",-10}{Precision(Averaging.Weighted),10:F4}{Recall(Averaging.Weighted),10:F4}{F1(Averaging.Weighted),10:F4}{Total,10}");
        return sb.ToString();
    }
}
