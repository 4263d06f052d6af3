namespace DeepNotes.Kernels;

/// <summary>
/// The sizes of one 2-D convolution, NCHW input <c>[Batch, InChannels, InHeight, InWidth]</c>, weight
/// <c>[OutChannels, InChannels/Groups, KernelHeight, KernelWidth]</c>, output <c>[Batch, OutChannels, OutHeight,
/// OutWidth]</c>. Output row <c>oh</c> reads input rows <c>oh·StrideH − PadH + kh·DilationH</c>; rows outside the
/// input are zero. The output size is given (not derived) so that a transposed convolution can use the geometry of
/// the convolution it transposes, whose bottom/right padding may be implicit.
/// </summary>
/// <remarks>
/// A 3-D convolution (NCDHW, weight <c>[K, C/G, KD, KH, KW]</c>) sets the depth members with <c>with { ... }</c>;
/// they default to a depth of one (a 2-D convolution). The planes (<see cref="InPlane"/>, <see cref="OutPlane"/>)
/// are then volumes D·H·W and the im2col rows run over (c, kd, kh, kw).
/// </remarks>
internal readonly record struct ConvGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelHeight, int KernelWidth,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW, int Groups,
    int OutHeight, int OutWidth)
{
    /// <summary>Input depth D (1 in 2-D).</summary>
    public int InDepth { get; init; } = 1;

    /// <summary>Output depth OD (1 in 2-D).</summary>
    public int OutDepth { get; init; } = 1;

    /// <summary>Kernel depth KD (1 in 2-D).</summary>
    public int KernelDepth { get; init; } = 1;

    /// <summary>Stride along the depth.</summary>
    public int StrideD { get; init; } = 1;

    /// <summary>Zero padding before the first input slice (output slice od reads od·StrideD − PadD + kd·DilationD).</summary>
    public int PadD { get; init; }

    /// <summary>Dilation along the depth.</summary>
    public int DilationD { get; init; } = 1;

    /// <summary>True when the depth is trivial (a 2-D convolution): one input and output slice, a 1-deep kernel, no depth padding.</summary>
    public bool IsFlat => InDepth == 1 && OutDepth == 1 && KernelDepth == 1 && PadD == 0;

    /// <summary>Input channels per group.</summary>
    public int InGroup => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int OutGroup => OutChannels / Groups;

    /// <summary>Kernel taps per channel: KernelDepth·KernelHeight·KernelWidth.</summary>
    public int KernelTaps => KernelDepth * KernelHeight * KernelWidth;

    /// <summary>Rows of one group's im2col matrix: InGroup·KernelDepth·KernelHeight·KernelWidth (the GEMM depth).</summary>
    public int ColRows => InGroup * KernelTaps;

    /// <summary>OutHeight·OutWidth: one output slice.</summary>
    public int OutSlice => OutHeight * OutWidth;

    /// <summary>InHeight·InWidth: one input slice.</summary>
    public int InSlice => InHeight * InWidth;

    /// <summary>OutDepth·OutHeight·OutWidth: the output positions of one channel.</summary>
    public int OutPlane => OutDepth * OutHeight * OutWidth;

    /// <summary>InDepth·InHeight·InWidth: the input positions of one channel.</summary>
    public int InPlane => InDepth * InHeight * InWidth;

    /// <summary>Multiply-adds of the forward pass for the whole batch.</summary>
    public long MultiplyAdds => (long)Batch * OutChannels * OutPlane * ColRows;

    /// <summary>True when im2col is the identity (1×1 kernel, stride 1, no padding): the input is the column matrix.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0
        && OutHeight == InHeight && OutWidth == InWidth
        && KernelDepth == 1 && StrideD == 1 && PadD == 0 && OutDepth == InDepth;

    /// <summary>⌊(size + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride⌋ + 1 (may be ≤ 0 when the input is too small).</summary>
    public static int OutputSize(int size, int kernel, int stride, int padBefore, int padAfter, int dilation)
    {
        int span = size + padBefore + padAfter - dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }
}
