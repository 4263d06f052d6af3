using DeepNotes.Layers;

namespace DeepNotes.Training;

/// <summary>
/// Gradient saliency (Simonyan, Vedaldi and Zisserman, 2014): how much each input value moves a class score.
/// <see cref="Gradient"/> is ∂score/∂input in one call; <see cref="Map"/> reduces it to one heat map per image.
/// </summary>
/// <example><code>
/// Tensor heat = Saliency.Map(model, images, labels); // [N, 1, 28, 28] -> [N, 28, 28]
/// </code></example>
public static class Saliency
{
    /// <summary>
    /// The gradient of each example's class score with respect to that example's input:
    /// <c>∂ output[i, classes[i]] / ∂ input[i]</c>, same shape and dtype as <paramref name="input"/>. The model runs in
    /// evaluation mode (its modes are restored afterwards); parameter gradients are not touched, and the input is not
    /// modified. The score is the model's raw output (the logit), as in the paper, not a softmax probability.
    /// </summary>
    /// <param name="model">A classifier mapping <c>[N, ...]</c> to scores <c>[N, classes]</c>.</param>
    /// <param name="input">A floating-point batch <c>[N, ...]</c>, e.g. images <c>[N, C, H, W]</c>.</param>
    /// <param name="classes">Int32 <c>[N]</c>: the class whose score to explain, per example.</param>
    /// <exception cref="ArgumentException">The input is not floating point, the classes are not Int32 <c>[N]</c>, the
    /// output is not <c>[N, classes]</c>, or a class is out of range.</exception>
    public static Tensor Gradient(Module<Tensor, Tensor> model, Tensor input, Tensor classes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(classes);
        input.CheckFloatingPoint("Saliency.Gradient");
        if (input.Rank == 0)
            throw new ArgumentException($"Saliency.Gradient expects a batch [N, ...], got a 0-dim input.", nameof(input));
        int n = input.Shape[0];
        if (!classes.DType.IsInteger() || classes.Rank != 1 || classes.Shape[0] != n)
            throw new ArgumentException($"Saliency.Gradient expects Int32 classes [{n}], got {classes.DType} {classes.Shape}.", nameof(classes));

        var modes = model.Modules().Select(m => (Module: m, m.IsTraining)).ToList();
        try
        {
            model.Eval();
            using var _ = Autograd.EnableGrad();
            var x = input.Detach().Clone();
            x.RequiresGrad = true;
            Tensor scores = model.Call(x);
            if (scores.Rank != 2 || scores.Shape[0] != n)
                throw new ArgumentException($"Saliency.Gradient expects the model to return scores [{n}, classes], got {scores.Shape}.", nameof(model));
            int classCount = scores.Shape[1];
            int[] picked = Ops.Indexing.IndexChecks.AsInt32Index("Saliency.Gradient", classes, "classes").ToArray<int>();
            var selector = new double[n * classCount];
            for (int i = 0; i < n; i++)
            {
                if ((uint)picked[i] >= (uint)classCount)
                    throw new ArgumentException($"Saliency.Gradient: class {picked[i]} of example {i} is outside [0, {classCount}).", nameof(classes));
                selector[i * classCount + picked[i]] = 1;
            }
            // Σ_i scores[i, c_i]: each example's score depends on its own input only, so one backward pass gives all.
            Tensor score = (scores * Tensor.FromArray(selector, [n, classCount]).To(scores.DType)).Sum();
            return Autograd.Grad(score, [x], allowUnused: true)[0];
        }
        finally
        {
            foreach (var (m, training) in modes) m.Train(training);
        }
    }

    /// <summary>
    /// The saliency map: the largest absolute gradient over the channel axis (axis 1) for inputs <c>[N, C, ...]</c>,
    /// giving <c>[N, ...]</c> (<c>[N, H, W]</c> for images); the absolute gradient itself for inputs <c>[N, D]</c>.
    /// </summary>
    /// <param name="model">A classifier mapping <c>[N, ...]</c> to scores <c>[N, classes]</c>.</param>
    /// <param name="input">A floating-point batch.</param>
    /// <param name="classes">Int32 <c>[N]</c>: the class to explain, per example.</param>
    public static Tensor Map(Module<Tensor, Tensor> model, Tensor input, Tensor classes)
    {
        Tensor gradient = Gradient(model, input, classes);
        using var _ = Autograd.NoGrad();
        return gradient.Rank >= 3 ? gradient.Abs().Max(1) : gradient.Abs();
    }
}
