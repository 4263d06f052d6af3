using DeepNotes;

namespace DeepNotes.Tests.ShapeOps;

/// <summary>
/// The copy kernels on tensors large enough to be split over threads and long enough rows for the vector paths,
/// against index formulas, for every element size (Float32/Int32, Float64, Bool).
/// </summary>
public class ShapeLargeCopyTests
{
    private const int R = 600, C = 501; // 300,600 elements: above the parallel threshold; rows not a multiple of the vector width

    public static TheoryData<DType> DTypes() => new() { DType.Float32, DType.Float64, DType.Int32 };

    private static Tensor Source(DType dtype) => Tensor.Arange(R * C, DType.Float64).Reshape(R, C).To(dtype);

    private static void AssertAll(Tensor actual, int rows, int cols, Func<int, int, double> expected)
    {
        Assert.Equal(new Shape(rows, cols), actual.Shape);
        double[] a = actual.ToArray<double>();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                if (a[i * cols + j] != expected(i, j))
                    Assert.Fail($"[{i}, {j}]: expected {expected(i, j)}, got {a[i * cols + j]}");
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Flip_Roll_Repeat_Tril_Pad_Cat_Interleave(DType dtype)
    {
        Tensor x = Source(dtype);
        static double V(int i, int j) => i * C + j;
        AssertAll(x.Flip(1), R, C, (i, j) => V(i, C - 1 - j));
        AssertAll(x.Flip(0, 1), R, C, (i, j) => V(R - 1 - i, C - 1 - j));
        AssertAll(x.T.Flip(1), C, R, (i, j) => V(R - 1 - j, i));
        AssertAll(x.Roll([7, -3], [0, 1]), R, C, (i, j) => V(((i - 7) % R + R) % R, (j + 3) % C));
        AssertAll(x.Repeat(2, 1), 2 * R, C, (i, j) => V(i % R, j));
        AssertAll(x.Repeat(1, 2), R, 2 * C, (i, j) => V(i, j % C));
        AssertAll(x.RepeatInterleave(2, 1), R, 2 * C, (i, j) => V(i, j / 2));
        AssertAll(x.RepeatInterleave(2, 0), 2 * R, C, (i, j) => V(i / 2, j));
        AssertAll(x.Tril(3), R, C, (i, j) => j - i <= 3 ? V(i, j) : 0);
        AssertAll(x.Triu(-2), R, C, (i, j) => j - i >= -2 ? V(i, j) : 0);
        AssertAll(Functional.Pad(x, [2, 3, 1, 1], PaddingMode.Reflect), R + 2, C + 5, (i, j) =>
        {
            static int Reflect(int k, int n) => k < 0 ? -k : k >= n ? 2 * (n - 1) - k : k;
            return V(Reflect(i - 1, R), Reflect(j - 2, C));
        });
        AssertAll(Functional.Pad(x, [1, 2, 3, 4], PaddingMode.Circular), R + 7, C + 3, (i, j) => V(((i - 3) % R + R) % R, ((j - 1) % C + C) % C));
        AssertAll(Functional.Pad(x, [2, 1, 1, 2], PaddingMode.Replicate), R + 3, C + 3, (i, j) => V(Math.Clamp(i - 1, 0, R - 1), Math.Clamp(j - 2, 0, C - 1)));
        AssertAll(Functional.Pad(x, [3, -2, -1, 2], value: 5), R + 1, C + 1, (i, j) => i >= R - 1 || j < 3 ? 5 : V(i + 1, j - 3));
        AssertAll(Tensor.Cat([x, x.Narrow(1, 0, 10)], 1), R, C + 10, (i, j) => V(i, j < C ? j : j - C));
    }

    [Fact]
    public void Bool_CopiesBytes()
    {
        var v = Enumerable.Range(0, R * C).Select(i => i % 3 == 0).ToArray();
        Tensor b = Tensor.FromArray(v, new Shape(R, C));
        bool[] f = b.Flip(1).ToArray<bool>();
        bool[] t = b.Tril().ToArray<bool>();
        for (int i = 0; i < R; i++)
            for (int j = 0; j < C; j++)
            {
                Assert.Equal(v[i * C + C - 1 - j], f[i * C + j]);
                Assert.Equal(j <= i && v[i * C + j], t[i * C + j]);
            }
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        Tensor x = Tensor.Randn([R, C], DType.Float32, new Generator(3));
        int saved = Parallelism.ThreadCount;
        Tensor[] Run() => [x.Flip(1), x.Roll(5, 0), x.Repeat(2, 1), Functional.Pad(x, [2, 2], PaddingMode.Reflect), x.Tril()];
        Tensor[] many = Run();
        try
        {
            Parallelism.ThreadCount = 1;
            Tensor[] one = Run();
            for (int k = 0; k < one.Length; k++) Assert.Equal(one[k].ToArray<float>(), many[k].ToArray<float>());
        }
        finally { Parallelism.ThreadCount = saved; }
    }
}
