using System.Globalization;
using System.Text;

namespace DeepNotes.Layers;

/// <summary>
/// What a model is, layer by layer, like Keras' <c>model.summary()</c> and torchinfo: each module call's output shape,
/// parameters (trainable and frozen), activations per sample and FLOPs, with totals. <see cref="ToString"/> prints the
/// table. Made by <see cref="ModuleSummaryExtensions.Summary(Module{Tensor, Tensor}, int[], DType)"/>.
/// </summary>
public sealed class ModelSummary
{
    internal ModelSummary(Shape inputShape, IReadOnlyList<LayerSummary> layers, long totalParameters, long trainableParameters,
        long parameterBytes)
    {
        InputShape = inputShape;
        Layers = layers;
        TotalParameters = totalParameters;
        TrainableParameters = trainableParameters;
        ParameterBytes = parameterBytes;
        long inputPerSample = inputShape.Rank == 0 ? 1 : inputShape.ElementCount / Math.Max(1, inputShape[0]);
        Activations = inputPerSample + layers.Where(l => l.IsLeaf).Sum(l => l.Activations);
        Flops = layers.Sum(l => l.Flops);
    }

    /// <summary>The shape of the example input, batch dimension first.</summary>
    public Shape InputShape { get; }

    /// <summary>The module calls in the order they started, the model's descendants at depth 1 and below.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>Parameter elements of the whole model, each shared tensor counted once.</summary>
    public long TotalParameters { get; }

    /// <summary>Parameter elements that require grad.</summary>
    public long TrainableParameters { get; }

    /// <summary>Parameter elements that do not require grad (frozen).</summary>
    public long FrozenParameters => TotalParameters - TrainableParameters;

    /// <summary>Memory held by the parameters, in bytes.</summary>
    public long ParameterBytes { get; }

    /// <summary>
    /// Elements per sample of the input and of every leaf layer's output: the values a forward pass holds, as Keras
    /// counts them (400 + 300 + 100 + 10 = 810 for Input(400)→Dense(300)→Dense(100)→Dense(10)).
    /// </summary>
    public long Activations { get; }

    /// <summary>Floating-point operations of one forward pass of the whole example batch.</summary>
    public long Flops { get; }

    /// <summary>The summary as a table with totals.</summary>
    public override string ToString()
    {
        var rows = new List<string[]> { new[] { "Layer (type)", "Output shape", "Params", "Trainable", "Activations", "FLOPs" } };
        foreach (var l in Layers)
        {
            string name = new string(' ', 2 * Math.Max(0, l.Depth - 1)) + (l.Name.Length > 0 ? $"{l.Name} ({l.Type})" : l.Type);
            rows.Add([name, string.Join(", ", l.OutputShapes.Select(s => s.ToString())), N(l.Parameters), N(l.TrainableParameters),
                N(l.Activations), N(l.Flops)]);
        }
        int[] widths = Enumerable.Range(0, 6).Select(c => rows.Max(r => r[c].Length)).ToArray();
        int total = widths.Sum() + 2 * (widths.Length - 1);
        var sb = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            sb.Append(row[0].PadRight(widths[0])).Append("  ").Append(row[1].PadRight(widths[1]));
            for (int c = 2; c < 6; c++) sb.Append("  ").Append(row[c].PadLeft(widths[c]));
            sb.AppendLine();
            if (r == 0) sb.AppendLine(new string('=', total));
        }
        sb.AppendLine(new string('=', total));
        sb.AppendLine($"Total params: {N(TotalParameters)} ({Bytes(ParameterBytes)})");
        sb.AppendLine($"Trainable params: {N(TrainableParameters)}");
        sb.AppendLine($"Non-trainable params: {N(FrozenParameters)}");
        sb.AppendLine($"Activations per sample: {N(Activations)}");
        sb.AppendLine($"FLOPs per forward pass of input {InputShape}: {N(Flops)}");
        return sb.ToString().TrimEnd();
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F2} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F2} MB"),
    };
}
