namespace DeepNotes.Tests.Ops;

using DeepNotes;

/// <summary>
/// Batched MatMul takes one strided-batch GEMM call when each operand's batch dimensions advance by a fixed stride,
/// and a loop otherwise; both must equal the 2-D product of every batch item.
/// </summary>
public class MatMulBatchLayoutTests
{
    public static TheoryData<string> Layouts => new() { "contiguous", "broadcastA", "broadcastB", "permutedBatch", "mixedBroadcast", "transposedMatrices" };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void EveryBatchItemEqualsItsTwoDimensionalProduct(string layout)
    {
        var g = new Generator(77);
        (Tensor a, Tensor b) = layout switch
        {
            "contiguous" => (Tensor.Randn([2, 3, 4, 5], DType.Float64, g), Tensor.Randn([2, 3, 5, 6], DType.Float64, g)),
            "broadcastA" => (Tensor.Randn([4, 5], DType.Float64, g), Tensor.Randn([2, 3, 5, 6], DType.Float64, g)),
            "broadcastB" => (Tensor.Randn([6, 4, 5], DType.Float64, g), Tensor.Randn([1, 5, 6], DType.Float64, g)),
            "permutedBatch" => (Tensor.Randn([3, 2, 4, 5], DType.Float64, g).Permute(1, 0, 2, 3), Tensor.Randn([2, 3, 5, 6], DType.Float64, g)),
            "mixedBroadcast" => (Tensor.Randn([2, 1, 4, 5], DType.Float64, g), Tensor.Randn([1, 3, 5, 6], DType.Float64, g)),
            _ => (Tensor.Randn([2, 3, 5, 4], DType.Float64, g).Transpose(-1, -2), Tensor.Randn([2, 3, 6, 5], DType.Float64, g).Transpose(-1, -2)),
        };
        Tensor c = a.MatMul(b);
        int[] batch = c.Shape.ToArray()[..^2];
        int count = batch.Aggregate(1, (p, d) => p * d);
        Assert.True(count > 1);
        for (int i = 0; i < count; i++)
        {
            int[] index = Unflatten(i, batch);
            Tensor expected = Item(a, index).MatMul(Item(b, index));
            Tensor actual = Item(c, index);
            var e = expected.ToArray<double>();
            var r = actual.ToArray<double>();
            for (int j = 0; j < e.Length; j++) Assert.Equal(e[j], r[j], 12);
        }
    }

    // The 2-D matrix of a batched tensor at a batch index, honouring broadcasting (size-1 or missing dimensions).
    private static Tensor Item(Tensor t, int[] index)
    {
        int lead = index.Length - (t.Rank - 2);
        Tensor m = t;
        for (int d = 0; d < t.Rank - 2; d++) m = m.Select(0, t.Shape[d] == 1 ? 0 : index[lead + d]);
        return m;
    }

    private static int[] Unflatten(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { index[d] = flat % shape[d]; flat /= shape[d]; }
        return index;
    }
}
