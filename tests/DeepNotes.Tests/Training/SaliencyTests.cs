using DeepNotes.Layers;
using DeepNotes.Training;

namespace DeepNotes.Tests.Training;

public class SaliencyTests
{
    [Fact]
    public void Gradient_of_a_linear_model_is_the_weight_row_of_each_class()
    {
        var dense = new Dense(4, 3, dtype: DType.Float64, generator: new Generator(3));
        var x = Tensor.Randn([2, 4], DType.Float64, new Generator(4));
        var g = Saliency.Gradient(dense, x, Tensor.FromArray(new[] { 2, 0 }, [2]));

        double[] w = dense.Weight.ToArray<double>();
        Assert.Equal(w[8..12], g.ToArray<double>()[0..4]);
        Assert.Equal(w[0..4], g.ToArray<double>()[4..8]);
        Assert.All(dense.Parameters(), p => Assert.Null(p.Grad)); // parameters untouched
        Assert.False(x.RequiresGrad);
    }

    [Fact]
    public void Gradient_matches_central_differences_of_the_class_score_per_example()
    {
        var model = new Sequential(new Dense(5, 6, dtype: DType.Float64, generator: new Generator(1)), new Tanh(),
            new Dense(6, 3, dtype: DType.Float64, generator: new Generator(2)));
        var x = Tensor.Randn([3, 5], DType.Float64, new Generator(5));
        int[] classes = [1, 2, 0];
        double[] g = Saliency.Gradient(model, x, Tensor.FromArray(classes, [3])).ToArray<double>();

        double[] values = x.ToArray<double>();
        const double h = 1e-6;
        for (int i = 0; i < values.Length; i++)
        {
            double Score(double delta)
            {
                var v = (double[])values.Clone();
                v[i] += delta;
                using var _ = Autograd.NoGrad();
                return model.Forward(Tensor.FromArray(v, [3, 5])).ToArray<double>()[(i / 5) * 3 + classes[i / 5]];
            }
            Assert.Equal((Score(h) - Score(-h)) / (2 * h), g[i], 1e-7);
        }
    }

    [Fact]
    public void Map_takes_the_largest_absolute_gradient_over_channels_and_restores_training_mode()
    {
        // a per-pixel linear model over 2 channels: score_c = Σ w[c, ch, p] x[ch, p]
        var model = new Sequential(new Flatten(), new Dense(2 * 2 * 2, 2, bias: false, dtype: DType.Float64, generator: new Generator(7)));
        var images = Tensor.Randn([1, 2, 2, 2], DType.Float64, new Generator(8));
        var map = Saliency.Map(model, images, Tensor.FromArray(new[] { 1 }, [1]));

        Assert.Equal(new Shape(1, 2, 2), map.Shape);
        double[] w = ((Dense)model[1]).Weight.ToArray<double>()[8..16]; // class 1: [channel 0 pixels, channel 1 pixels]
        double[] expected = Enumerable.Range(0, 4).Select(p => Math.Max(Math.Abs(w[p]), Math.Abs(w[4 + p]))).ToArray();
        Assert.Equal(expected, map.ToArray<double>());
        Assert.True(model.IsTraining);
    }

    [Fact]
    public void Bad_classes_are_rejected_with_the_expected_shape_or_range()
    {
        var dense = new Dense(4, 3);
        var x = Tensor.Zeros([2, 4]);
        Assert.Contains("expects Int32 classes [2], got Int32 [3]",
            Assert.Throws<ArgumentException>(() => Saliency.Gradient(dense, x, Tensor.FromArray(new[] { 0, 1, 2 }, [3]))).Message);
        Assert.Contains("class 3 of example 1 is outside [0, 3)",
            Assert.Throws<ArgumentException>(() => Saliency.Gradient(dense, x, Tensor.FromArray(new[] { 0, 3 }, [2]))).Message);
        Assert.Contains("Float32",
            Assert.Throws<ArgumentException>(() => Saliency.Gradient(dense, x, Tensor.FromArray(new float[] { 0, 1 }, [2]))).Message);
    }
}
