using DeepNotes.Ops.Indexing;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>
    /// Indexing with a tensor, like PyTorch's <c>x[mask]</c> and <c>x[idx]</c>. A Bool mask whose shape matches the leading
    /// dimensions M of this <c>[*M, *R]</c> tensor selects the rows where it is true: <c>[n, *R]</c>. An Int32 index
    /// selects along dimension 0 (negative counts from the end): <c>[*I, *R]</c> for an index of shape I. Get returns a
    /// copy (backward: rows of g added back, repeats accumulate). Set writes a value broadcast to that result shape into
    /// the selected rows in place (repeated rows: the last wins), under the in-place rules of <see cref="Fill"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The index is neither Bool nor Int32, a mask does not match the leading dimensions, or the value does not broadcast / has another dtype.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An Int32 index is outside [-size, size) of dimension 0.</exception>
    /// <exception cref="InvalidOperationException">Set on a tensor that requires grad (or with a value that requires grad) while grad mode is on.</exception>
    [System.Runtime.CompilerServices.IndexerName("Index")]
    public Tensor this[Tensor index]
    {
        get => AdvancedIndex.Get(this, index);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            CheckInPlace("Index assignment");
            IndexChecks.SourceWithoutGrad("Index assignment", value);
            IndexChecks.NoInternalOverlap("Index assignment", this);
            AdvancedIndex.Set(this, index, value);
            Storage.BumpVersion();
        }
    }

    /// <summary>In-place <see cref="Scatter(int, Tensor, Tensor)"/> (<c>scatter_</c>); no graph is recorded.</summary>
    /// <returns>This tensor.</returns>
    /// <exception cref="InvalidOperationException">This tensor or the source requires grad while grad mode is on.</exception>
    public Tensor ScatterInPlace(int dim, Tensor index, Tensor src) =>
        InPlace("ScatterInPlace", () => Ops.Indexing.Scatter.Assign(this, dim, index, src), src);

    /// <summary>In-place <see cref="Scatter(int, Tensor, double)"/> (<c>scatter_</c> with a value).</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor ScatterInPlace(int dim, Tensor index, double value) =>
        InPlace("ScatterInPlace", () => Ops.Indexing.Scatter.AssignValue(this, dim, index, value));

    /// <summary>In-place <see cref="ScatterAdd"/> (<c>scatter_add_</c>).</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor ScatterAddInPlace(int dim, Tensor index, Tensor src) =>
        InPlace("ScatterAddInPlace", () => Ops.Indexing.Scatter.Add(this, dim, index, src), src);

    /// <summary>In-place <see cref="ScatterReduce"/> (<c>scatter_reduce_</c>).</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor ScatterReduceInPlace(int dim, Tensor index, Tensor src, ScatterReduction reduce, bool includeSelf = true) =>
        InPlace("ScatterReduceInPlace", () => Ops.Indexing.ScatterReduce.Forward(this, dim, index, src, reduce, includeSelf), src);

    /// <summary>In-place <see cref="IndexAdd"/> (<c>index_add_</c>).</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor IndexAddInPlace(int dim, Tensor index, Tensor source, double alpha = 1) =>
        InPlace("IndexAddInPlace", () => IndexUpdate.Add(this, dim, index, source, alpha), source);

    /// <summary>In-place <see cref="IndexCopy"/> (<c>index_copy_</c>).</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor IndexCopyInPlace(int dim, Tensor index, Tensor source) =>
        InPlace("IndexCopyInPlace", () => IndexUpdate.Copy(this, dim, index, source), source);

    /// <summary>In-place <see cref="IndexFill(int, Tensor, double)"/> (<c>index_fill_</c>).</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor IndexFillInPlace(int dim, Tensor index, double value) =>
        InPlace("IndexFillInPlace", () => IndexUpdate.Fill(this, dim, index, value));

    /// <summary>In-place <see cref="IndexFill(int, Tensor, Tensor)"/> with a 0-dim value tensor.</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor IndexFillInPlace(int dim, Tensor index, Tensor value) =>
        InPlace("IndexFillInPlace", () => IndexUpdate.Fill(this, dim, index, value), value);

    /// <summary>In-place <see cref="MaskedFill(Tensor, double)"/> (<c>masked_fill_</c>): the mask must broadcast to this shape.</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor MaskedFillInPlace(Tensor mask, double value) =>
        InPlace("MaskedFillInPlace", () => Masked.Fill(this, mask, value));

    /// <summary>In-place <see cref="MaskedFill(Tensor, Tensor)"/> with a 0-dim value tensor.</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor MaskedFillInPlace(Tensor mask, Tensor value) =>
        InPlace("MaskedFillInPlace", () => Masked.Fill(this, mask, value), value);

    /// <summary>In-place <see cref="MaskedScatter"/> (<c>masked_scatter_</c>): the mask must broadcast to this shape.</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor MaskedScatterInPlace(Tensor mask, Tensor source) =>
        InPlace("MaskedScatterInPlace", () => Masked.Scatter(this, mask, source), source);

    /// <summary>In-place <see cref="Put"/> (<c>put_</c>).</summary>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/returns"/>
    /// <inheritdoc cref="ScatterInPlace(int, Tensor, Tensor)" path="/exception"/>
    public Tensor PutInPlace(Tensor index, Tensor source, bool accumulate = false) =>
        InPlace("PutInPlace", () => TakePut.Put(this, index, source, accumulate), source);

    /// <summary>
    /// Runs the out-of-place form without recording (so every check happens before anything is written), then copies
    /// its result into this tensor and bumps the storage version, as the other in-place ops do.
    /// </summary>
    private Tensor InPlace(string op, Func<Tensor> compute, Tensor? source = null)
    {
        CheckInPlace(op);
        if (source is not null) IndexChecks.SourceWithoutGrad(op, source);
        IndexChecks.NoInternalOverlap(op, this);
        Tensor result;
        using (Autograd.NoGrad()) result = compute();
        if (result.Shape != Shape)
            throw new ArgumentException($"{op}: the result would have shape {result.Shape} (after broadcasting) but an in-place op cannot change this tensor's shape {Shape}.");
        result.CopyTo(this);
        Storage.BumpVersion();
        return this;
    }
}
