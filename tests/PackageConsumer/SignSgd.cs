// A user-written optimizer, compiled against the DeepNotes package's public API only: it proves that CustomOptimizer
// is a usable extension point (public base constructors, named per-parameter state, named hyper-parameters).
using DeepNotes;
using DeepNotes.Optimizers;

/// <summary>
/// Sign-SGD with momentum and an optional weight decay: m ← μ·m + g; p ← p − lr·sign(m) − lr·λ·p.
/// State: <c>momentum_buffer</c> and the scalar <c>updates</c>; hyper-parameter <c>momentum</c> (per group).
/// </summary>
public sealed class SignSgd : CustomOptimizer
{
    public SignSgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0.9, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, new Dictionary<string, double> { ["momentum"] = momentum })
    {
    }

    protected override void ValidateHyperParameter(string name, double value)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(nameof(value), value, $"SignSgd: {name} must be in [0, 1), got {value}.");
    }

    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        var buffer = state.GetOrCreate("momentum_buffer", like: parameter);
        buffer.MultiplyInPlace(group["momentum"]).AddInPlace(gradient);
        if (group.WeightDecay != 0) parameter.MultiplyInPlace(1 - group.LearningRate * group.WeightDecay);
        parameter.AddInPlace(buffer.Sign(), alpha: -group.LearningRate);
        state.SetScalar("updates", state.GetScalar("updates") + 1);
    }
}
