namespace DeepNotes;

/// <summary>Which insertion point <see cref="Tensor.Searchsorted(Tensor, Tensor, bool, SearchSide?, Tensor?)"/> returns for a value equal to entries of the sequence (PyTorch's <c>side</c>).</summary>
public enum SearchSide
{
    /// <summary>The first suitable position: before equal entries (<c>side="left"</c>, <c>right=False</c>).</summary>
    Left,

    /// <summary>The last suitable position: after equal entries (<c>side="right"</c>, <c>right=True</c>).</summary>
    Right,
}
