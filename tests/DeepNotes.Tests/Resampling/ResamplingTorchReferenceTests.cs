using DeepNotes;
using static DeepNotes.Tests.Resampling.ResamplingTestHelpers;
using DeepNotes.Tests.TestSupport;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Resampling;

/// <summary>One case of <see cref="ResamplingTorchReference"/>: PyTorch's output shape, output and input gradients in float64 and float32.</summary>
internal sealed record ResamplingReferenceCase(int[] Shape, double[] Output, double[][] Grads, double[] Output32, double[][] Grads32);

/// <summary>Outputs and input gradients of every resampling op against PyTorch 1.13 (values from reference/resampling_reference.py).</summary>
public class ResamplingTorchReferenceTests
{
    private static readonly InterpolationMode Exact = InterpolationMode.NearestExact,
        Linear = InterpolationMode.Linear, Bilinear = InterpolationMode.Bilinear, Bicubic = InterpolationMode.Bicubic,
        Trilinear = InterpolationMode.Trilinear, Area = InterpolationMode.Area;

    /// <summary>Per case: the input shapes with their amplitudes (as in the script) and our op.</summary>
    private static readonly Dictionary<string, (Input[] Inputs, Func<Tensor[], Tensor> Op)> Ours = BuildCases();

    private static Dictionary<string, (Input[] Inputs, Func<Tensor[], Tensor> Op)> BuildCases()
    {
        var cases = new Dictionary<string, (Input[], Func<Tensor[], Tensor>)>
        {
            ["nearest_1d_size8"] = ([new([2, 2, 5])], x => Functional.Interpolate(x[0], 8)),
            ["nearest_1d_scale1.7"] = ([new([1, 2, 6])], x => Functional.Interpolate(x[0], 1.7)),
            ["nearest_2d_x2"] = ([new([1, 2, 3, 4])], x => Functional.Interpolate(x[0], 2.0)),
            ["nearest_2d_down_3x4"] = ([new([1, 2, 7, 9])], x => Functional.Interpolate(x[0], size: [3, 4])),
            ["nearest_2d_scale0.6x1.3_recompute"] = ([new([1, 1, 7, 8])], x => Functional.Interpolate(x[0], scaleFactor: [0.6, 1.3], recomputeScaleFactor: true)),
            ["nearest_2d_scale0.6x1.3"] = ([new([1, 1, 7, 8])], x => Functional.Interpolate(x[0], scaleFactor: [0.6, 1.3])),
            ["nearest_3d_size"] = ([new([1, 2, 3, 4, 2])], x => Functional.Interpolate(x[0], size: [5, 3, 4])),
            ["nearest_exact_1d_size7"] = ([new([1, 2, 5])], x => Functional.Interpolate(x[0], 7, Exact)),
            ["nearest_exact_2d_scale1.5x0.7"] = ([new([1, 2, 4, 5])], x => Functional.Interpolate(x[0], scaleFactor: [1.5, 0.7], mode: Exact)),
            ["nearest_exact_3d_x2"] = ([new([1, 1, 3, 4, 5])], x => Functional.Interpolate(x[0], 2.0, Exact)),
            ["linear_size9"] = ([new([2, 2, 5])], x => Functional.Interpolate(x[0], 9, Linear)),
            ["linear_scale1.7_align"] = ([new([2, 2, 5])], x => Functional.Interpolate(x[0], 1.7, Linear, alignCorners: true)),
            ["linear_down4"] = ([new([1, 2, 9])], x => Functional.Interpolate(x[0], 4, Linear)),
            ["bilinear_x2"] = ([new([1, 2, 3, 4])], x => Functional.Interpolate(x[0], 2.0, Bilinear)),
            ["bilinear_7x3_align"] = ([new([1, 2, 4, 5])], x => Functional.Interpolate(x[0], size: [7, 3], mode: Bilinear, alignCorners: true)),
            ["bilinear_scale1.3x0.7"] = ([new([1, 2, 5, 6])], x => Functional.Interpolate(x[0], scaleFactor: [1.3, 0.7], mode: Bilinear)),
            ["bilinear_scale1.3x0.7_recompute"] = ([new([1, 1, 5, 6])], x => Functional.Interpolate(x[0], scaleFactor: [1.3, 0.7], mode: Bilinear, recomputeScaleFactor: true)),
            ["bilinear_down_3x4"] = ([new([2, 1, 8, 9])], x => Functional.Interpolate(x[0], size: [3, 4], mode: Bilinear)),
            ["bilinear_identity"] = ([new([1, 1, 3, 4])], x => Functional.Interpolate(x[0], size: [3, 4], mode: Bilinear)),
            ["bilinear_to_1x1_align"] = ([new([1, 1, 4, 5])], x => Functional.Interpolate(x[0], 1, Bilinear, alignCorners: true)),
            ["bicubic_x2"] = ([new([1, 2, 4, 5])], x => Functional.Interpolate(x[0], 2.0, Bicubic)),
            ["bicubic_7x9_align"] = ([new([1, 1, 5, 4])], x => Functional.Interpolate(x[0], size: [7, 9], mode: Bicubic, alignCorners: true)),
            ["bicubic_down_4x3"] = ([new([1, 2, 9, 8])], x => Functional.Interpolate(x[0], size: [4, 3], mode: Bicubic)),
            ["bicubic_scale1.7x0.6"] = ([new([1, 1, 5, 6])], x => Functional.Interpolate(x[0], scaleFactor: [1.7, 0.6], mode: Bicubic)),
            ["trilinear_4x6x3"] = ([new([1, 2, 3, 4, 5])], x => Functional.Interpolate(x[0], size: [4, 6, 3], mode: Trilinear)),
            ["trilinear_scale1.5_align"] = ([new([1, 1, 3, 3, 4])], x => Functional.Interpolate(x[0], 1.5, Trilinear, alignCorners: true)),
            ["area_1d_7to3"] = ([new([1, 2, 7])], x => Functional.Interpolate(x[0], 3, Area)),
            ["area_2d_7x9to3x5"] = ([new([1, 2, 7, 9])], x => Functional.Interpolate(x[0], size: [3, 5], mode: Area)),
            ["area_2d_scale1.5"] = ([new([1, 1, 3, 4])], x => Functional.Interpolate(x[0], 1.5, Area)),
            ["area_3d_4x5x6to2x3x4"] = ([new([1, 1, 4, 5, 6])], x => Functional.Interpolate(x[0], size: [2, 3, 4], mode: Area)),
            ["pixel_shuffle_r2"] = ([new([2, 8, 2, 3])], x => Functional.PixelShuffle(x[0], 2)),
            ["pixel_shuffle_r3_unbatched"] = ([new([9, 2, 2])], x => Functional.PixelShuffle(x[0], 3)),
            ["pixel_unshuffle_r2"] = ([new([1, 2, 4, 6])], x => Functional.PixelUnshuffle(x[0], 2)),
            ["channel_shuffle_g3"] = ([new([2, 6, 2, 2])], x => Functional.ChannelShuffle(x[0], 3)),
            ["unfold_k2"] = ([new([1, 2, 3, 4])], x => Functional.Unfold(x[0], 2)),
            ["unfold_k3_p1_s2_d1"] = ([new([2, 1, 5, 6])], x => Functional.Unfold(x[0], 3, padding: 1, stride: 2)),
            ["unfold_k2x3_d2_p1"] = ([new([1, 2, 5, 6])], x => Functional.Unfold(x[0], (2, 3), dilation: 2, padding: 1)),
            ["fold_5x6_k3_p1_s2"] = ([new([2, 9, 9])], x => Functional.Fold(x[0], (5, 6), 3, padding: 1, stride: 2)),
            ["fold_4x5_k2x3"] = ([new([1, 12, 9])], x => Functional.Fold(x[0], (4, 5), (2, 3))),
            ["grid_sample_2d_batch2"] = ([new([2, 3, 3, 4]), new([2, 2, 5, 2], 1.2)], x => Functional.GridSample(x[0], x[1])),
            ["affine_grid_2d_noalign"] = ([new([2, 2, 3], 0.8)], x => Functional.AffineGrid(x[0], [2, 3, 4, 5])),
            ["affine_grid_2d_align"] = ([new([1, 2, 3], 0.8)], x => Functional.AffineGrid(x[0], [1, 1, 3, 1], alignCorners: true)),
            ["affine_grid_3d_noalign"] = ([new([1, 3, 4], 0.8)], x => Functional.AffineGrid(x[0], [1, 2, 2, 3, 4])),
            ["affine_grid_3d_align"] = ([new([2, 3, 4], 0.8)], x => Functional.AffineGrid(x[0], [2, 1, 3, 2, 2], alignCorners: true)),
        };
        foreach (GridSampleMode mode in Enum.GetValues<GridSampleMode>())
        {
            foreach (GridSamplePaddingMode padding in Enum.GetValues<GridSamplePaddingMode>())
            {
                foreach (bool align in new[] { false, true })
                {
                    string suffix = $"{mode.ToString().ToLowerInvariant()}_{padding.ToString().ToLowerInvariant()}_{(align ? "align" : "noalign")}";
                    cases[$"grid_sample_2d_{suffix}"] = ([new([1, 2, 4, 5]), new([1, 3, 4, 2], 1.2)],
                        x => Functional.GridSample(x[0], x[1], mode, padding, align));
                    if (mode != GridSampleMode.Bicubic)
                    {
                        cases[$"grid_sample_3d_{suffix}"] = ([new([1, 2, 3, 4, 3]), new([1, 2, 3, 2, 3], 1.2)],
                            x => Functional.GridSample(x[0], x[1], mode, padding, align));
                    }
                }
            }
        }
        return cases;
    }

