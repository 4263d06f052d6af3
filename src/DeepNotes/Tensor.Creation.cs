using DeepNotes.Kernels;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    /// <param name="shape">The dimensions, e.g. <c>[2, 3]</c>.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="requiresGrad">Make the result a leaf that collects gradients.</param>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float32, bool requiresGrad = false) =>
        new Tensor(shape, dtype).WithRequiresGrad(requiresGrad);

    /// <summary>A tensor of ones.</summary>
    /// <inheritdoc cref="Zeros" path="/param"/>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float32, bool requiresGrad = false) =>
        Full(shape, 1.0, dtype, requiresGrad);

    /// <summary>A tensor with every element equal to <paramref name="value"/> (converted to <paramref name="dtype"/>).</summary>
    /// <param name="shape">The dimensions.</param>
    /// <param name="value">The fill value.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="requiresGrad">Make the result a leaf that collects gradients.</param>
    public static Tensor Full(Shape shape, double value, DType dtype = DType.Float32, bool requiresGrad = false)
    {
        var t = new Tensor(shape, dtype);
        t.FillRaw(value);
        return t.WithRequiresGrad(requiresGrad);
    }

    /// <summary>Zeros with the shape and dtype of <paramref name="other"/>.</summary>
    public static Tensor ZerosLike(Tensor other) => Zeros(other.Shape, other.DType);

    /// <summary>Ones with the shape and dtype of <paramref name="other"/>.</summary>
    public static Tensor OnesLike(Tensor other) => Ones(other.Shape, other.DType);

    /// <summary>A 0-dim tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32, bool requiresGrad = false) =>
        Full(Shape.Scalar, value, dtype, requiresGrad);

    /// <summary>
    /// A tensor holding a copy of <paramref name="data"/> (float, double, int, bool, long, Half or BFloat16) in row-major order; the dtype
    /// follows the element type. Without <paramref name="shape"/> the result is 1-D.
    /// </summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the array length.</exception>
    public static Tensor FromArray<T>(T[] data, Shape? shape = null, bool requiresGrad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        Shape s = shape ?? new Shape(data.Length);
        if (s.ElementCount != data.Length)
            throw new ArgumentException($"FromArray: shape {s} needs {s.ElementCount} elements, the array has {data.Length}.", nameof(shape));
        var t = new Tensor(new Storage((T[])data.Clone()), s, s.ContiguousStrides(), 0, DTypeExtensions.FromClrType<T>());
        return t.WithRequiresGrad(requiresGrad);
    }

    /// <summary>A 2-D tensor holding a copy of a rectangular array.</summary>
    public static Tensor FromArray<T>(T[,] data, bool requiresGrad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.GetLength(0), cols = data.GetLength(1);
        var flat = new T[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) flat[i * cols + j] = data[i, j];
        return FromArray(flat, new Shape(rows, cols), requiresGrad);
    }

    /// <summary>Values from 0 up to (not including) <paramref name="end"/> in steps of 1, like <c>torch.arange(end)</c>.</summary>
    public static Tensor Arange(double end, DType dtype = DType.Float32) => Arange(0, end, 1, dtype);

    /// <summary>Values <c>start, start + step, ...</c> stopping before <paramref name="end"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is zero or points away from <paramref name="end"/>, or a bound is not finite.</exception>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end))
            throw new ArgumentException($"Arange: the bounds must be finite, got start={start}, end={end}.", nameof(end));
        if (step == 0 || double.IsNaN(step) || (end - start) * step < 0)
            throw new ArgumentException($"Arange: step {step} cannot go from {start} to {end}.", nameof(step));
        int count = (int)Math.Ceiling((end - start) / step);
        var t = new Tensor(new Shape(count), dtype);
        for (int i = 0; i < count; i++) t.SetRaw(i, start + i * step);
        return t;
    }

    /// <summary>An <paramref name="rows"/>×<paramref name="columns"/> matrix with ones on the diagonal.</summary>
    public static Tensor Eye(int rows, int? columns = null, DType dtype = DType.Float32)
    {
        int cols = columns ?? rows;
        var t = Zeros(new Shape(rows, cols), dtype);
        for (int i = 0; i < Math.Min(rows, cols); i++) t.SetRaw(i * cols + i, 1.0);
        return t;
    }

    /// <summary>Uniform samples in [0, 1) from <paramref name="generator"/> (default: <see cref="Generator.Default"/>).</summary>
    public static Tensor Rand(Shape shape, DType dtype = DType.Float32, Generator? generator = null, bool requiresGrad = false)
    {
        RequireFloatingPoint("Rand", dtype);
        var t = new Tensor(shape, dtype);
        Draw(generator, g =>
        {
            if (dtype == DType.Float32) foreach (ref float v in t.Span<float>()) v = g.NextSingle();
            else foreach (ref double v in t.Span<double>()) v = g.NextDouble();
        });
        return t.WithRequiresGrad(requiresGrad);
    }

    /// <summary>Standard normal samples from <paramref name="generator"/> (default: <see cref="Generator.Default"/>).</summary>
    public static Tensor Randn(Shape shape, DType dtype = DType.Float32, Generator? generator = null, bool requiresGrad = false)
    {
        RequireFloatingPoint("Randn", dtype);
        var t = Ops.ShapeMoves.Empty(shape, dtype); // every element is drawn
        Draw(generator, g =>
        {
            if (dtype == DType.Float32) NormalSampling.Fill(g, t.Span<float>());
            else NormalSampling.Fill(g, t.Span<double>());
        });
        return t.WithRequiresGrad(requiresGrad);
    }

    /// <summary>Uniform integers in [<paramref name="low"/>, <paramref name="high"/>) as an <see cref="DType.Int32"/> tensor.</summary>
    public static Tensor RandInt(int low, int high, Shape shape, Generator? generator = null)
    {
        if (high <= low) throw new ArgumentException($"RandInt expects low < high, got low={low}, high={high}.");
        var t = new Tensor(shape, DType.Int32);
        Draw(generator, g =>
        {
            foreach (ref int v in t.Span<int>()) v = g.NextInt32(low, high);
        });
        return t;
    }

    private static void Draw(Generator? generator, Action<Generator> fill)
    {
        CheckpointCapture.NoteGenerator(generator ?? Generator.Default); // an Autograd.Checkpoint forward replays these draws in backward
        if (generator is not null) fill(generator);
        else lock (Generator.Default) fill(Generator.Default);
    }

    private static void RequireFloatingPoint(string op, DType dtype)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{op} expects a floating-point dtype (Float32 or Float64), got {dtype}.");
    }

    private Tensor WithRequiresGrad(bool requiresGrad)
    {
        if (requiresGrad) RequiresGrad = true;
        return this;
    }
}
