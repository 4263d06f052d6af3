using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// A fully connected layer, PyTorch's <c>nn.Linear</c>: y = x·Wᵀ + b, <c>[*, in] -> [*, out]</c>, with
/// <see cref="Weight"/> stored <c>[out, in]</c> and <see cref="Bias"/> <c>[out]</c> (state-dict names <c>weight</c>,
/// <c>bias</c>). An optional fused <see cref="Layers.Activation"/> makes a Keras-style one-liner one layer:
/// <c>new Dense(400, 300, Activation.Relu)</c> computes relu(x·Wᵀ + b), with the same parameters (and state dict) as
/// <c>nn.Linear(400, 300)</c>.
/// </summary>
/// <remarks>
/// Default initialisation is PyTorch's: W ~ U(−1/√in, 1/√in) (Kaiming uniform with slope √5) and
/// b ~ U(−1/√in, 1/√in). Re-initialise with <see cref="Init"/>, e.g. <c>Init.XavierUniform(dense.Weight)</c>.
/// </remarks>
public sealed class Dense : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="inFeatures">Size of each input's last dimension.</param>
    /// <param name="outFeatures">Size of each output's last dimension.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public Dense(int inFeatures, int outFeatures, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : this(inFeatures, outFeatures, Activation.None, bias, dtype, generator)
    {
    }

    /// <summary>Creates the layer with a fused activation, y = activation(x·Wᵀ + b), and initialises it like PyTorch.</summary>
    /// <param name="inFeatures">Size of each input's last dimension.</param>
    /// <param name="outFeatures">Size of each output's last dimension.</param>
    /// <param name="activation">The activation applied to the affine map's output (<see cref="Activation.None"/>: none).</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="activation"/> is undefined.</exception>
    public Dense(int inFeatures, int outFeatures, Activation activation, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        activation.Check("Dense");
        Activation = activation;
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var weight = RegisterParameter("weight", Tensor.Zeros([outFeatures, inFeatures], dtype));
        Init.KaimingUniform(weight, negativeSlope: Math.Sqrt(5), generator: generator);
        if (bias)
        {
            var b = RegisterParameter("bias", Tensor.Zeros([outFeatures], dtype));
            double bound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;
            Init.Uniform(b, -bound, bound, generator);
        }
        else
        {
            RegisterAbsentParameter("bias");
        }
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The fused activation (<see cref="Activation.None"/> when there is none).</summary>
    public Activation Activation { get; }

    /// <summary>The weight <c>[out, in]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The bias <c>[out]</c>, or null when the layer has none.</summary>
    public Tensor? Bias => GetParameter("bias");

    /// <summary>y = x·Wᵀ + b, then the fused <see cref="Activation"/> if any: <c>[*, in] -> [*, out]</c>.</summary>
    /// <exception cref="ArgumentException">The input's last dimension is not <see cref="InFeatures"/>, or its dtype differs.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Shape[-1] != InFeatures)
            throw new ArgumentException($"Dense({InFeatures} -> {OutFeatures}) expects input [*, {InFeatures}], got {input.Shape}.", nameof(input));
        if (input.DType != Weight.DType)
            throw new ArgumentException($"Dense({InFeatures} -> {OutFeatures}) has {Weight.DType} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        var y = Functional.LinearPrevalidated(input, Weight, Bias); // the checks above are Linear's, in the layer's words
        return Activation == Activation.None ? y : Activation.Apply(y);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (output is not Tensor y || y.Rank == 0) return 0;
        long rows = y.ElementCount / OutFeatures;
        return 2L * rows * InFeatures * OutFeatures + (Bias is null ? 0 : rows * OutFeatures);
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"Dense(in: {InFeatures}, out: {OutFeatures}, bias: {(Bias is not null ? "true" : "false")}{(Activation == Activation.None ? "" : $", activation: {Activation}")})";
}
