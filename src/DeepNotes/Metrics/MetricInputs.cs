namespace DeepNotes.Metrics;

/// <summary>
/// Validation and conversion of metric inputs: scores <c>[N, C]</c> (Float32/Float64) or predicted class indices
/// <c>[N]</c> (Int32), targets <c>[N]</c> (Int32). Everything is read into managed arrays (metrics are not on the hot path).
/// </summary>
internal static class MetricInputs
{
    /// <summary>Targets as an int array, checked to be <c>[N]</c> Int32 with classes in [0, classCount) when classCount &gt; 0.</summary>
    public static int[] Targets(string op, Tensor targets, int expectedCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.DType.IsInteger() || targets.Rank != 1 || (expectedCount >= 0 && targets.Size(0) != expectedCount))
        {
            string expected = expectedCount >= 0 ? $"[{expectedCount}]" : "[N]";
            throw new ArgumentException($"{op}: targets {expected} Int32 expected, got {targets.Shape} {targets.DType}.", nameof(targets));
        }
        int[] t = Ops.Indexing.IndexChecks.AsInt32Index(op, targets, "targets").ToArray<int>();
        CheckClasses(op, "target", t, classCount, nameof(targets));
        return t;
    }

    /// <summary>
    /// Predicted classes from <c>[N, C]</c> scores (argmax, first maximum wins, NaN counts as the largest value like
    /// torch.argmax) or from <c>[N]</c> Int32 indices (checked against classCount when it is &gt; 0).
    /// </summary>
    public static int[] PredictedClasses(string op, Tensor output, int classCount)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Rank == 1 && output.DType.IsInteger())
        {
            int[] p = Ops.Indexing.IndexChecks.AsInt32Index(op, output, "predicted class").ToArray<int>();
            CheckClasses(op, "predicted class", p, classCount, nameof(output));
            return p;
        }
        if (output.Rank == 2 && output.DType.IsFloatingPoint())
        {
            int c = output.Size(1);
            if (classCount > 0 && c != classCount)
                throw new ArgumentException($"{op}: scores [N, {classCount}] expected for {classCount} classes, got {output.Shape}.", nameof(output));
            if (c == 0 && output.Size(0) > 0)
                throw new ArgumentException($"{op}: scores [N, C] need C >= 1, got {output.Shape}.", nameof(output));
            double[] s = output.ToArray<double>();
            int n = output.Size(0);
            var result = new int[n];
            for (int i = 0; i < n; i++) result[i] = ArgMax(s.AsSpan(i * c, c));
            return result;
        }
        throw new ArgumentException(
            $"{op}: output must be scores [N, C] Float32/Float64 or predicted classes [N] Int32, got {output.Shape} {output.DType}.",
            nameof(output));
    }

    /// <summary>Scores <c>[N, C]</c> Float32/Float64 as a row-major double array.</summary>
    public static double[] Scores(string op, Tensor scores, out int n, out int c)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Rank != 2 || !scores.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: scores [N, C] Float32/Float64 expected, got {scores.Shape} {scores.DType}.", nameof(scores));
        n = scores.Size(0);
        c = scores.Size(1);
        return scores.ToArray<double>();
    }

    /// <summary>Index of the first maximum; a NaN is larger than any number (the first NaN wins), like torch.argmax.</summary>
    public static int ArgMax(ReadOnlySpan<double> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (IsGreater(row[j], row[best])) best = j;
        return best;
    }

    /// <summary>a &gt; b in the order where NaN is the largest value (NaN is not greater than NaN).</summary>
    public static bool IsGreater(double a, double b) => double.IsNaN(a) ? !double.IsNaN(b) : a > b;

    public static void CheckClassCount(string op, int classCount)
    {
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"{op}: classCount must be at least 1, got {classCount}.");
    }

    private static void CheckClasses(string op, string what, int[] values, int classCount, string paramName)
    {
        if (classCount <= 0) return;
        for (int i = 0; i < values.Length; i++)
            if ((uint)values[i] >= (uint)classCount)
                throw new ArgumentException($"{op}: {what} {values[i]} at index {i} is out of range [0, {classCount}).", paramName);
    }
}
