using System.Globalization;

namespace DeepNotes.Ops.Losses;

/// <summary>
/// The shape of a classification loss's input: <c>[C]</c> (one unbatched sample), <c>[N, C]</c> or
/// <c>[N, C, d1, ...]</c> with the classes on axis 1, seen as R = N·D rows of C classes (D = d1·d2·...; row
/// r = n·D + d). <see cref="SampleShape"/> is the shape of class-index targets and of unreduced losses.
/// </summary>
internal readonly record struct ClassLayout(int N, int C, int D, Shape SampleShape)
{
    /// <summary>The number of rows (samples and positions), N·D.</summary>
    public int Rows => N * D;
}

/// <summary>
/// Shape, target and class-weight handling shared by CrossEntropy, NllLoss and MultiMarginLoss: checks that name
/// what was expected and what came, and the permutation between <c>[N, C, d...]</c> and contiguous rows.
/// </summary>
internal static class ClassTargets
{
    /// <summary>The layout of a floating-point <paramref name="input"/> of rank ≥ 1 with at least one class.</summary>
    public static ClassLayout Layout(string op, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.CheckFloatingPoint(op);
        if (input.Rank == 0)
            throw new ArgumentException($"{op}: input [C], [N, C] or [N, C, d1, ...] expected (classes on axis 1), got a 0-dim tensor.", nameof(input));
        var dims = input.Shape.Dims;
        ClassLayout layout;
        if (input.Rank == 1) layout = new ClassLayout(1, dims[0], 1, Shape.Scalar);
        else
        {
            int d = 1;
            var sample = new int[input.Rank - 1];
            sample[0] = dims[0];
            for (int i = 2; i < input.Rank; i++) { d *= dims[i]; sample[i - 1] = dims[i]; }
            layout = new ClassLayout(dims[0], dims[1], d, new Shape(sample));
        }
        if (layout.C == 0)
            throw new ArgumentException($"{op}: input {input.Shape} has no classes (size 0 on the class axis).", nameof(input));
        return layout;
    }

    /// <summary>
    /// The Int32 class indices of <paramref name="target"/> (shape <see cref="ClassLayout.SampleShape"/>), each checked to
    /// lie in [0, C) or equal <paramref name="ignoreIndex"/>. <paramref name="shapeHint"/> is appended to a shape message.
    /// </summary>
    public static int[] Indices(string op, Tensor input, Tensor target, ClassLayout layout, int? ignoreIndex, string shapeHint = "")
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.DType.IsInteger() || target.Shape != layout.SampleShape)
            throw new ArgumentException(
                $"{op}: target {layout.SampleShape} Int32 expected for input {input.Shape}, got {target.Shape} {target.DType}{shapeHint}.",
                nameof(target));
        target = Indexing.IndexChecks.AsInt32Index(op, target, "target");
        int[] t = target.ContiguousRaw().Span<int>().ToArray();
        for (int i = 0; i < t.Length; i++)
        {
            int y = t[i];
            if ((uint)y < (uint)layout.C || y == ignoreIndex) continue;
            string ignore = ignoreIndex is int ii ? $" (ignoreIndex is {ii})" : "";
            throw new ArgumentException(
                $"{op}: target class {y} at flat index {i} is out of range [0, {layout.C}){ignore}.", nameof(target));
        }
        return t;
    }

    /// <summary>A class weight: <c>[C]</c> of the input's dtype, a constant; returned contiguous.</summary>
    public static Tensor? Weight(string op, Tensor? weight, Tensor input, int classes)
    {
        if (weight is null) return null;
        LossReduce.CheckConstant(op, "weight", weight);
        if (weight.DType != input.DType || weight.Rank != 1 || weight.Shape.Dims[0] != classes)
            throw new ArgumentException(
                $"{op}: weight [{classes}] {input.DType} (one per class) expected for input {input.Shape}, got {weight.Shape} {weight.DType}.",
                nameof(weight));
        return weight.ContiguousRaw();
    }

    /// <summary>The input as contiguous rows <c>[R, C]</c>: itself when D = 1, else <c>[N, d..., C]</c> copied.</summary>
    public static Tensor Rows(Tensor input, ClassLayout layout)
    {
        if (layout.D == 1 || input.Rank <= 2) return input.ContiguousRaw();
        return Permute.Raw(input, ToRowsPermutation(input.Rank)).ContiguousRaw();
    }

    /// <summary>Rows <c>[R, C]</c> (contiguous) back to a contiguous tensor of <paramref name="inputShape"/>.</summary>
    public static Tensor FromRows(Tensor rows, Shape inputShape, ClassLayout layout)
    {
        if (layout.D == 1 || inputShape.Rank <= 2) return Reshape.Raw(rows, inputShape);
        int rank = inputShape.Rank;
        int[] toRows = ToRowsPermutation(rank);
        var rowDims = new int[rank];
        for (int i = 0; i < rank; i++) rowDims[i] = inputShape.Dims[toRows[i]];
        var back = new int[rank];
        for (int i = 0; i < rank; i++) back[toRows[i]] = i;
        return Permute.Raw(Reshape.Raw(rows, new Shape(rowDims)), back).ContiguousRaw();
    }

    /// <summary>[0, 2, 3, ..., rank − 1, 1]: moves the class axis last.</summary>
    private static int[] ToRowsPermutation(int rank)
    {
        var perm = new int[rank];
        perm[0] = 0;
        for (int i = 1; i < rank - 1; i++) perm[i] = i + 1;
        perm[rank - 1] = 1;
        return perm;
    }

    /// <summary>Formats a double for messages, invariant culture.</summary>
    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
