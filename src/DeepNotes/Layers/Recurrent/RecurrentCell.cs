using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// What <see cref="RnnCell"/>, <see cref="LstmCell"/> and <see cref="GruCell"/> share: the parameters
/// <c>weight_ih [G·H, I]</c>, <c>weight_hh [G·H, H]</c>, <c>bias_ih [G·H]</c>, <c>bias_hh [G·H]</c> with G gates
/// stacked in PyTorch's order, all initialised U(−1/√H, 1/√H), and the input checks: input <c>[N, I]</c> or <c>[I]</c>,
/// state(s) <c>[N, H]</c> or <c>[H]</c> to match (zeros when absent).
/// </summary>
/// <typeparam name="TInput">The input with the optional state(s).</typeparam>
/// <typeparam name="TOutput">The new state(s).</typeparam>
public abstract class RecurrentCell<TInput, TOutput> : Module<TInput, TOutput>
{
    private protected RecurrentCell(string name, int gates, int inputSize, int hiddenSize, bool bias, DType dtype, Generator? generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        Name = name;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        double bound = 1 / Math.Sqrt(hiddenSize);
        Init.Uniform(RegisterParameter("weight_ih", Tensor.Zeros([gates * hiddenSize, inputSize], dtype)), -bound, bound, generator);
        Init.Uniform(RegisterParameter("weight_hh", Tensor.Zeros([gates * hiddenSize, hiddenSize], dtype)), -bound, bound, generator);
        if (bias)
        {
            Init.Uniform(RegisterParameter("bias_ih", Tensor.Zeros([gates * hiddenSize], dtype)), -bound, bound, generator);
            Init.Uniform(RegisterParameter("bias_hh", Tensor.Zeros([gates * hiddenSize], dtype)), -bound, bound, generator);
        }
        else
        {
            RegisterAbsentParameter("bias_ih");
            RegisterAbsentParameter("bias_hh");
        }
    }

    private string Name { get; }

    /// <summary>Features of each input.</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>Input-to-hidden weights <c>[G·H, I]</c> (<c>weight_ih</c>).</summary>
    public Tensor WeightIh => GetParameter("weight_ih")!;

    /// <summary>Hidden-to-hidden weights <c>[G·H, H]</c> (<c>weight_hh</c>).</summary>
    public Tensor WeightHh => GetParameter("weight_hh")!;

    /// <summary>Input-side bias <c>[G·H]</c> (<c>bias_ih</c>), or null without bias.</summary>
    public Tensor? BiasIh => GetParameter("bias_ih");

    /// <summary>Hidden-side bias <c>[G·H]</c> (<c>bias_hh</c>), or null without bias.</summary>
    public Tensor? BiasHh => GetParameter("bias_hh");

    /// <summary>Checks the input and returns it as <c>[N, I]</c>; <paramref name="batched"/> says whether it had a batch dimension.</summary>
    private protected Tensor CheckInput(Tensor input, out bool batched)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (1 or 2) || input.Shape[-1] != InputSize)
            throw new ArgumentException($"{Name}(input_size: {InputSize}, hidden_size: {HiddenSize}) expects input [N, {InputSize}] or [{InputSize}], got {input.Shape}.", nameof(input));
        if (input.DType != WeightIh.DType)
            throw new ArgumentException($"{Name} has {WeightIh.DType} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        batched = input.Rank == 2;
        return batched ? input : input.Unsqueeze(0);
    }

    /// <summary>Checks a state against the input (<c>[N, H]</c>, or <c>[H]</c> unbatched) and returns it as <c>[N, H]</c>; zeros when null.</summary>
    private protected Tensor CheckState(Tensor? state, string what, Tensor input2D, bool batched)
    {
        int n = input2D.Shape[0];
        if (state is null) return Tensor.Zeros([n, HiddenSize], input2D.DType);
        bool ok = batched ? state.Rank == 2 && state.Shape[0] == n && state.Shape[1] == HiddenSize
                          : state.Rank == 1 && state.Shape[0] == HiddenSize;
        if (!ok)
            throw new ArgumentException($"{Name}(input_size: {InputSize}, hidden_size: {HiddenSize}) expects {what} {(batched ? $"[{n}, {HiddenSize}]" : $"[{HiddenSize}]")} for input {(batched ? $"[{n}, {InputSize}]" : $"[{InputSize}]")}, got {state.Shape}.", what);
        if (state.DType != input2D.DType)
            throw new ArgumentException($"{Name}: {what} is {state.DType}, the input {input2D.DType}.", what);
        return batched ? state : state.Unsqueeze(0);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        int rows = input is System.Runtime.CompilerServices.ITuple t && t.Length > 0 && t[0] is Tensor x ? (x.Rank == 2 ? x.Shape[0] : 1) : 1;
        return 2L * rows * WeightIh.Shape[0] * (InputSize + HiddenSize);
    }

    /// <inheritdoc/>
    public override string Describe() => $"{Name}(input_size: {InputSize}, hidden_size: {HiddenSize}, bias: {(BiasIh is not null ? "true" : "false")})";
}
