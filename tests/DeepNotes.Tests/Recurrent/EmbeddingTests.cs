using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Recurrent;

public class EmbeddingTests
{
    private static Tensor Table() => Tensor.FromArray(new double[,] { { 0, 1 }, { 10, 11 }, { 20, 21 }, { 30, 31 } });

    [Fact]
    public void Forward_GathersRows_ForAnyIndexShape()
    {
        var emb = Embedding.FromPretrained(Table());
        var y = emb.Call(Tensor.FromArray(new[] { 3, 0, 1, 3, 2, 2 }, [2, 3]));
        Assert.Equal([2, 3, 2], y.Shape.ToArray());
        Assert.Equal([30, 31, 0, 1, 10, 11, 30, 31, 20, 21, 20, 21], y.ToArray<double>());
        Assert.Equal([2], emb.Call(Tensor.FromArray(new[] { 1 }, [])).Shape.ToArray());
    }

    [Fact]
    public void Backward_ScatterAdds_RepeatedIndicesAccumulate()
    {
        var emb = Embedding.FromPretrained(Table(), freeze: false);
        var y = emb.Call(Tensor.FromArray(new[] { 3, 0, 3, 3 }));
        (y * Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, 8 } })).Sum().Backward();
        Assert.Equal([3, 4, 0, 0, 0, 0, 13, 16], emb.Weight.Grad!.ToArray<double>());
    }

    [Fact]
    public void PaddingRow_IsZeroInitialised_AndGetsExactlyZeroGradient()
    {
        var emb = new Embedding(5, 3, paddingIdx: 1, dtype: DType.Float64, generator: new Generator(1));
        Assert.Equal([0.0, 0, 0], emb.Weight.Select(0, 1).ToArray<double>());
        Assert.Contains(emb.Weight.Select(0, 0).ToArray<double>(), v => v != 0);
        var y = emb.Call(Tensor.FromArray(new[] { 1, 2, 1, 4 }, [2, 2]));
        (y * y + y).Sum().Backward();
        double[] g = emb.Weight.Grad!.ToArray<double>();
        Assert.Equal([0.0, 0, 0], g[3..6]);
        Assert.True(g[6..9].All(v => v != 0));
        var negative = new Embedding(5, 3, paddingIdx: -1);
        Assert.Equal(4, negative.PaddingIdx);
    }

    [Fact]
    public void GradCheck_Float64()
    {
        var w = Tensor.Randn([6, 4], DType.Float64, new Generator(2), requiresGrad: true);
        var idx = Tensor.FromArray(new[] { 5, 0, 2, 5, 2, 3 }, [3, 2]);
        GradCheck.Check(xs => Functional.Embedding(idx, xs[0]) * Functional.Embedding(idx, xs[0]).Tanh(), w);
    }

    [Fact]
    public void Float32_Works()
    {
        var emb = new Embedding(10, 8);
        var y = emb.Call(Tensor.FromArray(new[] { 9, 0 }));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(emb.Weight.Select(0, 9).ToArray<float>(), y.Select(0, 0).ToArray<float>());
        y.Sum().Backward();
        Assert.Equal(1f, emb.Weight.Grad!.ToArray<float>()[0]);
    }

    [Fact]
    public void FromPretrained_FreezesByDefault_AndCopies()
    {
        var table = Table();
        var frozen = Embedding.FromPretrained(table);
        Assert.False(frozen.Weight.RequiresGrad);
        Assert.Equal(0, frozen.ParameterCount(trainableOnly: true));
        Assert.Equal(8, frozen.ParameterCount());
        table.Fill(-1);
        Assert.Equal(10.0, frozen.Weight[1, 0].Item());
        Assert.True(Embedding.FromPretrained(Table(), freeze: false).Weight.RequiresGrad);
        Assert.Equal(["weight"], frozen.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void OutOfRangeIndex_NamesTheIndexAndTheSize()
    {
        var emb = new Embedding(10, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => emb.Call(Tensor.FromArray(new[] { 2, 12 })));
        Assert.Contains("index 12", e.Message);
        Assert.Contains("num_embeddings = 10", e.Message);
        var neg = Assert.Throws<ArgumentOutOfRangeException>(() => emb.Call(Tensor.FromArray(new[] { -1 })));
        Assert.Contains("index -1", neg.Message);
        Assert.Throws<ArgumentException>(() => emb.Call(Tensor.FromArray(new[] { 1.0f })));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(10, 3, paddingIdx: 10));
    }

    [Fact]
    public void MaxNorm_RescalesLookedUpRowsOnly()
    {
        var emb = Embedding.FromPretrained(Tensor.FromArray(new double[,] { { 3, 4 }, { 0.3, 0.4 }, { 6, 8 } }), maxNorm: 1);
        var y = emb.Call(Tensor.FromArray(new[] { 0, 1 }));
        Assert.Equal(0.6, y[0, 0].Item(), 6);
        Assert.Equal(0.8, y[0, 1].Item(), 6);
        Assert.Equal([0.3, 0.4], y[1].ToArray<double>());
        Assert.Equal(0.6, emb.Weight[0, 0].Item(), 6);   // renormalised in place, like PyTorch
        Assert.Equal(6.0, emb.Weight[2, 0].Item());       // not looked up: unchanged
    }
}