    public static TheoryData<string> CaseNames => new(ResamplingTorchReference.Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void OutputAndInputGradients_MatchPyTorch(string name)
    {
        ResamplingReferenceCase expected = ResamplingTorchReference.Cases[name];
        var (inputs, op) = Ours[name];
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            Tensor[] xs = inputs.Select((input, k) => SineInput(input.Shape, k, input.Amplitude, dtype)).ToArray();
            Tensor y = op(xs);
            Assert.Equal(expected.Shape, y.Shape.ToArray());
            double tolerance = dtype == DType.Float64 ? 1e-12 : 2e-5;
            AssertClose(dtype == DType.Float64 ? expected.Output : expected.Output32, y.To(DType.Float64).ToArray<double>(), tolerance, tolerance, $"{name} {dtype} output", ToleranceRule.Max);
            y.Backward(CosineWeights(y));
            double[][] grads = dtype == DType.Float64 ? expected.Grads : expected.Grads32;
            for (int k = 0; k < xs.Length; k++)
                AssertClose(grads[k], xs[k].Grad!.To(DType.Float64).ToArray<double>(), tolerance * 4, tolerance * 4, $"{name} {dtype} gradient of input {k}", ToleranceRule.Max);
        }
    }

    [Fact]
    public void EveryReferenceCaseHasAnImplementation() => Assert.Equal(ResamplingTorchReference.Cases.Keys.Order(), Ours.Keys.Order());
}
