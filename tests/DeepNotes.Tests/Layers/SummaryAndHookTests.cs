using DeepNotes.Layers;
using Xunit;

namespace DeepNotes.Tests.Layers;

public class SummaryAndHookTests
{
    [Fact]
    public void Keras_example_counts_151410_parameters_and_810_activations()
    {
        var model = new Sequential(new Dense(400, 300), new Relu(), new Dense(300, 100), new Relu(), new Dense(100, 10));
        var summary = model.Summary([1, 400]);

        Assert.Equal(400L * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10, summary.TotalParameters);
        Assert.Equal(151_410, summary.TotalParameters);
        Assert.Equal(810, summary.Activations - 300 - 100); // the two Relu layers add their outputs too
        Assert.Equal(["0", "1", "2", "3", "4"], summary.Layers.Select(l => l.Name));
        Assert.Equal(120_300, summary.Layers[0].Parameters);
        Assert.Equal(new Shape(1, 300), summary.Layers[0].OutputShapes.Single());
        Assert.Equal(2L * 400 * 300 + 300, summary.Layers[0].Flops);
        Assert.Equal(2L * (400 * 300 + 300 * 100 + 100 * 10) + 300 + 100 + 10, summary.Flops);
    }

    [Fact]
    public void Dense_only_chain_counts_810_activations_per_sample_whatever_the_batch()
    {
        var model = new Sequential(new Dense(400, 300), new Dense(300, 100), new Dense(100, 10));
        var summary = model.Summary([7, 400]);

        Assert.Equal(151_410, summary.TotalParameters);
        Assert.Equal(810, summary.Activations);
        Assert.Equal(new Shape(7, 10), summary.Layers[2].OutputShapes.Single());
        string table = summary.ToString();
        Assert.Contains("Total params: 151,410", table);
        Assert.Contains("Activations per sample: 810", table);
        Assert.Contains("0 (Dense)", table);
    }

    [Fact]
    public void Frozen_parameters_are_counted_apart_and_nested_modules_are_indented()
    {
        var encoder = new Sequential(new Dense(4, 8), new Relu());
        var model = new Sequential(("encoder", encoder), ("head", new Dense(8, 2)));
        encoder.Freeze();

        var summary = model.Summary([2, 4]);

        Assert.Equal(["encoder", "encoder.0", "encoder.1", "head"], summary.Layers.Select(l => l.Name));
        Assert.Equal([1, 2, 2, 1], summary.Layers.Select(l => l.Depth));
        Assert.Equal(40, summary.Layers[0].FrozenParameters);
        Assert.Equal(40 + 18, summary.TotalParameters);
        Assert.Equal(18, summary.TrainableParameters);
        Assert.Equal(40, summary.FrozenParameters);
        Assert.Equal(4 + 8 + 8 + 2, summary.Activations); // input and leaves: the container's output is not counted twice
        Assert.Contains("Non-trainable params: 40", summary.ToString());
    }

    [Fact]
    public void Summary_restores_modes_removes_its_hooks_and_records_no_graph()
    {
        var dropout = new Dropout(0.5);
        var model = new Sequential(new Dense(3, 3), dropout);
        dropout.Eval();
        int calls = 0;
        using (model[0].RegisterForwardHook((_, _, _) => calls++))
        {
            model.Summary([1, 3]);
            Assert.Equal(1, calls);
        }
        Assert.True(model.IsTraining);
        Assert.True(model[0].IsTraining);
        Assert.False(dropout.IsTraining);

        model.Call(Tensor.Ones([1, 3]));
        Assert.Equal(1, calls); // the hook handle removed the hook
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void Call_runs_pre_hooks_forward_and_hooks_in_order_while_Forward_skips_them()
    {
        var dense = new Dense(2, 1);
        var log = new List<string>();
        var x = Tensor.Ones([1, 2]);
        using var pre = dense.RegisterForwardPreHook((m, input) => log.Add($"pre {ReferenceEquals(input, x)}"));
        using var post = dense.RegisterForwardHook((m, input, output) => log.Add($"post {((Tensor)output!).Shape}"));

        dense.Call(x);
        dense.Forward(x);

        Assert.Equal(["pre True", "post [1, 1]"], log);
    }

    [Fact]
    public void A_hook_that_throws_propagates_and_leaves_the_module_usable()
    {
        var dense = new Dense(2, 1);
        var handle = dense.RegisterForwardHook((_, _, _) => throw new InvalidOperationException("hook failed"));
        Assert.Throws<InvalidOperationException>(() => dense.Call(Tensor.Ones([1, 2])));
        handle.Dispose();
        handle.Dispose(); // twice is harmless
        Assert.Equal(new Shape(1, 1), dense.Call(Tensor.Ones([1, 2])).Shape);
    }

    [Fact]
    public void Summary_of_a_bad_input_shape_throws_the_layer_message()
    {
        var model = new Sequential(new Dense(4, 2));
        var e = Assert.Throws<ArgumentException>(() => model.Summary([1, 5]));
        Assert.Contains("Dense(4 -> 2) expects input [*, 4], got [1, 5]", e.Message);
    }
}
