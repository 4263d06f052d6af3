namespace DeepNotes.Kernels;

/// <summary>
/// The geometry of a 3-D pooling over <see cref="Planes"/> independent row-major volumes of <c>D × H × W</c> elements
/// (the N·C volumes of an NCDHW tensor): window <c>KD × KH × KW</c>, stride, zero-based implicit padding and dilation,
/// giving <c>OD × OH × OW</c> outputs per volume. Adaptive poolings leave the window fields 0.
/// </summary>
internal readonly record struct Pool3DGeometry(
    int Planes, int D, int H, int W, int OD, int OH, int OW,
    int KD, int KH, int KW, int SD, int SH, int SW, int PD, int PH, int PW, int DD, int DH, int DW)
{
    /// <summary>Elements per input volume.</summary>
    public int InputPlane => D * H * W;

    /// <summary>Elements per output volume.</summary>
    public int OutputPlane => OD * OH * OW;

    /// <summary>Elements of one window (the work per output).</summary>
    public long WindowSize => (long)Math.Max(KD, 1) * Math.Max(KH, 1) * Math.Max(KW, 1);

    /// <summary>
    /// The same volumes seen as flat 2-D planes of 1 × <see cref="InputPlane"/> inputs and 1 × <see cref="OutputPlane"/>
    /// outputs with no window, for the kernels that only scatter or gather by flat index (max-pool backward, unpooling).
    /// </summary>
    public PoolGeometry Flat => new(Planes, 1, InputPlane, 1, OutputPlane, 0, 0, 0, 0, 0, 0, 1, 1);
}
