using DeepNotes;
using DeepNotes.Metrics;

namespace DeepNotes.Tests.Metrics;

/// <summary>
/// Accuracy, top-k accuracy and the confusion matrix against values printed by reference/topk_accuracy.py
/// (torch.argmax, torch.topk, torch.bincount on tie-free scores that both sides build from the same exact formula).
/// </summary>
public class TorchReferenceTests
{
    private const int N = 64, C = 10;

    private static (Tensor Scores, Tensor Targets) Data(DType dtype)
    {
        var s = new double[N * C];
        var t = new int[N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < C; j++) s[i * C + j] = ((i * 7919L + j * 104729L) % 1009) / 1009.0;
            t[i] = (i * 31 + 3) % C;
        }
        return (Tensor.FromArray(s, new Shape(N, C)).To(dtype), Tensor.FromArray(t, new Shape(N)));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void MatchesTorch(DType dtype)
    {
        var (s, t) = Data(dtype);
        // Printed by reference/topk_accuracy.py:
        int accuracyHits = 8;
        int[] topKHits = [8, 13, 16, 24, 32, 37, 43, 51, 57, 64];
        int[] confusion =
        [
            3, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 3, 0, 1, 0, 0, 0, 0, 3, 0, 2, 0, 0, 0, 0, 1, 0, 3, 0, 0, 2, 0, 1, 0,
            1, 0, 0, 1, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 3, 0, 1, 2, 0, 0, 0, 1, 0, 2, 1, 0, 4, 0, 0, 0, 0, 0, 0, 1, 0, 3, 0,
            1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 3, 0, 1, 0, 0, 0, 0, 2, 0, 3, 0, 1, 0, 0, 0, 0,
        ];
        Assert.Equal(accuracyHits / (double)N, Classification.Accuracy(s, t), 15);
        for (int k = 1; k <= C; k++)
            Assert.Equal(topKHits[k - 1] / (double)N, Classification.TopKAccuracy(s, t, k), 15);
        Assert.Equal(confusion, Classification.ConfusionMatrix(s, t, C).ToTensor().ToArray<int>());
    }
}
