using DeepNotes.Metrics;
using DeepNotes.Data;

namespace DeepNotes.Training;

public sealed partial class Trainer
{
    /// <summary>
    /// Computes the loss and <paramref name="metrics"/> of the model on <paramref name="data"/> in evaluation mode under
    /// <see cref="Autograd.NoGrad"/>, leaving the model in the mode it was in.
    /// </summary>
    /// <param name="data">The examples, read in order.</param>
    /// <param name="batchSize">Examples per forward pass.</param>
    /// <param name="metrics">Metrics to compute (reset first).</param>
    /// <returns><c>loss</c> (batch losses weighted by batch size), the loss terms of a <see cref="LossTerms"/> loss, and each metric's value, in that order.</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A custom-step trainer without an evaluation loss.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(Dataset data, int batchSize = 256, IEnumerable<IMetric>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return EvaluateCore(data, batchSize, CheckMetrics(metrics), "");
    }

    private OrderedDictionary<string, double> EvaluateCore(Dataset data, int batchSize, IMetric[] metrics, string prefix)
    {
        if (data.Count == 0) throw new ArgumentException("Evaluate: the dataset is empty.", nameof(data));
        if (_loss is null && _lossTerms is null)
            throw new InvalidOperationException("Evaluate: this trainer has a custom step without an evaluationLoss; pass evaluationLoss to the Trainer constructor.");
        bool wasTraining = Model.IsTraining;
        Model.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            foreach (var m in metrics) m.Reset();
            double lossSum = 0;
            long seen = 0;
            var termSums = new OrderedDictionary<string, double>();
            foreach (var (input, target) in new DataLoader(data, batchSize))
            {
                Tensor output = Model.Call(input);
                int size = input.Shape[0];
                if (_lossTerms is not null)
                {
                    LossTerms terms = _lossTerms(output, target);
                    lossSum += terms.Total.Item() * size;
                    foreach (var (name, value) in terms.Terms) termSums[name] = termSums.GetValueOrDefault(name) + value.Item() * size;
                }
                else lossSum += _loss!(output, target).Item() * size;
                seen += size;
                foreach (var m in metrics) m.Update(output, target);
            }
            var logs = new OrderedDictionary<string, double> { [prefix + "loss"] = lossSum / seen };
            foreach (var (k, v) in termSums) logs[prefix + k] = v / seen;
            foreach (var (k, v) in MetricValues(metrics, prefix)) logs[k] = v;
            return logs;
        }
        finally
        {
            Model.Train(wasTraining);
        }
    }

    /// <summary>
    /// The model's outputs for <paramref name="inputs"/> <c>[N, ...]</c>, computed in batches in evaluation mode under
    /// <see cref="Autograd.NoGrad"/> and concatenated to <c>[N, ...output]</c>; the model's mode is restored.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is a scalar or has no examples.</exception>
    public Tensor Predict(Tensor inputs, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.Rank == 0 || inputs.Shape[0] == 0)
            throw new ArgumentException($"Predict expects inputs [N, ...] with N ≥ 1, got shape {inputs.Shape}.", nameof(inputs));
        int n = inputs.Shape[0];
        return PredictCore(n, batchSize, (start, length) => inputs.Narrow(0, start, length));
    }

    /// <summary>The model's outputs for every input of <paramref name="data"/>, in order (targets are ignored).</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty.</exception>
    public Tensor Predict(Dataset data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.Count == 0) throw new ArgumentException("Predict: the dataset is empty.", nameof(data));
        return PredictCore(data.Count, batchSize, (start, length) =>
        {
            int[] indices = new int[length];
            for (int i = 0; i < length; i++) indices[i] = start + i;
            return data.GetBatch(indices).Input;
        });
    }

    private Tensor PredictCore(int n, int batchSize, Func<int, int, Tensor> slice)
    {
        bool wasTraining = Model.IsTraining;
        Model.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            var outputs = new List<Tensor>((n + batchSize - 1) / batchSize);
            for (int start = 0; start < n; start += batchSize)
                outputs.Add(Model.Call(slice(start, Math.Min(batchSize, n - start))));
            return outputs.Count == 1 ? outputs[0] : Tensor.Concat(outputs);
        }
        finally
        {
            Model.Train(wasTraining);
        }
    }
}
