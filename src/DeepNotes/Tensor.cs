using System.Runtime.CompilerServices;
using DeepNotes.Kernels;

namespace DeepNotes;

/// <summary>
/// An n-dimensional array of <see cref="DType"/> elements with reverse-mode automatic differentiation, like
/// <c>torch.Tensor</c>. Storage is row-major in a managed array; views (<see cref="Reshape(int[])"/>,
/// <see cref="Transpose"/>, <see cref="Narrow(int, int, int)"/>, <see cref="Expand(int[])"/>, ...) share it through strides.
/// </summary>
/// <remarks>
/// An op records a graph node on its output only when an input <see cref="RequiresGrad"/> and grad mode is on
/// (see <see cref="Autograd.NoGrad"/>); <see cref="Backward()"/> then accumulates gradients into the
/// <see cref="Grad"/> of the leaves. The GC owns the memory: tensors are not <see cref="IDisposable"/>.
/// </remarks>
public sealed partial class Tensor
{
    private readonly int[] _strides;
    private bool _requiresGrad;
    private Tensor? _grad;

    internal Tensor(Storage storage, Shape shape, int[] strides, int offset, DType dtype)
    {
        Storage = storage;
        Shape = shape;
        _strides = strides;
        Offset = offset;
        DType = dtype;
        IsContiguous = ComputeIsContiguous(shape, strides);
    }

    /// <summary>A new contiguous tensor of <paramref name="shape"/> over fresh zeroed storage.</summary>
    internal Tensor(Shape shape, DType dtype)
        : this(Storage.Allocate(dtype, shape.ElementCount), shape, shape.ContiguousStrides(), 0, dtype)
    {
    }

    internal Storage Storage { get; }

