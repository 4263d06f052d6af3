using DeepNotes.Layers;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>cnn_fmnist_b64</c> model of ../shared/bench/pytorch_workloads.py: Conv2D(1→32, 3, p1) → ReLU → max-pool 2 →
/// Conv2D(32→64, 3, p1) → ReLU → max-pool 2 → Dense(3136→128) → ReLU → Dense(128→10), on [N, 1, 28, 28].
/// </summary>
internal sealed class CnnFmnist : Module<Tensor, Tensor>
{
    private readonly Conv2D _c1;
    private readonly Conv2D _c2;
    private readonly Dense _f1;
    private readonly Dense _f2;

    public CnnFmnist()
    {
        _c1 = RegisterModule("c1", new Conv2D(1, 32, 3, padding: 1));
        _c2 = RegisterModule("c2", new Conv2D(32, 64, 3, padding: 1));
        _f1 = RegisterModule("f1", new Dense(64 * 7 * 7, 128));
        _f2 = RegisterModule("f2", new Dense(128, 10));
    }

    public override Tensor Forward(Tensor input)
    {
        Tensor x = Functional.MaxPool2D(Functional.Relu(_c1.Call(input)), 2);
        x = Functional.MaxPool2D(Functional.Relu(_c2.Call(x)), 2);
        return _f2.Call(Functional.Relu(_f1.Call(x.Flatten(1))));
    }
}
