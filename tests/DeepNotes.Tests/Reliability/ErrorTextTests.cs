using DeepNotes.Data;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Reliability;

/// <summary>Issue 12: error messages name the saved tensor's shape and dtype, the real argument, and read "an Int32".</summary>
public class ErrorTextTests
{
    [Fact]
    public void InPlaceModification_NamesShapeDTypeAndVersions()
    {
        var x = Tensor.Randn([3, 4], requiresGrad: true);
        Tensor y = x.Exp(); // saves its output for backward
        Tensor loss = y.Sum();
        y.Detach().Fill(1); // an in-place write to the saved output's storage
        var ex = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Equal("A tensor saved by ExpBackward for backward, of shape [3, 4] and dtype Float32, was modified by an in-place operation: " +
            "it is at version 1, expected version 0; its gradient would be wrong. Clone it before changing it in place.", ex.Message);

        var d = Tensor.Randn([2], DType.Float64, requiresGrad: true);
        Tensor w = Tensor.Ones([5, 2], DType.Float64);
        Tensor z = (w * d).Sum(); // MulBackward saves both factors
        w.Fill(2);
        w.Fill(3);
        Assert.Contains("MulBackward for backward, of shape [5, 2] and dtype Float64, was modified by an in-place operation: it is at version 2, expected version 0",
            Assert.Throws<InvalidOperationException>(() => z.Backward()).Message);
    }

    private static MultiHeadAttention Mha() => new(embedDim: 4, numHeads: 2, batchFirst: true);

    [Fact]
    public void MultiHeadAttention_ReportsTheRealArgumentName()
    {
        var mha = Mha();
        var x = Tensor.Randn([2, 3, 4]);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => mha.Call(Tensor.Randn([2, 3, 5]), x, x)).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => mha.Call(x, Tensor.Randn([2, 3, 5]), x)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => mha.Call(x, x, Tensor.Randn([2, 4, 4]))).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => mha.Call(x, Tensor.Randn([3, 4]), x)).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => mha.Call(Tensor.Randn([4]), x, x)).ParamName);
        Assert.Equal("attnMask", Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([2, 2]))).ParamName);
        Assert.Equal("attnMask", Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([3, 3, 3]))).ParamName);
        Assert.Equal("attnMask", Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([1, 1, 3, 3]))).ParamName);
        Assert.Equal("keyPaddingMask", Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, keyPaddingMask: Tensor.Zeros([2, 4]))).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x.To(DType.Float64), x));
        Assert.Equal("key", ex.ParamName);
        Assert.Contains("has Float32 parameters, got a Float64 key.", ex.Message);
    }

    [Fact]
    public void Articles_ReadAnInt32_AndAFloat32()
    {
        Assert.Equal("an Int32", DType.Int32.WithArticle());
        Assert.Equal("a Float32", DType.Float32.WithArticle());
        Assert.Equal("a Float64", DType.Float64.WithArticle());
        Assert.Equal("a Bool", DType.Bool.WithArticle());
        Assert.Equal("an Adam", Articles.WithArticle("Adam"));
        Assert.Equal("a Byte[]", Articles.WithArticle("Byte[]"));
    }

    [Fact]
    public void LayerMessages_SayAnInt32Input()
    {
        var ints = Tensor.Zeros([2, 3], DType.Int32);
        Assert.Contains("has Float32 parameters, got an Int32 input.", Assert.Throws<ArgumentException>(() => new Dense(3, 2).Forward(ints)).Message);
        Assert.Contains("has Float32 parameters, got an Int32 input.", Assert.Throws<ArgumentException>(() => new BatchNorm1D(3).Forward(ints)).Message);
        Assert.Contains("has Float32 parameters, got an Int32 input.", Assert.Throws<ArgumentException>(() => new LayerNorm([3]).Forward(ints)).Message);
        var x = Tensor.Randn([2, 3, 4]);
        Assert.Contains("got an Int32 query.", Assert.Throws<ArgumentException>(() => Mha().Call(x.To(DType.Int32), x, x)).Message);
    }

    [Fact]
    public void IdxArrayMessages_UseTheRightArticle()
    {
        Assert.Contains("needs a Byte[], got an Int32[]",
            Assert.Throws<ArgumentException>(() => new IdxArray(IdxElementType.UByte, [2], new int[2])).Message);
        Assert.Contains("needs an Int32[], got a Byte[]",
            Assert.Throws<ArgumentException>(() => new IdxArray(IdxElementType.Int, [2], new byte[2])).Message);
        var floats = new IdxArray(IdxElementType.Float, [1], new[] { 1f });
        Assert.Contains("float data cannot become an Int32 tensor", Assert.Throws<ArgumentException>(() => floats.ToTensor(DType.Int32)).Message);
        Assert.Contains("IdxArray.FromTensor: a Float32 tensor cannot be stored as",
            Assert.Throws<ArgumentException>(() => IdxArray.FromTensor(Tensor.Zeros([1]), IdxElementType.Int)).Message);
        Assert.Contains("IdxArray.FromTensor: a Bool tensor cannot be stored as",
            Assert.Throws<ArgumentException>(() => IdxArray.FromTensor(Tensor.Zeros([1], DType.Bool), IdxElementType.Float)).Message);
    }
}
