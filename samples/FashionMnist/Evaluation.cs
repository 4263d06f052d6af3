using DeepNotes;
using DeepNotes.Data;
using DeepNotes.Layers;

/// <summary>Accuracy of a classifier's logits against class labels.</summary>
internal static class Evaluation
{
    /// <summary>How many rows of <paramref name="logits"/> [N, C] have their arg-max at the label [N].</summary>
    public static long CountCorrect(Tensor logits, Tensor labels)
    {
        int[] predicted = logits.Detach().ArgMax(1).ToArray<int>();
        int[] expected = labels.ToArray<int>();
        long correct = 0;
        for (int i = 0; i < predicted.Length; i++) if (predicted[i] == expected[i]) correct++;
        return correct;
    }

    /// <summary>The fraction of examples classified correctly, in evaluation mode and without recording gradients.</summary>
    public static double Accuracy(Module<Tensor, Tensor> model, DataLoader loader)
    {
        model.Eval();
        long correct = 0, seen = 0;
        using (Autograd.NoGrad())
        {
            foreach (var (images, labels) in loader)
            {
                correct += CountCorrect(model.Forward(images), labels);
                seen += labels.ElementCount;
            }
        }
        model.Train();
        return seen == 0 ? 0 : (double)correct / seen;
    }
}
