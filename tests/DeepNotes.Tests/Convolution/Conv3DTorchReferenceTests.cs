using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.TestSupport;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Convolution;

/// <summary>
/// Outputs and input/weight/bias gradients of Conv3D, ConvTranspose3D, ConvTranspose1D and the padding modes of
/// Conv1D/2D/3D against torch 1.13 (values in Conv3DTorchReferenceData.cs, printed by reference/conv3d_reference.py).
/// </summary>
public partial class Conv3DTorchReferenceTests
{
    // Inputs as in reference/conv3d_reference.py: x[i] = ((7i) % 13 − 6)/6, w[j] = ((5j) % 11 − 5)/5, b[k] = (k % 3 − 1)/4,
    // output gradient g[i] = ((3i) % 7 − 3)/3.
    private static Tensor Formula(int[] shape, Func<int, double> f, DType dtype)
    {
        int n = shape.Aggregate(1, (a, d) => a * d);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(f).ToArray(), shape).To(dtype);
    }

    private static void Check(ConvolutionLayer layer, int[] inputShape, int[] outputShape, double[] y, double[] dx, double[] dw, double[]? db)
    {
        DType dtype = layer.Weight.DType;
        using (Autograd.NoGrad())
        {
            layer.Weight.CopyFrom(Formula(layer.Weight.Shape.ToArray(), j => ((j * 5) % 11 - 5) / 5.0, dtype));
            layer.Bias?.CopyFrom(Formula([layer.OutChannels], k => (k % 3 - 1) / 4.0, dtype));
        }
        var x = Formula(inputShape, i => ((i * 7) % 13 - 6) / 6.0, dtype);
        x.RequiresGrad = true;
        Tensor output = layer.Forward(x);
        Assert.Equal(outputShape, output.Shape.ToArray());
        var g = Formula(outputShape, i => ((i * 3) % 7 - 3) / 3.0, dtype);
        (output * g).Sum().Backward();
        AssertClose(y, output, Tolerance(dtype), Tolerance(dtype), "output", ToleranceRule.Max);
        AssertClose(dx, x.Grad!, Tolerance(dtype), Tolerance(dtype), "input gradient", ToleranceRule.Max);
        AssertClose(dw, layer.Weight.Grad!, Tolerance(dtype), Tolerance(dtype), "weight gradient", ToleranceRule.Max);
        if (db is not null) AssertClose(db, layer.Bias!.Grad!, Tolerance(dtype), Tolerance(dtype), "bias gradient", ToleranceRule.Max);
        else Assert.Null(layer.Bias);
    }

    /// <summary>Tolerance (scaled by max(1, |expected|)) against the torch values: float64 rounding, or float32's.</summary>
    private static double Tolerance(DType dtype) => dtype == DType.Float64 ? 1e-9 : 2e-4;

    public static TheoryData<DType> DTypes => new() { DType.Float64, DType.Float32 };

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Conv3D_MatchesTorch(DType dtype)
    {
        Check(new Conv3D(3, 4, 3, padding: 1, dtype: dtype), [2, 3, 4, 5, 5], [2, 4, 4, 5, 5], C3Pad1Y, C3Pad1Dx, C3Pad1Dw, C3Pad1Db);
        Check(new Conv3D(4, 6, (2, 3, 2), stride: (2, 1, 2), padding: (1, 2, 0), dilation: (1, 2, 1), groups: 2, dtype: dtype),
            [1, 4, 5, 7, 6], [1, 6, 3, 7, 3], C3StrideDilGroupsY, C3StrideDilGroupsDx, C3StrideDilGroupsDw, C3StrideDilGroupsDb);
        Check(new Conv3D(2, 3, (2, 4, 3), padding: Padding.Same, dilation: (1, 1, 2), bias: false, dtype: dtype),
            [1, 2, 4, 5, 5], [1, 3, 4, 5, 5], C3SameEvenY, C3SameEvenDx, C3SameEvenDw, null);
        Check(new Conv3D(3, 3, 3, stride: (1, 2, 2), padding: Padding.Valid, groups: 3, dtype: dtype),
            [2, 3, 4, 5, 5], [2, 3, 2, 2, 2], C3DepthwiseValidY, C3DepthwiseValidDx, C3DepthwiseValidDw, C3DepthwiseValidDb);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Conv3D_PaddingModes_MatchTorch(DType dtype)
    {
        Check(new Conv3D(2, 3, 3, padding: 1, dtype: dtype, paddingMode: PaddingMode.Reflect),
            [1, 2, 4, 4, 5], [1, 3, 4, 4, 5], C3ReflectY, C3ReflectDx, C3ReflectDw, C3ReflectDb);
        Check(new Conv3D(2, 3, (3, 3, 2), stride: 2, padding: (1, 2, 1), dtype: dtype, paddingMode: PaddingMode.Replicate),
            [1, 2, 4, 5, 5], [1, 3, 2, 4, 3], C3ReplicateY, C3ReplicateDx, C3ReplicateDw, C3ReplicateDb);
        Check(new Conv3D(2, 2, (2, 3, 4), padding: Padding.Same, dtype: dtype, paddingMode: PaddingMode.Circular),
            [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], C3CircularSameY, C3CircularSameDx, C3CircularSameDw, C3CircularSameDb);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void ConvTranspose3D_MatchesTorch(DType dtype)
    {
        Check(new ConvTranspose3D(4, 3, 3, stride: 2, padding: 1, outputPadding: 1, dtype: dtype),
            [2, 4, 3, 3, 2], [2, 3, 6, 6, 4], T3Stride2Pad1OutPad1Y, T3Stride2Pad1OutPad1Dx, T3Stride2Pad1OutPad1Dw, T3Stride2Pad1OutPad1Db);
        Check(new ConvTranspose3D(4, 4, (2, 3, 2), stride: (2, 1, 3), padding: (0, 1, 1), outputPadding: (1, 0, 2), groups: 2, dilation: (1, 2, 1), dtype: dtype),
            [1, 4, 2, 3, 3], [1, 4, 5, 5, 8], T3GroupsDilY, T3GroupsDilDx, T3GroupsDilDw, T3GroupsDilDb);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void ConvTranspose1D_MatchesTorch(DType dtype)
    {
        Check(new ConvTranspose1D(4, 3, 3, stride: 3, padding: 1, outputPadding: 2, dtype: dtype),
            [2, 4, 5], [2, 3, 15], T1Stride3Pad1OutPad2Y, T1Stride3Pad1OutPad2Dx, T1Stride3Pad1OutPad2Dw, T1Stride3Pad1OutPad2Db);
        Check(new ConvTranspose1D(4, 4, 3, stride: 2, padding: 2, outputPadding: 1, groups: 2, bias: false, dilation: 2, dtype: dtype),
            [1, 4, 6], [1, 4, 12], T1GroupsDilY, T1GroupsDilDx, T1GroupsDilDw, null);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Conv2D_PaddingModes_MatchTorch(DType dtype)
    {
        Check(new Conv2D(2, 3, 3, padding: (1, 2), dtype: dtype, paddingMode: PaddingMode.Reflect),
            [2, 2, 4, 5], [2, 3, 4, 7], C2ReflectY, C2ReflectDx, C2ReflectDw, C2ReflectDb);
        Check(new Conv2D(2, 4, 3, stride: 2, padding: 1, groups: 2, dtype: dtype, paddingMode: PaddingMode.Replicate),
            [1, 2, 5, 6], [1, 4, 3, 3], C2ReplicateStride2Y, C2ReplicateStride2Dx, C2ReplicateStride2Dw, C2ReplicateStride2Db);
        Check(new Conv2D(2, 3, (2, 4), padding: Padding.Same, dilation: (2, 1), dtype: dtype, paddingMode: PaddingMode.Circular),
            [1, 2, 5, 6], [1, 3, 5, 6], C2CircularSameY, C2CircularSameDx, C2CircularSameDw, C2CircularSameDb);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Conv1D_PaddingModes_MatchTorch(DType dtype)
    {
        Check(new Conv1D(2, 3, 3, padding: 2, dtype: dtype, paddingMode: PaddingMode.Reflect),
            [2, 2, 6], [2, 3, 8], C1ReflectY, C1ReflectDx, C1ReflectDw, C1ReflectDb);
        Check(new Conv1D(2, 2, 4, stride: 2, padding: 3, dtype: dtype, paddingMode: PaddingMode.Circular),
            [1, 2, 7], [1, 2, 5], C1CircularY, C1CircularDx, C1CircularDw, C1CircularDb);
        Check(new Conv1D(3, 2, 4, padding: Padding.Same, dilation: 2, dtype: dtype, paddingMode: PaddingMode.Replicate),
            [1, 3, 8], [1, 2, 8], C1ReplicateSameY, C1ReplicateSameDx, C1ReplicateSameDw, C1ReplicateSameDb);
    }
}
