namespace DeepNotes.Kernels;

/// <summary>
/// The sizes of one 2-D convolution, NCHW input <c>[Batch, InChannels, InHeight, InWidth]</c>, weight
/// <c>[OutChannels, InChannels/Groups, KernelHeight, KernelWidth]</c>, output <c>[Batch, OutChannels, OutHeight,
/// OutWidth]</c>. Output row <c>oh</c> reads input rows <c>oh·StrideH − PadH + kh·DilationH</c>; rows outside the
/// input are zero. The output size is given (not derived) so that a transposed convolution can use the geometry of
/// the convolution it transposes, whose bottom/right padding may be implicit.
/// </summary>
internal readonly record struct ConvGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int KernelHeight, int KernelWidth,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW, int Groups,
    int OutHeight, int OutWidth)
{
    /// <summary>Input channels per group.</summary>
    public int InGroup => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int OutGroup => OutChannels / Groups;

    /// <summary>Rows of one group's im2col matrix: InGroup·KernelHeight·KernelWidth (the GEMM depth).</summary>
    public int ColRows => InGroup * KernelHeight * KernelWidth;

    /// <summary>OutHeight·OutWidth.</summary>
    public int OutPlane => OutHeight * OutWidth;

    /// <summary>InHeight·InWidth.</summary>
    public int InPlane => InHeight * InWidth;

    /// <summary>Multiply-adds of the forward pass for the whole batch.</summary>
    public long MultiplyAdds => (long)Batch * OutChannels * OutPlane * ColRows;

    /// <summary>True when im2col is the identity (1×1 kernel, stride 1, no padding): the input is the column matrix.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0
        && OutHeight == InHeight && OutWidth == InWidth;

    /// <summary>⌊(size + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride⌋ + 1 (may be ≤ 0 when the input is too small).</summary>
    public static int OutputSize(int size, int kernel, int stride, int padBefore, int padAfter, int dilation)
    {
        int span = size + padBefore + padAfter - dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }
}
