namespace DeepNotes.Initializers;

/// <summary>
/// Weight initialisers that fill a tensor in place, like <c>torch.nn.init</c>: constant, uniform, normal,
/// Xavier/Glorot, He/Kaiming and orthogonal. They run without recording gradients, so they work on parameters
/// that require grad, and draw from <see cref="Generator.Default"/> unless given a generator.
/// </summary>
/// <remarks>
/// Fans follow PyTorch: for a weight <c>[out, in, k...]</c>, fan-in = in·∏k and fan-out = out·∏k
/// (so a Dense weight <c>[out, in]</c> has fan-in <c>in</c>).
/// </remarks>
/// <example>
/// <code>
/// var dense = new Dense(256, 128);
/// Init.KaimingNormal(dense.Weight, nonlinearity: Nonlinearity.Relu);
/// Init.Zeros(dense.Bias!);
/// </code>
/// </example>
public static partial class Init
{
    /// <summary>Fills with zeros.</summary>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Fills with ones.</summary>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>Fills with <paramref name="value"/>.</summary>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Constant(Tensor tensor, double value)
    {
        CheckFloating(tensor, nameof(Constant));
        using (Autograd.NoGrad()) tensor.Fill(value);
        return tensor;
    }

    /// <summary>Fills with draws from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="low"/> exceeds <paramref name="high"/>.</exception>
    public static Tensor Uniform(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
    {
        CheckFloating(tensor, nameof(Uniform));
        if (!(low <= high))
            throw new ArgumentException($"Init.Uniform: low ({low}) must not exceed high ({high}).", nameof(low));
        var g = generator ?? Generator.Default;
        return FillWith(tensor, () => low + (high - low) * g.NextDouble());
    }

    /// <summary>Fills with draws from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative.</exception>
    public static Tensor Normal(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        CheckFloating(tensor, nameof(Normal));
        ArgumentOutOfRangeException.ThrowIfNegative(std);
        var g = generator ?? Generator.Default;
        return FillWith(tensor, () => mean + std * g.NextNormal());
    }

    /// <summary>
    /// The recommended gain for <paramref name="nonlinearity"/>, like <c>calculate_gain</c>: 1 for linear and
    /// sigmoid, 5/3 for tanh, √2 for ReLU, √(2/(1+a²)) for leaky ReLU with slope a, 3/4 for SELU.
    /// </summary>
    /// <param name="nonlinearity">The activation after the layer.</param>
    /// <param name="negativeSlope">Leaky ReLU's slope a (PyTorch's default when none is given is 0.01).</param>
    public static double CalculateGain(Nonlinearity nonlinearity, double negativeSlope = 0.01) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1,
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.Relu => Math.Sqrt(2),
        Nonlinearity.LeakyRelu => Math.Sqrt(2 / (1 + negativeSlope * negativeSlope)),
        Nonlinearity.Selu => 0.75,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
    };

    /// <summary>
    /// Fan-in and fan-out of a weight of <paramref name="shape"/> <c>[out, in, k...]</c>: in·∏k and out·∏k.
    /// </summary>
    /// <exception cref="ArgumentException">The shape has fewer than two dimensions.</exception>
    public static (int FanIn, int FanOut) ComputeFans(Shape shape)
    {
        if (shape.Rank < 2)
            throw new ArgumentException($"Fans need a weight of at least 2 dimensions [out, in, ...], got {shape}.", nameof(shape));
        int receptive = 1;
        for (int d = 2; d < shape.Rank; d++) receptive *= shape[d];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    private static Tensor FillWith(Tensor tensor, Func<double> next)
    {
        // Draw in logical order into a fresh contiguous tensor, then copy: works for any strides.
        var values = new double[tensor.ElementCount];
        for (int i = 0; i < values.Length; i++) values[i] = next();
        var source = Tensor.FromArray(values, tensor.Shape).ConvertRaw(tensor.DType);
        using (Autograd.NoGrad()) tensor.CopyFrom(source);
        return tensor;
    }

    private static void CheckFloating(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.DType.IsFloatingPoint())
            throw new ArgumentException($"Init.{name} expects a Float32 or Float64 tensor, got {tensor.DType}.", nameof(tensor));
    }
}
