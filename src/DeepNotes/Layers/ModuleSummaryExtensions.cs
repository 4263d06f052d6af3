using System.Runtime.CompilerServices;

namespace DeepNotes.Layers;

/// <summary><c>model.Summary(inputShape)</c>: a model's layers, shapes, parameter counts, activations and FLOPs.</summary>
public static class ModuleSummaryExtensions
{
    /// <summary>
    /// Runs one forward pass of a zero input of <paramref name="inputShape"/> (batch dimension first) in evaluation mode
    /// without recording gradients, watching every module call through forward hooks, and returns the
    /// <see cref="ModelSummary"/>. The model's training mode and parameters are left as they were.
    /// </summary>
    /// <param name="model">The model; its children are seen when it calls them through <c>Call</c>.</param>
    /// <param name="inputShape">The example input's shape, e.g. <c>[1, 400]</c> or <c>[1, 1, 28, 28]</c>.</param>
    /// <param name="dtype">The example input's dtype: the parameters' floating-point type, or Int32 for token ids.</param>
    /// <example><code>Console.WriteLine(model.Summary([1, 1, 28, 28]));</code></example>
    public static ModelSummary Summary(this Module<Tensor, Tensor> model, int[] inputShape, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        return model.Summary(Tensor.Zeros(inputShape, dtype));
    }

    /// <summary>Like <see cref="Summary(Module{Tensor, Tensor}, int[], DType)"/>, with a given example input.</summary>
    /// <param name="model">The model.</param>
    /// <param name="exampleInput">An input the model accepts, batch dimension first.</param>
    public static ModelSummary Summary(this Module<Tensor, Tensor> model, Tensor exampleInput)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(exampleInput);
        int batch = exampleInput.Rank > 0 ? Math.Max(1, exampleInput.Shape[0]) : 1;
        var modules = model.NamedModules().ToList();
        var names = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in modules) names.TryAdd(module, name);
        var rows = new List<LayerSummary?>();
        var open = new Dictionary<Module, Stack<int>>(ReferenceEqualityComparer.Instance);
        var handles = new List<IDisposable>();
        var modes = modules.Select(m => (m.Module, m.Module.IsTraining)).ToList();
        try
        {
            foreach (var (name, module) in modules)
            {
                if (ReferenceEquals(module, model) && modules.Count > 1) continue; // the model itself is the totals
                handles.Add(module.RegisterForwardPreHook((m, _) =>
                {
                    if (!open.TryGetValue(m, out var stack)) open[m] = stack = new Stack<int>();
                    stack.Push(rows.Count);
                    rows.Add(null); // filled when the call returns, so rows keep the order in which calls started
                }));
                handles.Add(module.RegisterForwardHook((m, input, output) =>
                {
                    int row = open[m].Pop();
                    var shapes = Tensors(output).Select(t => t.Shape).ToList();
                    long elements = Tensors(output).Sum(t => (long)t.ElementCount);
                    string path = names[m];
                    rows[row] = new LayerSummary(path, m.GetType().Name, path.Length == 0 ? 0 : path.Count(c => c == '.') + 1, shapes,
                        m.ParameterCount(), m.ParameterCount(trainableOnly: true), elements / batch, m.EstimateForwardFlops(input, output),
                        !m.Children().Any());
                }));
            }
            model.Eval();
            using (Autograd.NoGrad()) model.Call(exampleInput);
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
            // NamedModules lists parents before children, so each recursive Train leaves mixed modes as they were
            foreach (var (m, training) in modes) m.Train(training);
        }
        var parameters = model.Parameters().ToList();
        return new ModelSummary(exampleInput.Shape, rows.Where(r => r is not null).Select(r => r!).ToList(),
            parameters.Sum(p => (long)p.ElementCount), parameters.Where(p => p.RequiresGrad).Sum(p => (long)p.ElementCount),
            parameters.Sum(p => (long)p.ElementCount * p.DType.ElementSize()));
    }

    private static IEnumerable<Tensor> Tensors(object? output)
    {
        switch (output)
        {
            case Tensor t:
                yield return t;
                break;
            case ITuple tuple:
                for (int i = 0; i < tuple.Length; i++)
                    foreach (var t in Tensors(tuple[i])) yield return t;
                break;
            case IEnumerable<Tensor> list:
                foreach (var t in list) yield return t;
                break;
        }
    }
}
