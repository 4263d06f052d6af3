using DeepNotes;
using DeepNotes.Optimizers;
using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Optimizers;

/// <summary>GetState / SetState: names, contents, a save-and-restore that resumes exactly, and bad input.</summary>
public class StateTests
{
    [Fact]
    public void StateNames_FollowPyTorchAndTheOptions()
    {
        var p = Parameter([1.0]);
        Assert.Equal(["step"], new Sgd([p], 0.1).StateNames);
        Assert.Equal(["step", "momentum_buffer"], new Sgd([Parameter([1.0])], 0.1, momentum: 0.9).StateNames);
        Assert.Equal(["step", "exp_avg", "exp_avg_sq"], new Adam([Parameter([1.0])]).StateNames);
        Assert.Equal(["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"], new AdamW([Parameter([1.0])], amsgrad: true).StateNames);
        Assert.Equal(["step", "sum"], new AdaGrad([Parameter([1.0])]).StateNames);
        Assert.Equal(["step", "square_avg", "grad_avg", "momentum_buffer"], new RmsProp([Parameter([1.0])], momentum: 0.1, centered: true).StateNames);
        Assert.Equal(["step", "square_avg"], new RmsProp([Parameter([1.0])]).StateNames);
        Assert.Equal(["step", "square_avg", "acc_delta"], new Adadelta([Parameter([1.0])]).StateNames);
        Assert.Equal(["step", "exp_avg", "exp_inf"], new Adamax([Parameter([1.0])]).StateNames);
        Assert.Equal(["step", "mu_product", "exp_avg", "exp_avg_sq"], new NAdam([Parameter([1.0])]).StateNames);
    }

    [Fact]
    public void GetState_HoldsTheMomentsComputedByHand()
    {
        var p = Parameter([1.0, -2]);
        var optimizer = new Adam([p], beta1: 0.9, beta2: 0.99);
        Assert.Empty(optimizer.GetState(p));
        p.Grad = Values([2.0, -1], DType.Float64);
        optimizer.Step();
        p.Grad = Values([1.0, 3], DType.Float64);
        optimizer.Step();
        var state = optimizer.GetState(p);
        Assert.Equal(2.0, state["step"].Item());
        // m = 0.9·(0.1·g1) + 0.1·g2, v = 0.99·(0.01·g1²) + 0.01·g2²
        AssertClose([0.9 * 0.2 + 0.1, 0.9 * -0.1 + 0.3], state["exp_avg"].ToArray<double>(), 1e-15);
        AssertClose([0.99 * 0.04 + 0.01, 0.99 * 0.01 + 0.09], state["exp_avg_sq"].ToArray<double>(), 1e-15);
    }

    [Theory]
    [MemberData(nameof(OptimizerBehaviourTests.AllOptimizers), MemberType = typeof(OptimizerBehaviourTests))]
    public void SaveAndRestore_ResumesExactly(string name)
    {
        const int n = 9;
        var continuous = Parameter(InitialValues(n));
        var first = Parameter(InitialValues(n));
        var optContinuous = OptimizerBehaviourTests.Make(name, [continuous]);
        var optFirst = OptimizerBehaviourTests.Make(name, [first]);
        for (int t = 1; t <= 2; t++)
        {
            continuous.Grad = Values(Gradients(t, n), DType.Float64);
            first.Grad = Values(Gradients(t, n), DType.Float64);
            optContinuous.Step();
            optFirst.Step();
        }

        // "Save" copies of the state, then resume in a new optimizer over a copy of the parameter.
        var saved = optFirst.GetState(first).ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var resumed = Parameter(first.ToArray<double>());
        var optResumed = OptimizerBehaviourTests.Make(name, [resumed]);
        optResumed.SetState(resumed, saved);
        Assert.Equal(optFirst.StateNames.Count, optResumed.GetState(resumed).Count);
        for (int t = 3; t <= 4; t++)
        {
            continuous.Grad = Values(Gradients(t, n), DType.Float64);
            resumed.Grad = Values(Gradients(t, n), DType.Float64);
            optContinuous.Step();
            optResumed.Step();
        }
        Assert.Equal(continuous.ToArray<double>(), resumed.ToArray<double>());
    }

    [Fact]
    public void SetState_CopiesAndConvertsBuffers()
    {
        var p = Parameter([1.0, 2], DType.Float32);
        var optimizer = new Sgd([p], 0.1, momentum: 0.5);
        var buffer = Tensor.FromArray(new[] { 2.0, 4 });
        optimizer.SetState(p, new Dictionary<string, Tensor> { ["step"] = Tensor.Scalar(3), ["momentum_buffer"] = buffer });
        buffer.Fill(100); // the optimizer holds its own copy
        p.Grad = Values([1.0, 1], DType.Float32);
        optimizer.Step();
        // b = 0.5·[2, 4] + g = [2, 3]; p = p − 0.1·b
        AssertClose([0.8, 1.7], p.ToArray<double>(), 1e-6);
        Assert.Equal(DType.Float32, optimizer.GetState(p)["momentum_buffer"].DType);
        Assert.Equal(4.0, optimizer.GetState(p)["step"].Item());
    }

    [Fact]
    public void SetState_Empty_ClearsTheState()
    {
        var p = Parameter([1.0]);
        var optimizer = new Adam([p]);
        p.Grad = Values([1.0], DType.Float64);
        optimizer.Step();
        optimizer.SetState(p, new Dictionary<string, Tensor>());
        Assert.Empty(optimizer.GetState(p));
    }

    [Fact]
    public void SetState_BadInput_Throws()
    {
        var p = Parameter([1.0, 2]);
        var other = Parameter([1.0]);
        var optimizer = new Adam([p]);
        var good = new Dictionary<string, Tensor>
        {
            ["step"] = Tensor.Scalar(1), ["exp_avg"] = Tensor.Zeros([2]), ["exp_avg_sq"] = Tensor.Zeros([2]),
        };
        Assert.Contains("not one of this optimizer's parameters", Assert.Throws<ArgumentException>(() => optimizer.SetState(other, good)).Message);
        Assert.Contains("not one of this optimizer's parameters", Assert.Throws<ArgumentException>(() => optimizer.GetState(other)).Message);

        var missing = new Dictionary<string, Tensor>(good);
        missing.Remove("exp_avg_sq");
        missing["max_exp_avg_sq"] = Tensor.Zeros([2]);
        var e = Assert.Throws<ArgumentException>(() => optimizer.SetState(p, missing));
        Assert.Contains("missing [exp_avg_sq]", e.Message);
        Assert.Contains("unexpected [max_exp_avg_sq]", e.Message);

        var wrongShape = new Dictionary<string, Tensor>(good) { ["exp_avg"] = Tensor.Zeros([3]) };
        Assert.Contains("shape [2]", Assert.Throws<ArgumentException>(() => optimizer.SetState(p, wrongShape)).Message);
        var badStep = new Dictionary<string, Tensor>(good) { ["step"] = Tensor.Scalar(1.5) };
        Assert.Contains("whole number", Assert.Throws<ArgumentException>(() => optimizer.SetState(p, badStep)).Message);
        var vectorStep = new Dictionary<string, Tensor>(good) { ["step"] = Tensor.Zeros([2]) };
        Assert.Contains("one-element", Assert.Throws<ArgumentException>(() => optimizer.SetState(p, vectorStep)).Message);
    }
}
