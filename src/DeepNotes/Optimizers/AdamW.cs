namespace DeepNotes.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019): <see cref="Adam"/> with decoupled weight decay, PyTorch's
/// <c>torch.optim.AdamW</c>. Each step first shrinks the parameter, p ← p · (1 − lr · weightDecay), then applies the
/// Adam update to the unmodified gradient (the decay never enters the moment estimates). The default weight decay is
/// 0.01, as in PyTorch. State as <see cref="Adam"/>.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates AdamW over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">Decoupled decay λ: p ← p·(1 − lr·λ) each step (≥ 0).</param>
    /// <param name="amsgrad">Use the maximum of all second-moment averages so far (AMSGrad).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, decoupled: true)
    {
    }

    /// <summary>Creates AdamW over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">Decoupled decay of groups without their own.</param>
    /// <param name="amsgrad">Use the maximum of all second-moment averages so far (AMSGrad).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public AdamW(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
        : base(groups, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, decoupled: true)
    {
    }
}
