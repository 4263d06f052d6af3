using DeepNotes.Layers;

namespace DeepNotes.Tests.Serialization;

/// <summary>Module.LoadStateDict: strict and non-strict key reports, shape and dtype errors, no partial loads.</summary>
public class LoadStateDictTests
{
    private static Sequential Mlp(int seed) => new(new Dense(2, 3, generator: new Generator((ulong)seed)), new Relu(), new Dense(3, 1, generator: new Generator((ulong)seed + 1)));

    [Fact]
    public void Strict_ListsMissingUnexpectedAndMisShapedTogether_AndChangesNothing()
    {
        var model = Mlp(1);
        var before = model.StateDict()["0.weight"].ToArray<float>();
        var state = new Dictionary<string, Tensor>(model.StateDict().Select(kv => KeyValuePair.Create(kv.Key, kv.Value.CloneRaw())));
        state.Remove("2.bias");
        state["extra.weight"] = Tensor.Zeros([1]);
        state["0.weight"] = Tensor.Zeros([3, 3]);
        state["0.bias"] = Tensor.Full([3], 7.0);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
        Assert.Contains("missing keys [2.bias]", e.Message);
        Assert.Contains("unexpected keys [extra.weight]", e.Message);
        Assert.Contains("'0.weight': expected shape [3, 2], got [3, 3]", e.Message);
        Assert.Equal(before, model.StateDict()["0.weight"].ToArray<float>());
        Assert.NotEqual(7f, model.StateDict()["0.bias"].ToArray<float>()[0]);
    }

    [Fact]
    public void NonStrict_ReportsKeys_AndLoadsTheRest()
    {
        var model = Mlp(1);
        var state = new Dictionary<string, Tensor>
        {
            ["0.bias"] = Tensor.FromArray(new[] { 1f, 2f, 3f }),
            ["fc.weight"] = Tensor.Zeros([1]),
        };
        var result = model.LoadStateDict(state, strict: false);
        Assert.Equal(["0.weight", "2.weight", "2.bias"], result.MissingKeys);
        Assert.Equal(["fc.weight"], result.UnexpectedKeys);
        Assert.False(result.IsExactMatch);
        Assert.Equal([1f, 2f, 3f], model.StateDict()["0.bias"].ToArray<float>());
    }

    [Fact]
    public void NonStrict_SkipsAndReportsMisShapedKeys_LoadingTheRest()
    {
        var model = Mlp(1);
        var before = model.StateDict()["0.bias"].ToArray<float>();
        var result = model.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["0.bias"] = Tensor.Zeros([4]),
            ["2.bias"] = Tensor.FromArray(new[] { 5f }),
        }, strict: false);
        var mismatch = Assert.Single(result.MismatchedKeys);
        Assert.Equal("0.bias", mismatch.Key);
        Assert.Equal([3], mismatch.Expected.ToArray());
        Assert.Equal([4], mismatch.Actual.ToArray());
        Assert.Equal("'0.bias': expected shape [3], got [4]", mismatch.ToString());
        Assert.False(result.IsExactMatch);
        Assert.Equal(before, model.StateDict()["0.bias"].ToArray<float>());
        Assert.Equal([5f], model.StateDict()["2.bias"].ToArray<float>());
    }

    [Fact]
    public void DTypes_ConvertFloatingPoint_RejectFloatIntoInt32()
    {
        var model = new BufferedModule(2);
        var state = new Dictionary<string, Tensor>(model.StateDict());
        state["weight"] = Tensor.FromArray(new[] { 0.1, 0.2 });            // Float64 into Float32: converted
        state["num_batches_tracked"] = Tensor.Scalar(5, DType.Int32);
        model.LoadStateDict(state);
        Assert.Equal([0.1f, 0.2f], model.StateDict()["weight"].ToArray<float>());
        Assert.Equal(5, model.Counter.Item<int>());

        state["num_batches_tracked"] = Tensor.Scalar(5.5, DType.Float32);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
        Assert.Contains("cannot load Float32 into Int64", e.Message); // the counter is Int64 like BatchNorm's; an Int32 value loads into it
    }

    [Fact]
    public void NonPersistentBuffer_IsUnexpected()
    {
        var model = new BufferedModule(2);
        var state = new Dictionary<string, Tensor>(model.StateDict()) { ["scratch"] = Tensor.Zeros([2]) };
        var result = model.LoadStateDict(state, strict: false);
        Assert.Equal(["scratch"], result.UnexpectedKeys);
        Assert.Empty(result.MissingKeys);
    }

    [Fact]
    public void Load_WorksWhileGradModeIsOn_AndBumpsNothingInTheGraph()
    {
        var model = Mlp(1);
        var other = Mlp(5);
        model.LoadStateDict(other.StateDict());
        var x = Tensor.Ones([1, 2]);
        Assert.Equal(other.Forward(x).Item(), model.Forward(x).Item());
        // Parameters still train after a load.
        model.Forward(x).Sum().Backward();
        Assert.NotNull(model.Parameters().First().Grad);
    }
}