    /// <summary>Index of this tensor's first element in its storage.</summary>
    internal int Offset { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => Shape.Rank;

    /// <summary>The total number of elements.</summary>
    public int ElementCount => Shape.ElementCount;

    /// <summary>True when the elements are laid out row-major without gaps, so the tensor is one span of its storage.</summary>
    public bool IsContiguous { get; }

    /// <summary>The step in storage elements between neighbours along each dimension.</summary>
    public IReadOnlyList<int> Strides => _strides;

    internal int[] StrideArray => _strides;

    /// <summary>The size of dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Size(int axis) => Shape[axis];

    /// <summary>The graph node that produced this tensor, or null for a leaf.</summary>
    internal GraphNode? GradFn { get; private set; }

    /// <summary>The name of the backward function that produced this tensor (e.g. <c>MulBackward</c>), or null for a leaf.</summary>
    public string? GradFnName => GradFn?.Name;

    /// <summary>True for tensors created by the user rather than by a recorded op: their gradients land in <see cref="Grad"/>.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on floating-point leaves only; an op's output requires grad
    /// when any input did and grad mode was on.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on a non-leaf, or to true on a non-floating dtype.</exception>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!IsLeaf)
                throw new InvalidOperationException(
                    $"RequiresGrad can only be changed on leaf tensors; this tensor was produced by {GradFnName}. Use Detach() to get a leaf.");
            if (value && !DType.IsFloatingPoint())
                throw new InvalidOperationException($"Only floating-point tensors can require gradients, this one is {DType}.");
            _requiresGrad = value;
        }
    }

    /// <summary>
    /// The accumulated gradient of a leaf after <see cref="Backward()"/>, same shape and dtype as the tensor; null
    /// until a backward reaches it. Set to null to zero it (what optimizers' <c>ZeroGrad</c> do).
    /// </summary>
    /// <exception cref="ArgumentException">Set to a tensor of another shape or dtype.</exception>
    public Tensor? Grad
    {
        get => _grad;
        set
        {
            if (value is not null && (value.Shape != Shape || value.DType != DType))
                throw new ArgumentException(
                    $"Grad must match the tensor: expected {Shape} {DType}, got {value.Shape} {value.DType}.", nameof(value));
            _grad = value;
        }
    }

    /// <summary>Set by <see cref="RetainGrad"/>: keep this non-leaf's gradient in <see cref="Grad"/>.</summary>
    internal bool RetainsGrad { get; private set; }

    /// <summary>Asks a non-leaf tensor to keep its gradient in <see cref="Grad"/> during backward, like <c>retain_grad()</c>.</summary>
    /// <returns>This tensor.</returns>
    /// <exception cref="InvalidOperationException">The tensor does not require grad.</exception>
    public Tensor RetainGrad()
    {
        if (!RequiresGrad)
            throw new InvalidOperationException("RetainGrad: the tensor does not require grad, so it will never receive a gradient.");
        if (!IsLeaf)
        {
            RetainsGrad = true;
            GradFn!.RetainedOutput = this;
        }
        return this;
    }

    /// <summary>Attaches a graph node; called by ops through <see cref="GraphNode"/>.</summary>
    internal void SetGradFn(GraphNode node)
    {
        GradFn = node;
        _requiresGrad = true;
    }

    /// <summary>The whole backing array typed as <typeparamref name="T"/> (index with <see cref="Offset"/> and strides).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T[] Data<T>() where T : unmanaged
    {
        // A 16-bit storage-only tensor reached a kernel of another element size (a compute op): refuse rather than read
        // past the 2-byte elements. Kernels of size 2 (the shape moves) are the only ones that may touch it.
        if (Unsafe.SizeOf<T>() != 2 && DType.IsStorageOnly()) throw DTypeExtensions.StorageOnlyError("This op", DType);
        return Unsafe.As<T[]>(Storage.Data);
    }

    /// <summary>The elements as one span; only valid when <see cref="IsContiguous"/>.</summary>
    internal Span<T> Span<T>() where T : unmanaged
    {
        if (!IsContiguous) throw new InvalidOperationException("Internal error: Span() on a non-contiguous tensor.");
        return Data<T>().AsSpan(Offset, ElementCount);
    }

    /// <summary>Storage position of the element with row-major logical index <paramref name="flatIndex"/>.</summary>
    internal int StorageIndex(int flatIndex)
    {
        int pos = Offset;
        for (int d = Rank - 1; d >= 0; d--)
        {
            int size = Shape.Dims[d];
            pos += flatIndex % size * _strides[d];
            flatIndex /= size;
        }
        return pos;
    }

    /// <summary>This tensor if contiguous, else a contiguous copy; no autograd (internal building block).</summary>
    internal Tensor ContiguousRaw()
    {
        if (IsContiguous) return this;
        var result = Ops.ShapeMoves.Empty(Shape, DType); // CopyTo writes every element
        CopyTo(result);
        return result;
    }

    /// <summary>Copies this tensor's elements (any strides) into the same-shaped <paramref name="destination"/> (any strides).</summary>
    internal void CopyTo(Tensor destination)
    {
        switch (DType)
        {
            case DType.Float32: CopyTo<float>(destination); break;
            case DType.Float64: CopyTo<double>(destination); break;
            case DType.Int32: CopyTo<int>(destination); break;
            case DType.Int64: CopyTo<long>(destination); break;
            case DType.Float16 or DType.BFloat16: CopyTo<short>(destination); break;
            default: CopyTo<bool>(destination); break;
        }
    }

    private void CopyTo<T>(Tensor destination) where T : unmanaged =>
        StridedCopy.Copy(Data<T>(), Offset, _strides, destination.Data<T>(), destination.Offset, destination._strides, Shape.Dims);

    private static bool ComputeIsContiguous(Shape shape, int[] strides)
    {
        int expected = 1;
        for (int i = shape.Rank - 1; i >= 0; i--)
        {
            int size = shape.Dims[i];
            if (size == 1) continue;
            if (size == 0) return true;
            if (strides[i] != expected) return false;
            expected *= size;
        }
        return true;
    }

    /// <summary>Throws when <paramref name="a"/> and <paramref name="b"/> have different dtypes, naming the op and both dtypes.</summary>
    internal static void CheckSameDType(string op, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
            throw new ArgumentException($"{op}: dtype mismatch, {a.DType} and {b.DType}; convert one with To(DType) first.");
    }

    /// <summary>Throws unless the dtype is floating point.</summary>
    internal void CheckFloatingPoint(string op)
    {
        DTypeExtensions.RejectStorageOnly(op, DType);
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"{op} expects a floating-point tensor (Float32 or Float64), got {DType}.");
    }

    /// <summary>Throws unless the dtype is numeric (not Bool).</summary>
    internal void CheckNumeric(string op)
    {
        DTypeExtensions.RejectStorageOnly(op, DType);
        if (DType == DType.Bool)
            throw new ArgumentException($"{op} expects a numeric tensor (Float32, Float64, Int32 or Int64), got Bool; convert with To(DType) first.");
    }
}
