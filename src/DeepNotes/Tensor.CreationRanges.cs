namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>
    /// <paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/> inclusive,
    /// like <c>torch.linspace</c>: <c>[steps]</c>. As PyTorch, the first half is computed forward from
    /// <paramref name="start"/> and the second half backward from <paramref name="end"/>, so both ends are exact.
    /// </summary>
    /// <param name="start">First value.</param>
    /// <param name="end">Last value (when steps ≥ 2).</param>
    /// <param name="steps">Number of values (≥ 0); 1 gives <c>[start]</c>.</param>
    /// <param name="dtype">Element type; Int32 truncates the values toward zero.</param>
    /// <param name="requiresGrad">Make the result a leaf that collects gradients.</param>
    /// <exception cref="ArgumentException"><paramref name="steps"/> is negative, a bound is not finite, or the dtype is Bool.</exception>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32, bool requiresGrad = false)
    {
        CheckSpaceArguments("Linspace", start, end, steps, dtype);
        var t = Ops.ShapeMoves.Empty(new Shape(steps), dtype); // FillLinear writes every element
        FillLinear(t, start, end, steps, v => v, isLinear: true);
        return t.WithRequiresGrad(requiresGrad);
    }

    /// <summary>
    /// <paramref name="steps"/> values <c>base^v</c> for v evenly spaced from <paramref name="start"/> to
    /// <paramref name="end"/>, like <c>torch.logspace</c>: <c>[steps]</c>.
    /// </summary>
    /// <param name="start">First exponent.</param>
    /// <param name="end">Last exponent.</param>
    /// <param name="steps">Number of values (≥ 0).</param>
    /// <param name="logBase">The base (PyTorch's <c>base</c>, default 10).</param>
    /// <param name="dtype">Element type; Int32 truncates toward zero.</param>
    /// <param name="requiresGrad">Make the result a leaf that collects gradients.</param>
    /// <exception cref="ArgumentException"><paramref name="steps"/> is negative, a bound is not finite, or the dtype is Bool.</exception>
    public static Tensor Logspace(double start, double end, int steps, double logBase = 10, DType dtype = DType.Float32, bool requiresGrad = false)
    {
        CheckSpaceArguments("Logspace", start, end, steps, dtype);
        var t = new Tensor(new Shape(steps), dtype);
        FillLinear(t, start, end, steps, v => Math.Pow(logBase, v));
        return t.WithRequiresGrad(requiresGrad);
    }

    /// <summary>
    /// The (row, column) indices of the lower triangle of a <paramref name="row"/>×<paramref name="col"/> matrix, like
    /// <c>torch.tril_indices</c>: Int32 <c>[2, n]</c>, row-major order. <paramref name="offset"/> shifts the diagonal
    /// (positive: above it, negative: below).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> or <paramref name="col"/> is negative.</exception>
    public static Tensor TrilIndices(int row, int col, int offset = 0) => TriangleIndices("TrilIndices", row, col, offset, lower: true);

    /// <summary>
    /// The (row, column) indices of the upper triangle of a <paramref name="row"/>×<paramref name="col"/> matrix, like
    /// <c>torch.triu_indices</c>: Int32 <c>[2, n]</c>, row-major order; j − i ≥ <paramref name="offset"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> or <paramref name="col"/> is negative.</exception>
    public static Tensor TriuIndices(int row, int col, int offset = 0) => TriangleIndices("TriuIndices", row, col, offset, lower: false);

    private static Tensor TriangleIndices(string op, int row, int col, int offset, bool lower)
    {
        if (row < 0) throw new ArgumentOutOfRangeException(nameof(row), row, $"{op}: row must be non-negative, got {row}.");
        if (col < 0) throw new ArgumentOutOfRangeException(nameof(col), col, $"{op}: col must be non-negative, got {col}.");
        var rows = new List<int>();
        var cols = new List<int>();
        for (int i = 0; i < row; i++)
            for (int j = 0; j < col; j++)
            {
                long d = (long)j - i;
                if (lower ? d <= offset : d >= offset)
                {
                    rows.Add(i);
                    cols.Add(j);
                }
            }
        var data = new int[2 * rows.Count];
        rows.CopyTo(data, 0);
        cols.CopyTo(data, rows.Count);
        return FromArray(data, new Shape(2, rows.Count));
    }

    private static void CheckSpaceArguments(string op, double start, double end, int steps, DType dtype)
    {
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"{op}: number of steps must be non-negative, got {steps}.");
        if (!double.IsFinite(start) || !double.IsFinite(end))
            throw new ArgumentException($"{op}: the bounds must be finite, got start={start}, end={end}.");
        if (dtype == DType.Bool) throw new ArgumentException($"{op} expects a numeric dtype, got Bool.", nameof(dtype));
    }

    private static void FillLinear(Tensor t, double start, double end, int steps, Func<double, double> map, bool isLinear = false)
    {
        if (steps == 0) return;
        if (steps == 1)
        {
            t.SetRaw(0, map(start));
            return;
        }
        if (!isLinear)
        {
            // Logspace: base^v per element (the same v as below), rounded once to the dtype
            double step = (end - start) / (steps - 1);
            for (int i = 0; i < steps; i++)
            {
                double m = map(Kernels.LinearFill.At(i, steps, start, end, step));
                t.SetRaw(i, t.DType.IsInteger() ? Math.Truncate(m) : m);
            }
            return;
        }
        switch (t.DType)
        {
            case DType.Float32: Kernels.LinearFill.Fill(t.Span<float>(), start, end); break;
            case DType.Float64: Kernels.LinearFill.Fill(t.Span<double>(), start, end); break;
            default:
                double step = (end - start) / (steps - 1);
                for (int i = 0; i < steps; i++) t.SetRaw(i, Math.Truncate(Kernels.LinearFill.At(i, steps, start, end, step)));
                break;
        }
    }
}
