using DeepNotes.Data;

namespace DeepNotes.Tests.Data;

public class TensorDatasetTests
{
    private static Tensor Indices(params int[] i) => Tensor.FromArray(i);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int32)]
    public void GetBatch_EqualsIndexSelect(DType dtype)
    {
        var inputs = Tensor.Arange(7 * 3 * 4, dtype).Reshape(7, 3, 4);
        var targets = Tensor.Arange(7, DType.Int32) * 10;
        var ds = new TensorDataset(inputs, targets);
        // Shuffled, repeated, a consecutive run (2, 3, 4), the last row and the first row.
        int[] idx = [5, 2, 3, 4, 6, 0, 0, 3];
        Batch batch = ds.GetBatch(idx);
        Assert.Equal(new Shape(8, 3, 4), batch.Input.Shape);
        Assert.Equal(new Shape(8), batch.Target.Shape);
        Assert.Equal(dtype, batch.Input.DType);
        Assert.Equal(DType.Int32, batch.Target.DType);
        Assert.Equal(8, batch.Size);
        Assert.True(batch.Input.IsContiguous);
        Assert.Equal(inputs.IndexSelect(0, Indices(idx)).ToArray<double>(), batch.Input.ToArray<double>());
        Assert.Equal(new[] { 50, 20, 30, 40, 60, 0, 0, 30 }, batch.Target.ToArray<int>());
    }

    [Fact]
    public void GetBatch_IsAFreshCopy_AndCarriesNoGraph()
    {
        var inputs = Tensor.Rand([5, 2], DType.Float64, new Generator(3), requiresGrad: true);
        var ds = new TensorDataset(inputs, Tensor.Arange(5, DType.Int32));
        Batch batch = ds.GetBatch([1, 2]);
        Assert.False(batch.Input.RequiresGrad);
        Assert.Null(batch.Input.GradFnName);
        double before = inputs.ToArray<double>()[2];
        using (Autograd.NoGrad()) batch.Input.Fill(-1);
        Assert.Equal(before, inputs.ToArray<double>()[2]);
    }

    [Fact]
    public void NonContiguousInputs_AreGatheredInLogicalOrder()
    {
        var baseT = Tensor.Arange(12, DType.Float32).Reshape(3, 4);
        var transposed = baseT.T; // [4, 3], non-contiguous: row i = column i of baseT
        var ds = new TensorDataset(transposed, Tensor.Arange(4, DType.Int32));
        Assert.Equal(new float[] { 3, 7, 11, 1, 5, 9 }, ds.GetBatch([3, 1]).Input.ToArray<float>());
    }

    [Fact]
    public void Indexer_ReturnsTheRowsWithoutTheBatchDimension()
    {
        var ds = new TensorDataset(Tensor.Arange(6, DType.Float32).Reshape(3, 1, 2), Tensor.FromArray(new[] { 7, 8, 9 }));
        Example e = ds[1];
        Assert.Equal(new Shape(1, 2), e.Input.Shape);
        Assert.Equal(new float[] { 2, 3 }, e.Input.ToArray<float>());
        Assert.Equal(0, e.Target.Rank);
        Assert.Equal(8, e.Target.Item<int>());
        Assert.Equal(3, ds.Count);
    }

    [Fact]
    public void Constructor_And_Indices_AreValidated()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros([4, 2]), Tensor.Zeros([3], DType.Int32)));
        Assert.Contains("inputs have 4 examples (shape [4, 2]) but targets have 3 (shape [3])", ex.Message);
        Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Scalar(1), Tensor.Zeros([1])));
        var ds = new TensorDataset(Tensor.Zeros([4, 2]), Tensor.Zeros([4], DType.Int32));
        Assert.Contains("index 4 is out of range for a dataset of 4",
            Assert.Throws<ArgumentOutOfRangeException>(() => ds.GetBatch([0, 4])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.GetBatch([-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ds[4]);
        Assert.Throws<ArgumentException>(() => ds.GetBatch([]));
    }

    /// <summary>A dataset computed on the fly: input [2] = (i, 2i) Float64, target 0-dim Int32 = i mod 3.</summary>
    private sealed class ComputedDataset(int count) : Dataset
    {
        public override int Count => count;

        public override Example this[int index]
        {
            get
            {
                CheckIndex(index, Count);
                return new Example(Tensor.FromArray(new double[] { index, 2 * index }), Tensor.Scalar(index % 3, DType.Int32));
            }
        }
    }

    private sealed class RaggedDataset : Dataset
    {
        public override int Count => 2;
        public override Example this[int index] => new(Tensor.Zeros([index + 1]), Tensor.Scalar(0, DType.Int32));
    }

    [Fact]
    public void DefaultGetBatch_StacksExamples()
    {
        Batch b = new ComputedDataset(5).GetBatch([4, 1]);
        Assert.Equal(new Shape(2, 2), b.Input.Shape);
        Assert.Equal(new[] { 4.0, 8, 1, 2 }, b.Input.ToArray<double>());
        Assert.Equal(new Shape(2), b.Target.Shape);
        Assert.Equal(new[] { 1, 1 }, b.Target.ToArray<int>());
        var ex = Assert.Throws<ArgumentException>(() => new RaggedDataset().GetBatch([0, 1]));
        Assert.Contains("examples 0 and 1 cannot be stacked: input [1] Float32 and [2] Float32", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputedDataset(2).GetBatch([2]));
    }

    [Fact]
    public void Subset_MapsIndices_ForExamplesAndBatches()
    {
        var ds = new TensorDataset(Tensor.Arange(10, DType.Float32).Reshape(5, 2), Tensor.Arange(5, DType.Int32));
        var sub = new Subset(ds, [4, 0, 2]);
        Assert.Equal(3, sub.Count);
        Assert.Equal(new[] { 4, 0, 2 }, sub.Indices);
        Assert.Equal(new float[] { 8, 9 }, sub[0].Input.ToArray<float>());
        Batch b = sub.GetBatch([2, 1, 0]);
        Assert.Equal(new float[] { 4, 5, 0, 1, 8, 9 }, b.Input.ToArray<float>());
        Assert.Equal(new[] { 2, 0, 4 }, b.Target.ToArray<int>());
        Assert.Throws<ArgumentOutOfRangeException>(() => sub.GetBatch([3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Subset(ds, [5]));
        // A subset of a computed dataset uses its stacking path.
        Assert.Equal(new[] { 3.0, 6 }, new Subset(new ComputedDataset(4), [3]).GetBatch([0]).Input.ToArray<double>());
    }
}
