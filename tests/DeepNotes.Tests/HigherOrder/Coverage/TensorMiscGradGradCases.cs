using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of <c>Functional.Linear</c>/<c>Bilinear</c>, the dense and bilinear layers and the container and
/// utility layers (with the modules' parameters among the inputs, so second derivatives with respect to the weights
/// are checked); and the reasons the creation, sampling and in-place <see cref="Tensor"/> methods have none.
/// </summary>
public sealed class TensorMiscGradGradCases : IGradGradCaseSource
{
    private static Tensor[] With(Tensor input, Module module) => [input, .. module.Parameters()];

    private static GradGradCase Layer<TModule>(string api, string label, TModule module, Func<TModule, Tensor, Tensor> run, params int[] inputShape)
        where TModule : Module
    {
        Float64(module);
        foreach (Tensor p in module.Parameters()) p.RequiresGrad = true;
        return new(api, label, t => run(module, t[0]).Square(), () => With(Randn(500 + (ulong)api.Length, inputShape), module));
    }

    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        yield return new("Functional.Linear", "", t => Functional.Linear(t[0], t[1], t[2]).Tanh(),
            () => [Randn(1, 2, 3), Randn(2, 2, 3), Randn(3, 2)]);
        yield return new("Functional.Linear", "no bias, 3-d input", t => Functional.Linear(t[0].Transpose(0, 1), t[1]).Square(),
            () => [Randn(4, 2, 2, 3), Randn(5, 2, 3)]);
        yield return new("Functional.Bilinear", "", t => Functional.Bilinear(t[0], t[1], t[2], t[3]).Tanh(),
            () => [Randn(6, 2, 2), Randn(7, 2, 3), Randn(8, 2, 2, 3), Randn(9, 2)]);
        yield return new("Functional.Bilinear", "no bias", t => Functional.Bilinear(t[0], t[1].T, t[2]).Square(),
            () => [Randn(10, 2, 2), Randn(11, 3, 2), Randn(12, 1, 2, 3)]);

        var gen = new Generator(77);
        yield return Layer("Layers.Dense", "", new Dense(3, 2, generator: gen), (m, x) => m.Call(x).Tanh(), 2, 3);
        yield return Layer("Layers.Dense", "fused tanh, no bias", new Dense(3, 2, Activation.Tanh, bias: false, generator: gen), (m, x) => m.Call(x), 2, 3);
        yield return Layer("Layers.Bilinear", "", new Bilinear(2, 2, 2, generator: gen), (m, x) => m.Call(x, x.Flip(1)), 2, 2);
        yield return Layer("Layers.Flatten", "", new Flatten(), (m, x) => m.Call(x) * x.Reshape(2, 4), 2, 2, 2);
        yield return Layer("Layers.Unflatten", "", new Unflatten(1, [2, 2]), (m, x) => m.Call(x) * x.Reshape(2, 2, 2), 2, 4);
        yield return Layer("Layers.Identity", "", new Identity(), (m, x) => m.Call(x) * x, 2, 3);
        yield return Layer("Layers.Lambda", "", new Lambda(x => x.Sin() * x), (m, x) => m.Call(x), 2, 3);
        yield return Layer("Layers.Sequential", "", new Sequential(new Dense(3, 3, generator: gen), new Tanh(), new Dense(3, 2, generator: gen)),
            (m, x) => m.Call(x), 2, 3);
        yield return Layer("Layers.ModuleList", "", new ModuleList(new Dense(3, 3, generator: gen), new Tanh(), new Dense(3, 2, generator: gen)),
            (m, x) => { foreach (Module layer in m) x = ((Module<Tensor, Tensor>)layer).Call(x); return x; }, 2, 3);
        yield return Layer("Layers.ModuleDict", "", new ModuleDict(("fc", new Dense(3, 2, generator: gen)), ("act", new Tanh())),
            (m, x) => ((Module<Tensor, Tensor>)m["act"]).Call(((Module<Tensor, Tensor>)m["fc"]).Call(x)), 2, 3);
        yield return Layer("Layers.ParameterList", "",
            new ParameterList(Tensor.Randn([3, 2], DType.Float32, gen), Tensor.Randn([2], DType.Float32, gen)),
            (m, x) => (x.MatMul(m[0]) + m[1]).Tanh(), 2, 3);
        yield return Layer("Layers.ParameterDict", "",
            new ParameterDict(("w", Tensor.Randn([3, 2], DType.Float32, gen)), ("b", Tensor.Randn([2], DType.Float32, gen))),
            (m, x) => (x.MatMul(m["w"]) + m["b"]).Tanh(), 2, 3);
    }

    /// <inheritdoc/>
    public IEnumerable<(string Api, string Reason)> NotDifferentiable()
    {
        const string creation = "creation: a new tensor shaped like the argument, whose values do not depend on it";
        foreach (string m in new[] { "EmptyLike", "FullLike", "OnesLike", "ZerosLike", "RandLike", "RandnLike", "RandIntLike" })
            yield return ($"Tensor.{m}", creation);
        const string sampling = "random sampling: no gradient flows to the parameters (as PyTorch's bernoulli/normal/poisson/multinomial); " +
                                "reparameterised samples are DeepNotes.Distributions' RSample";
        foreach (string m in new[] { "Bernoulli", "Multinomial", "Normal", "Poisson" })
            yield return ($"Tensor.{m}", sampling);
        const string inPlace = "in place: refuses a tensor (or source) that requires grad while grad mode is on and records no graph " +
                               "(the out-of-place form is differentiable and has a case)";
        foreach (string m in new[]
                 {
                     "AddInPlace", "MultiplyInPlace", "CopyFrom", "Fill", "Zero", "IndexAddInPlace", "IndexCopyInPlace", "IndexFillInPlace",
                     "MaskedFillInPlace", "MaskedScatterInPlace", "PutInPlace", "ScatterInPlace", "ScatterAddInPlace", "ScatterReduceInPlace",
                     "BernoulliInPlace", "ExponentialInPlace", "NormalInPlace", "UniformInPlace",
                 })
            yield return ($"Tensor.{m}", inPlace);
        yield return ("Tensor.Detach", "cuts the graph by definition: a new leaf that no gradient flows through");
    }
}
