using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// A bilinear layer, PyTorch's <c>nn.Bilinear</c>: y_o = x₁ᵀ·W_o·x₂ + b_o, <c>([*, in1], [*, in2]) -> [*, out]</c>, with
/// <see cref="Weight"/> <c>[out, in1, in2]</c> and <see cref="Bias"/> <c>[out]</c> (state-dict names <c>weight</c>,
/// <c>bias</c>). Default initialisation is PyTorch's: both from U(−1/√in1, 1/√in1).
/// </summary>
/// <example>
/// <code>
/// var bilinear = new Bilinear(20, 30, 40);
/// Tensor y = bilinear.Call(Tensor.Randn([128, 20]), Tensor.Randn([128, 30]));   // [128, 40]
/// </code>
/// </example>
public sealed class Bilinear : Module<(Tensor Input1, Tensor Input2), Tensor>
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="in1Features">Size of the first input's last dimension.</param>
    /// <param name="in2Features">Size of the second input's last dimension.</param>
    /// <param name="outFeatures">Size of the output's last dimension.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public Bilinear(int in1Features, int in2Features, int outFeatures, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(in1Features);
        ArgumentOutOfRangeException.ThrowIfNegative(in2Features);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        In1Features = in1Features;
        In2Features = in2Features;
        OutFeatures = outFeatures;
        double bound = in1Features > 0 ? 1 / Math.Sqrt(in1Features) : 0;
        var weight = RegisterParameter("weight", Tensor.Zeros([outFeatures, in1Features, in2Features], dtype));
        Init.Uniform(weight, -bound, bound, generator);
        if (bias) Init.Uniform(RegisterParameter("bias", Tensor.Zeros([outFeatures], dtype)), -bound, bound, generator);
        else RegisterAbsentParameter("bias");
    }

    /// <summary>First input features.</summary>
    public int In1Features { get; }

    /// <summary>Second input features.</summary>
    public int In2Features { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight <c>[out, in1, in2]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The bias <c>[out]</c>, or null when the layer has none.</summary>
    public Tensor? Bias => GetParameter("bias");

    /// <summary>y = x₁ᵀ·W·x₂ + b: <c>([*, in1], [*, in2]) -> [*, out]</c>.</summary>
    /// <exception cref="ArgumentException">An input's last dimension or dtype does not fit, or the leading dimensions differ.</exception>
    public override Tensor Forward((Tensor Input1, Tensor Input2) input)
    {
        ArgumentNullException.ThrowIfNull(input.Input1);
        ArgumentNullException.ThrowIfNull(input.Input2);
        return Functional.Bilinear(input.Input1, input.Input2, Weight, Bias);
    }

    /// <summary>Runs the layer on two inputs (PyTorch's <c>bilinear(x1, x2)</c>), through the hooks as <see cref="Module{TInput, TOutput}.Call"/>.</summary>
    /// <inheritdoc cref="Forward" path="/exception"/>
    public Tensor Call(Tensor input1, Tensor input2) => Call((input1, input2));

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (output is not Tensor y || y.Rank == 0) return 0;
        long rows = OutFeatures == 0 ? 0 : y.ElementCount / OutFeatures;
        // x₁·W′ (2·in1·out·in2 per row), the product with x₂ and its sum (2·out·in2), the bias (out)
        return rows * (2L * In1Features * OutFeatures * In2Features + 2L * OutFeatures * In2Features + (Bias is null ? 0 : OutFeatures));
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"Bilinear(in1: {In1Features}, in2: {In2Features}, out: {OutFeatures}, bias: {(Bias is not null ? "true" : "false")})";
}
