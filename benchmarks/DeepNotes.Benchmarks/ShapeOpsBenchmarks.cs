using System.Diagnostics;
using System.Globalization;
using DeepNotes;

namespace DeepNotes.Benchmarks;

/// <summary>
/// Throughput of the shape ops of issue 13 at about 1M float32 elements, on the shapes of
/// <c>benchmarks/ops_reference_shape.py</c> (PyTorch's counterpart): <c>-- ops [--torch file]</c> prints
/// "name, ms, M elements/s" and, given that script's output, PyTorch's time and the ratio side by side.
/// </summary>
public static class ShapeOpsBenchmarks
{
    /// <summary>The cases: a name, the work, and the elements it moves (the output size).</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        var g = new Generator(1);
        Tensor m = Tensor.Randn([1000, 1000], generator: g);
        Tensor half = Tensor.Randn([500, 1000], generator: g);
        Tensor img = Tensor.Randn([1, 4, 498, 498], generator: g);
        Tensor vec = Tensor.Randn([1000], generator: g);
        float[] raw = m.ToArray<float>(); // real data: a never-written array would be read from the shared zero page
        yield return ("alloc_copy_floor", () => raw.AsSpan().CopyTo(GC.AllocateUninitializedArray<float>(raw.Length)), 1_000_000);
        yield return ("clone", () => m.Clone(), 1_000_000);
        yield return ("flip_dim0", () => m.Flip(0), 1_000_000);
        yield return ("flip_dim1", () => m.Flip(1), 1_000_000);
        yield return ("roll_dim1", () => m.Roll(3, 1), 1_000_000);
        yield return ("roll_flat", () => m.Roll(12345), 1_000_000);
        yield return ("rot90", () => m.Rot90().Contiguous(), 1_000_000);
        yield return ("repeat_2x1", () => half.Repeat(2, 1), 1_000_000);
        yield return ("repeat_1x2", () => half.Repeat(1, 2), 1_000_000);
        yield return ("repeat_interleave_dim1", () => half.RepeatInterleave(2, 1), 1_000_000);
        yield return ("tril", () => m.Tril(), 1_000_000);
        yield return ("triu", () => m.Triu(1), 1_000_000);
        yield return ("pad_constant", () => Functional.Pad(img, [1, 1, 1, 1]), 4 * 500 * 500);
        yield return ("pad_reflect", () => Functional.Pad(img, [1, 1, 1, 1], PaddingMode.Reflect), 4 * 500 * 500);
        yield return ("pad_replicate", () => Functional.Pad(img, [1, 1, 1, 1], PaddingMode.Replicate), 4 * 500 * 500);
        yield return ("pad_circular", () => Functional.Pad(img, [1, 1, 1, 1], PaddingMode.Circular), 4 * 500 * 500);
        yield return ("cat_dim1", () => Tensor.Cat([half, half], 1), 1_000_000);
        yield return ("diag_embed", () => vec.DiagEmbed(), 1_000_000);
        yield return ("kron", () => m.Narrow(0, 0, 100).Narrow(1, 0, 100).Kron(vec.Narrow(0, 0, 100).Reshape(10, 10)), 1_000_000);
    }

}
