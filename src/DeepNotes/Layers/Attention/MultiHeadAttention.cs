using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// Multi-head attention, PyTorch's <c>nn.MultiheadAttention</c>: the query, key and value are projected, split into
/// <see cref="NumHeads"/> heads of <see cref="HeadDim"/> = E / heads, attended per head (softmax(QKᵀ/√hd)·V) and
/// concatenated through <c>out_proj</c>. <c>[B, L, E]</c> (batch first) or <c>[L, B, E]</c> -> the same, plus the
/// attention weights on request.
/// </summary>
/// <remarks>
/// <para>Parameters and state-dict names are PyTorch's: <c>in_proj_weight [3E, E]</c> (rows: query, key, value
/// projections) and <c>in_proj_bias [3E]</c>, <c>out_proj.weight [E, E]</c>, <c>out_proj.bias [E]</c>; with
/// <c>kdim</c> or <c>vdim</c> different from E, <c>q_proj_weight [E, E]</c>, <c>k_proj_weight [E, kdim]</c>,
/// <c>v_proj_weight [E, vdim]</c> replace <c>in_proj_weight</c>. Initialisation is PyTorch's: Xavier-uniform projection
/// weights, zero biases, <c>out_proj.weight</c> as a Dense layer. With <c>addBiasKV</c>, <c>bias_k [1, 1, E]</c> and
/// <c>bias_v [1, 1, E]</c> (Xavier-normal) follow <c>in_proj_bias</c>, before <c>out_proj.*</c>, as in PyTorch's state dict.</para>
/// <para>Masks follow nn.MultiheadAttention (bool true = masked out); a query whose keys are all masked gets zero
/// weights and a zero attention output (PyTorch 1.13 gives NaN). The heads are read in place from the projection
/// (no per-head copies) by one fused op; self-attention on one tensor projects Q, K and V in one GEMM.</para>
/// <para><c>addBiasKV</c> (PyTorch's <c>add_bias_kv</c>) appends one key/value position holding the learned
/// <c>bias_k</c>/<c>bias_v</c> after the in-projection; <c>addZeroAttn</c> (<c>add_zero_attn</c>) then appends a zero
/// key/value position in every head. Each extra position is visible to every query (the masks are padded with an
/// allowed column, as PyTorch pads them), so the weights have S + 1 or S + 2 key positions.</para>
/// </remarks>
public sealed partial class MultiHeadAttention : Module<MultiHeadAttentionInput, (Tensor Output, Tensor? Weights)>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="embedDim">E: the query size and model width.</param>
    /// <param name="numHeads">Number of heads; must divide <paramref name="embedDim"/>.</param>
    /// <param name="dropout">Dropout probability on the attention weights (training mode only).</param>
    /// <param name="bias">Learn <c>in_proj_bias</c> and <c>out_proj.bias</c>.</param>
    /// <param name="addBiasKV">Learn <c>bias_k</c> and <c>bias_v</c> <c>[1, 1, E]</c>, appended to the projected keys and values as one more position (PyTorch's <c>add_bias_kv</c>).</param>
    /// <param name="addZeroAttn">Append a zero key and value position to every head (PyTorch's <c>add_zero_attn</c>).</param>
    /// <param name="kdim">Key size (default E).</param>
    /// <param name="vdim">Value size (default E).</param>
    /// <param name="batchFirst">Inputs and outputs are <c>[B, L, E]</c> (else <c>[L, B, E]</c>, PyTorch's default).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values and of the dropout masks (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="embedDim"/> is not divisible by <paramref name="numHeads"/>, or a size is not positive.</exception>
    public MultiHeadAttention(int embedDim, int numHeads, double dropout = 0, bool bias = true, bool addBiasKV = false,
        bool addZeroAttn = false, int? kdim = null, int? vdim = null, bool batchFirst = false, DType dtype = DType.Float32,
        Generator? generator = null)
    {
        if (embedDim <= 0 || numHeads <= 0)
            throw new ArgumentException($"MultiHeadAttention: embedDim and numHeads must be positive, got {embedDim} and {numHeads}.");
        if (embedDim % numHeads != 0)
            throw new ArgumentException($"MultiHeadAttention: embedDim ({embedDim}) must be divisible by numHeads ({numHeads}).", nameof(numHeads));
        if (!(dropout is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must be in [0, 1].");
        EmbedDim = embedDim;
        NumHeads = numHeads;
        HeadDim = embedDim / numHeads;
        KDim = kdim ?? embedDim;
        VDim = vdim ?? embedDim;
        if (KDim <= 0 || VDim <= 0)
            throw new ArgumentException($"MultiHeadAttention: kdim and vdim must be positive, got {KDim} and {VDim}.");
        Dropout = dropout;
        BatchFirst = batchFirst;
        AddBiasKV = addBiasKV;
        AddZeroAttn = addZeroAttn;
        _generator = generator;

        if (!SameEmbedDim)
        {
            Init.XavierUniform(RegisterParameter("q_proj_weight", Tensor.Zeros([embedDim, embedDim], dtype)), generator: generator);
            Init.XavierUniform(RegisterParameter("k_proj_weight", Tensor.Zeros([embedDim, KDim], dtype)), generator: generator);
            Init.XavierUniform(RegisterParameter("v_proj_weight", Tensor.Zeros([embedDim, VDim], dtype)), generator: generator);
            RegisterAbsentParameter("in_proj_weight");
        }
        else
        {
            Init.XavierUniform(RegisterParameter("in_proj_weight", Tensor.Zeros([3 * embedDim, embedDim], dtype)), generator: generator);
            RegisterAbsentParameter("q_proj_weight");
            RegisterAbsentParameter("k_proj_weight");
            RegisterAbsentParameter("v_proj_weight");
        }
        if (bias) RegisterParameter("in_proj_bias", Tensor.Zeros([3 * embedDim], dtype));
        else RegisterAbsentParameter("in_proj_bias");
        OutProj = RegisterModule("out_proj", new Dense(embedDim, embedDim, bias, dtype, generator));
        if (bias) using (Autograd.NoGrad()) OutProj.Bias!.Zero();
        if (addBiasKV)
        {
            // Registered after out_proj as in PyTorch; own parameters are listed before children's, so the state dict
            // reads in_proj_*, bias_k, bias_v, out_proj.* like torch's.
            Init.XavierNormal(RegisterParameter("bias_k", Tensor.Zeros([1, 1, embedDim], dtype)), generator: generator);
            Init.XavierNormal(RegisterParameter("bias_v", Tensor.Zeros([1, 1, embedDim], dtype)), generator: generator);
        }
    }

    /// <summary>E, the model width.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads.</summary>
    public int NumHeads { get; }

    /// <summary>Width of one head, E / heads.</summary>
    public int HeadDim { get; }

    /// <summary>Key size.</summary>
    public int KDim { get; }

    /// <summary>Value size.</summary>
    public int VDim { get; }

    /// <summary>Dropout probability on the attention weights.</summary>
    public double Dropout { get; }

    /// <summary>Whether inputs are <c>[B, L, E]</c>.</summary>
    public bool BatchFirst { get; }

    /// <summary>Whether <see cref="BiasK"/> and <see cref="BiasV"/> are appended as an extra key/value position (PyTorch's <c>add_bias_kv</c>).</summary>
    public bool AddBiasKV { get; }

    /// <summary>Whether a zero key/value position is appended to every head (PyTorch's <c>add_zero_attn</c>).</summary>
    public bool AddZeroAttn { get; }

    /// <summary>True when kdim = vdim = E: the projections are packed in <see cref="InProjWeight"/>.</summary>
    public bool SameEmbedDim => KDim == EmbedDim && VDim == EmbedDim;

    /// <summary>Packed projection weight <c>[3E, E]</c> (query, key, value rows), or null when kdim/vdim differ from E.</summary>
    public Tensor? InProjWeight => GetParameter("in_proj_weight");

    /// <summary>Query projection <c>[E, E]</c> when kdim/vdim differ from E, else null.</summary>
    public Tensor? QProjWeight => GetParameter("q_proj_weight");

    /// <summary>Key projection <c>[E, kdim]</c> when kdim/vdim differ from E, else null.</summary>
    public Tensor? KProjWeight => GetParameter("k_proj_weight");

    /// <summary>Value projection <c>[E, vdim]</c> when kdim/vdim differ from E, else null.</summary>
    public Tensor? VProjWeight => GetParameter("v_proj_weight");

    /// <summary>Packed projection bias <c>[3E]</c>, or null without bias.</summary>
    public Tensor? InProjBias => GetParameter("in_proj_bias");

    /// <summary>Learned extra key <c>bias_k [1, 1, E]</c> when <see cref="AddBiasKV"/>, else null.</summary>
    public Tensor? BiasK => AddBiasKV ? GetParameter("bias_k") : null;

    /// <summary>Learned extra value <c>bias_v [1, 1, E]</c> when <see cref="AddBiasKV"/>, else null.</summary>
    public Tensor? BiasV => AddBiasKV ? GetParameter("bias_v") : null;

    /// <summary>The output projection <c>out_proj</c> (E -> E).</summary>
    public Dense OutProj { get; }

    /// <summary>
    /// Attends like PyTorch's <c>mha(query, key, value, key_padding_mask=..., need_weights=..., attn_mask=...,
    /// average_attn_weights=...)</c>, through <see cref="Module{TInput, TOutput}.Call"/> (hooks run).
    /// </summary>
    /// <param name="query">Queries <c>[B, L, E]</c> / <c>[L, B, E]</c> / <c>[L, E]</c>.</param>
    /// <param name="key">Keys <c>[B, S, kdim]</c> / <c>[S, B, kdim]</c> / <c>[S, kdim]</c>.</param>
    /// <param name="value">Values <c>[B, S, vdim]</c> / <c>[S, B, vdim]</c> / <c>[S, vdim]</c>.</param>
    /// <param name="keyPaddingMask">Optional <c>[B, S]</c>; bool true = ignore that key; float = added.</param>
    /// <param name="needWeights">Return the attention weights.</param>
    /// <param name="attnMask">Optional <c>[L, S]</c> or <c>[B·heads, L, S]</c>; bool true = not allowed; float = added.</param>
    /// <param name="averageAttnWeights">Weights averaged over heads <c>[B, L, S']</c>, else <c>[B, heads, L, S']</c>, where
    /// S' = S plus one for <see cref="AddBiasKV"/> and one for <see cref="AddZeroAttn"/>.</param>
    /// <param name="isCausal">Also mask key positions s &gt; l among the S keys (the appended bias/zero positions stay visible).</param>
    /// <returns>The output (the query's layout, width E) and the weights (null unless <paramref name="needWeights"/>).</returns>
    public (Tensor Output, Tensor? Weights) Call(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null,
        bool needWeights = true, Tensor? attnMask = null, bool averageAttnWeights = true, bool isCausal = false) =>
        Call(new MultiHeadAttentionInput(query, key, value)
        {
            KeyPaddingMask = keyPaddingMask, NeedWeights = needWeights, AttnMask = attnMask,
            AverageAttnWeights = averageAttnWeights, IsCausal = isCausal,
        });

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Shapes, ranks or dtypes do not fit; the message names expected and actual.</exception>
    public override (Tensor Output, Tensor? Weights) Forward(MultiHeadAttentionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor query = input.Query, key = input.Key, value = input.Value;
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        bool unbatched = query.Rank == 2;
        if (query.Rank is not (2 or 3) || key.Rank != query.Rank || value.Rank != query.Rank)
            throw new ArgumentException($"{Name} expects query, key and value all 3-D ({(BatchFirst ? "[B, L, E]" : "[L, B, E]")}) or all 2-D (unbatched), got {query.Shape}, {key.Shape} and {value.Shape}.",
                query.Rank is not (2 or 3) ? nameof(query) : key.Rank != query.Rank ? nameof(key) : nameof(value));
        if (unbatched)
        {
            int axis = BatchFirst ? 0 : 1;
            Tensor q = query.Unsqueeze(axis);
            Tensor k = ReferenceEquals(key, query) ? q : key.Unsqueeze(axis);
            Tensor v = ReferenceEquals(value, query) ? q : ReferenceEquals(value, key) ? k : value.Unsqueeze(axis);
            var (o, w) = Attend(q, k, v, input.KeyPaddingMask?.Unsqueeze(0), input);
            return (o.Squeeze(axis), w?.Squeeze(0));
        }
        return Attend(query, key, value, input.KeyPaddingMask, input);
    }

    private string Name => $"MultiHeadAttention(embed {EmbedDim}, heads {NumHeads})";
}
