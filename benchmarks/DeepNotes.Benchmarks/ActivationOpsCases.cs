using DeepNotes;

namespace DeepNotes.Benchmarks;

/// <summary>
/// Issue 14's activations at 1M Float32 elements for the <c>ops</c> verb: each forward alone, and forward plus backward
/// (<c>_fwd_bwd</c>) for a few. The PyTorch counterpart is benchmarks/ops_reference_activations.py, with the same names
/// and inputs.
/// </summary>
public static class ActivationOpsCases
{
    /// <summary>The cases: name, one call, elements processed per call.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        const int n = 1 << 20;
        var g = new Generator(7);
        Tensor x = Tensor.Randn([n], generator: g) * 3.0;                // N(0, 9): every piece of the hard functions
        Tensor x2 = Tensor.Randn([1024, 1024], generator: g);
        Tensor grad = Tensor.Randn([n], generator: g);
        Tensor xg = x.Detach();
        xg.RequiresGrad = true;
        var forward = new (string, Func<Tensor>)[]
        {
            ("baseline_relu", () => x.Relu()), ("silu", () => x.Silu()), ("mish", () => x.Mish()), ("hardswish", () => x.Hardswish()),
            ("hardsigmoid", () => x.Hardsigmoid()), ("hardtanh", () => x.Hardtanh()), ("hardshrink", () => x.Hardshrink()),
            ("softshrink", () => x.Softshrink()), ("tanhshrink", () => x.Tanhshrink()), ("softsign", () => x.Softsign()),
            ("logsigmoid", () => x.LogSigmoid()), ("selu", () => x.Selu()), ("celu", () => x.Celu(0.5)),
            ("threshold", () => x.Threshold(0.1, 20)), ("rrelu_eval", () => Functional.RRelu(x)),
            ("softmin_lastdim", () => Functional.Softmin(x2, -1)), ("glu_lastdim", () => Functional.Glu(x2, -1)),
        };
        foreach (var (name, f) in forward) yield return (name, () => f(), n);

        var backward = new (string, Func<Tensor, Tensor>)[]
        {
            ("silu_fwd_bwd", t => t.Silu()), ("mish_fwd_bwd", t => t.Mish()), ("hardswish_fwd_bwd", t => t.Hardswish()),
            ("logsigmoid_fwd_bwd", t => t.LogSigmoid()), ("selu_fwd_bwd", t => t.Selu()),
        };
        foreach (var (name, f) in backward)
            yield return (name, () =>
            {
                xg.Grad = null;
                f(xg).Backward(grad);
            }, n);
    }
}
