using DeepNotes;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of the <see cref="Tensor"/> shape moves, joins, splits and indexing ops (linear in their
/// inputs, so each case squares or multiplies the result to give a non-zero second derivative).
/// </summary>
public sealed class TensorShapeIndexingGradGradCases : IGradGradCaseSource
{
    private static Tensor Idx(params int[] v) => Tensor.FromArray(v, [v.Length]);

    private static GradGradCase S(string api, string label, Func<Tensor, Tensor> f, params int[] shape) =>
        new(api, label, t => f(t[0]).Square(), () => [Randn(100 + (ulong)api.Length, shape.Length == 0 ? [3, 4] : shape)]);

    private static GradGradCase Two(string api, string label, Func<Tensor, Tensor, Tensor> f, int[] a, int[] b) =>
        new(api, label, t => f(t[0], t[1]).Square(), () => [Randn(200 + (ulong)api.Length, a), Randn(300 + (ulong)api.Length, b)]);

    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        yield return S("Tensor.BroadcastTo", "", x => x.BroadcastTo(2, 3, 4));
        yield return S("Tensor.Clone", "", x => x.Clone() * x);
        yield return S("Tensor.Contiguous", "", x => x.Transpose(0, 1).Contiguous() * x.T);
        yield return S("Tensor.Diag", "matrix to vector", x => x.Diag(1) * x.Diag(1));
        yield return S("Tensor.Diag", "vector to matrix", x => x.Diag(-1) * x.Sum(), 3);
        yield return S("Tensor.DiagEmbed", "", x => x.DiagEmbed().Sum(-1) * x);
        yield return S("Tensor.Diagonal", "", x => x.Diagonal(1) * x.Diagonal(-1).Sum());
        yield return S("Tensor.Expand", "", x => x.Expand(2, 3, 4) * x);
        yield return S("Tensor.Flatten", "", x => x.Flatten() * x.Flatten(), 2, 3, 2);
        yield return S("Tensor.Flip", "", x => x.Flip(0, 1) * x);
        yield return S("Tensor.Fliplr", "", x => x.Fliplr() * x);
        yield return S("Tensor.Flipud", "", x => x.Flipud() * x);
        yield return S("Tensor.Moveaxis", "", x => x.Moveaxis(0, 2).Contiguous().Flatten() * x.Flatten(), 2, 3, 2);
        yield return S("Tensor.Movedim", "", x => x.Movedim([0, 1], [1, 0]) * x.T);
        yield return S("Tensor.Narrow", "", x => x.Narrow(1, 1, 2) * x.Narrow(1, 0, 2));
        yield return S("Tensor.Narrow", "tensor start", x => x.Narrow(0, Tensor.Scalar(1, DType.Int32), 2) * x.Narrow(0, 0, 2));
        yield return S("Tensor.Permute", "", x => x.Permute(2, 0, 1) * x.Permute(2, 0, 1).Flip(0), 2, 3, 2);
        yield return S("Tensor.Repeat", "", x => x.Repeat(2, 1) * x.Sum());
        yield return S("Tensor.RepeatInterleave", "int", x => x.RepeatInterleave(2, 0) * x.Repeat(2, 1));
        yield return S("Tensor.RepeatInterleave", "tensor", x => x.RepeatInterleave(Idx(1, 0, 2), 0) * x.Sum(0));
        yield return S("Tensor.Reshape", "", x => x.Reshape(4, 3) * x.Reshape(4, 3).Flip(0));
        yield return S("Tensor.Roll", "", x => x.Roll(1, 1) * x);
        yield return S("Tensor.Roll", "dims", x => x.Roll([1, -1], [0, 1]) * x);
        yield return S("Tensor.Rot90", "", x => x.Rot90() * x.T);
        yield return S("Tensor.Select", "", x => x.Select(1, 2) * x.Select(1, 0));
        yield return S("Tensor.Slice", "", x => x.Slice(1, 0, 4, 2) * x.Slice(1, 1, 4, 2));
        yield return S("Tensor.Squeeze", "", x => x.Squeeze(1) * x.Squeeze(), 3, 1, 2);
        yield return S("Tensor.Unsqueeze", "", x => x.Unsqueeze(1) * x);
        yield return S("Tensor.Swapaxes", "", x => x.Swapaxes(0, 1) * x.T);
        yield return S("Tensor.Swapdims", "", x => x.Swapdims(1, 0) * x.T);
        yield return S("Tensor.Transpose", "", x => x.Transpose(0, 1) * x.T.Flip(0));
        yield return S("Tensor.Tile", "", x => x.Tile(2) * x.Tile(2).Flip(0), 4);
        yield return S("Tensor.Tril", "", x => x.Tril() * x.Triu(1).Sum());
        yield return S("Tensor.Triu", "", x => x.Triu(-1) * x.Tril(-2).Sum());
        yield return S("Tensor.Unflatten", "", x => x.Unflatten(1, [2, 2]) * x.Reshape(3, 2, 2).Flip(2));
        yield return S("Tensor.View", "", x => x.View(4, 3) * x.View(4, 3).Flip(1));
        yield return S("Tensor.To", "", x => x.To(DType.Float64) * x);
        yield return S("Tensor.RetainGrad", "", x => (x * x).RetainGrad() * x);
        yield return S("Tensor.Chunk", "", x => { var c = x.Chunk(2, 1); return c[0] * c[1]; });
        yield return S("Tensor.Split", "size", x => { var c = x.Split(2, 1); return c[0] * c[1]; });
        yield return S("Tensor.Split", "sizes", x => { var c = x.Split([1, 2], 0); return c[0] * c[1].Sum(0); });
        yield return S("Tensor.Unbind", "", x => { var c = x.Unbind(1); return c[0] * c[3] + c[1]; });

        yield return Two("Tensor.Cat", "", (a, b) => Tensor.Cat([a, b, a], 1) * Tensor.Cat([a, a, b], 1), [2, 2], [2, 1]);
        yield return Two("Tensor.Concat", "", (a, b) => Tensor.Concat([a, b]) * Tensor.Concat([b, a]), [2, 2], [2, 2]);
        yield return Two("Tensor.Stack", "", (a, b) => Tensor.Stack([a, b], 1) * Tensor.Stack([b, a], 1), [2, 2], [2, 2]);
        yield return Two("Tensor.Hstack", "", (a, b) => Tensor.Hstack([a, b]) * Tensor.Hstack([b, a]), [2, 2], [2, 2]);
        yield return Two("Tensor.Vstack", "", (a, b) => Tensor.Vstack([a, b]) * Tensor.Vstack([b, a]), [3], [3]);
        yield return Two("Tensor.RowStack", "", (a, b) => Tensor.RowStack([a, b]) * Tensor.RowStack([b, a]), [2, 2], [1, 2]);
        yield return Two("Tensor.Dstack", "", (a, b) => Tensor.Dstack([a, b]) * Tensor.Dstack([b, a]), [2, 2], [2, 2]);
        yield return Two("Tensor.ColumnStack", "", (a, b) => Tensor.ColumnStack([a, b]) * Tensor.ColumnStack([b, a]), [3], [3, 2]);
        yield return Two("Tensor.CartesianProd", "", (a, b) => Tensor.CartesianProd([a, b]).Prod(1), [3], [2]);
        yield return Two("Tensor.Meshgrid", "", (a, b) => { var g = Tensor.Meshgrid([a, b]); return g[0] * g[1]; }, [3], [2]);
        yield return Two("Tensor.Meshgrid", "xy", (a, b) => { var g = Tensor.Meshgrid([a, b], "xy"); return g[0] * g[1]; }, [3], [2]);

        yield return S("Tensor.Gather", "", x => x.Gather(1, Tensor.FromArray(new[] { 3, 0, 1, 1, 2, 2 }, [3, 2])) * x.Narrow(1, 0, 2));
        yield return S("Tensor.TakeAlongDim", "", x => x.TakeAlongDim(Tensor.FromArray(new[] { 3, 0, 1, 1, 2, 2 }, [3, 2]), 1) * x.Narrow(1, 1, 2));
        yield return S("Tensor.TakeAlongDim", "flat", x => x.TakeAlongDim(Idx(5, 0, 11, 5)) * x.Narrow(1, 0, 1).Flatten().Sum());
        yield return S("Tensor.Take", "", x => x.Take(Tensor.FromArray(new[] { 1, -1, 4, 1 }, [2, 2])) * x.Narrow(1, 0, 2).Narrow(0, 0, 2));
        yield return S("Tensor.IndexSelect", "", x => x.IndexSelect(1, Idx(3, 1, 3)) * x.Narrow(1, 0, 3));
        yield return S("Tensor.MaskedSelect", "", x => x.MaskedSelect(x.Detach().Greater(0.0)) * x.MaskedSelect(x.Detach().Greater(0.0)).Sum());
        yield return S("Tensor.MaskedFill", "value", x => x.MaskedFill(x.Detach().Greater(0.0), 0.5) * x);
        yield return Two("Tensor.MaskedFill", "tensor value", (x, v) => x.MaskedFill(x.Detach().Greater(0.0), v) * x * v, [3, 4], []);
        yield return Two("Tensor.MaskedScatter", "", (x, s) => x.MaskedScatter(x.Detach().Greater(0.0), s) * x, [3, 4], [12]);
        yield return S("Tensor.IndexFill", "value", x => x.IndexFill(1, Idx(0, 2), -1.0) * x);
        yield return Two("Tensor.IndexFill", "tensor value", (x, v) => x.IndexFill(1, Idx(0, 2, 0), v) * x * v, [3, 4], []);
        yield return Two("Tensor.IndexAdd", "", (x, s) => x.IndexAdd(1, Idx(3, 0, 3), s, alpha: 2) * x, [3, 4], [3, 3]);
        yield return Two("Tensor.IndexCopy", "", (x, s) => x.IndexCopy(0, Idx(2, 0), s) * x, [3, 4], [2, 4]);
        yield return Two("Tensor.Put", "", (x, s) => x.Put(Tensor.FromArray(new[] { 1, -1, 4 }, [3]), s) * x, [3, 4], [3]);
        yield return Two("Tensor.Put", "accumulate", (x, s) => x.Put(Tensor.FromArray(new[] { 1, -1, 1 }, [3]), s, accumulate: true) * x, [3, 4], [3]);
        Tensor scatterIndex = Tensor.FromArray(new[] { 1, 3, 0, 1, 0, 0 }, [2, 3]);
        yield return Two("Tensor.Scatter", "", (x, s) => x.Scatter(1, scatterIndex.Narrow(1, 0, 2).Contiguous(), s) * x, [3, 4], [2, 3]);
        yield return S("Tensor.Scatter", "value", x => x.Scatter(1, Tensor.FromArray(new[] { 1, 0 }, [2, 1]), 5.0) * x);
        yield return Two("Tensor.ScatterAdd", "", (x, s) => x.ScatterAdd(1, scatterIndex, s) * x, [3, 4], [2, 3]);
        foreach (ScatterReduction reduce in Enum.GetValues<ScatterReduction>())
            foreach (bool includeSelf in new[] { true, false })
                yield return new("Tensor.ScatterReduce", $"{reduce}, includeSelf {includeSelf}",
                    t => t[0].ScatterReduce(1, scatterIndex, t[1], reduce, includeSelf) * t[0],
                    () => [TensorReductionGradGradCases.Distinct(400, 3, 4), Of([0.6, -1.5, 2.3, -0.3, 1.2, -2.5], 2, 3)]); // no ties with x
        yield return new("Tensor.ScatterReduce", "Prod with zeros",
            t => t[0].ScatterReduce(1, scatterIndex, t[1], ScatterReduction.Prod) * t[0],
            () => [Of([0.0, 1.5, -0.5, 2.0, 0.7, 0.0, 1.1, -1.3, 0.9, 0.4, -0.6, 1.2], 3, 4), Of([0.0, 0.8, 1.4, -0.9, 0.0, 0.6], 2, 3)]);
    }

    /// <inheritdoc/>
    public IEnumerable<(string Api, string Reason)> NotDifferentiable() => [];
}
