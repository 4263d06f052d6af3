namespace DeepNotes.Layers;

public sealed partial class MultiHeadAttention
{
    /// <summary>The batched forward pass: projections, one fused attention over all (batch, head) pairs, out_proj.</summary>
    private (Tensor Output, Tensor? Weights) Attend(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask,
        MultiHeadAttentionInput options)
    {
        int E = EmbedDim, H = NumHeads, hd = HeadDim;
        int bAxis = BatchFirst ? 0 : 1, sAxis = BatchFirst ? 1 : 0;
        int B = query.Shape[bAxis], L = query.Shape[sAxis], S = key.Shape[sAxis];
        string layout = BatchFirst ? "[B, L, E]" : "[L, B, E]";
        if (query.Shape[2] != E)
            throw new ArgumentException($"{Name} expects query {layout} with E = {E}, got {query.Shape}.", nameof(query));
        if (key.Shape[bAxis] != B || key.Shape[2] != KDim)
            throw new ArgumentException($"{Name} expects key {(BatchFirst ? $"[{B}, S, {KDim}]" : $"[S, {B}, {KDim}]")} for query {query.Shape}, got {key.Shape}.", nameof(key));
        if (value.Shape[bAxis] != B || value.Shape[sAxis] != S || value.Shape[2] != VDim)
            throw new ArgumentException($"{Name} expects value {(BatchFirst ? $"[{B}, {S}, {VDim}]" : $"[{S}, {B}, {VDim}]")} for key {key.Shape}, got {value.Shape}.", nameof(value));
        DType dtype = OutProj.Weight.DType;
        foreach (var (t, argument) in (ReadOnlySpan<(Tensor, string)>)[(query, nameof(query)), (key, nameof(key)), (value, nameof(value))])
            if (t.DType != dtype)
                throw new ArgumentException($"{Name} has {dtype} parameters, got {t.DType.WithArticle()} {argument}.", argument);

        // Projections: one GEMM for self-attention on one tensor, two when key is value, else three.
        Tensor? bias = InProjBias;
        Tensor Slice(Tensor t, int part, int parts = 1) => t.Narrow(0, part * E, parts * E);
        Tensor qSrc, kSrc, vSrc;
        int qCol = 0, kCol = 0, vCol = 0;
        if (SameEmbedDim && ReferenceEquals(query, key) && ReferenceEquals(key, value))
        {
            qSrc = kSrc = vSrc = Functional.Linear(query, InProjWeight!, bias);
            kCol = E;
            vCol = 2 * E;
        }
        else if (SameEmbedDim && ReferenceEquals(key, value))
        {
            qSrc = Functional.Linear(query, Slice(InProjWeight!, 0), bias is null ? null : Slice(bias, 0));
            kSrc = vSrc = Functional.Linear(key, Slice(InProjWeight!, 1, 2), bias is null ? null : Slice(bias, 1, 2));
            vCol = E;
        }
        else
        {
            qSrc = Functional.Linear(query, SameEmbedDim ? Slice(InProjWeight!, 0) : QProjWeight!, bias is null ? null : Slice(bias, 0));
            kSrc = Functional.Linear(key, SameEmbedDim ? Slice(InProjWeight!, 1) : KProjWeight!, bias is null ? null : Slice(bias, 1));
            vSrc = Functional.Linear(value, SameEmbedDim ? Slice(InProjWeight!, 2) : VProjWeight!, bias is null ? null : Slice(bias, 2));
        }

        // add_bias_kv / add_zero_attn: Sk = S plus the appended key/value positions (K and V then get their own tensors).
        int extra = (AddBiasKV ? 1 : 0) + (AddZeroAttn ? 1 : 0), Sk = S + extra;
        if (extra > 0)
        {
            kSrc = AppendKeyPositions(kSrc, kCol, BiasK, B, dtype);
            vSrc = AppendKeyPositions(vSrc, vCol, BiasV, B, dtype);
            kCol = vCol = 0;
        }

        AttentionView View(Tensor src, int length, int column)
        {
            int width = src.Shape[2];
            return new AttentionView(src, src, Functional.AttentionHeadOffsets(B, H, length, width, column, hd, BatchFirst),
                BatchFirst ? width : B * width);
        }

        var scores = new Shape(B, H, L, Sk);
        var masks = new List<AttentionMask>(3);
        if (options.AttnMask is { } am)
        {
            Shape view = am.Rank switch
            {
                2 when am.Shape[0] == L && am.Shape[1] == S => new Shape(L, Sk),
                2 => throw new ArgumentException($"{Name}: the shape of the 2D attnMask is {am.Shape}, but should be [{L}, {S}].", "attnMask"),
                3 when am.Shape[0] == B * H && am.Shape[1] == L && am.Shape[2] == S => scores,
                3 => throw new ArgumentException($"{Name}: the shape of the 3D attnMask is {am.Shape}, but should be [{B * H}, {L}, {S}].", "attnMask"),
                _ => throw new ArgumentException($"{Name}: attnMask must be 2-D [L, S] or 3-D [B·heads, L, S], got {am.Shape}.", "attnMask"),
            };
            var (maskInput, data) = MaskTerm(am, dtype, extra, "attnMask");
            masks.Add(Functional.AttentionMaskTerm(Name, maskInput, data, view, scores));
        }
        if (keyPaddingMask is { } kpm)
        {
            if (kpm.Rank != 2 || kpm.Shape[0] != B || kpm.Shape[1] != S)
                throw new ArgumentException($"{Name}: expecting keyPaddingMask of shape [{B}, {S}], got {kpm.Shape}.", nameof(keyPaddingMask));
            var (maskInput, data) = MaskTerm(kpm, dtype, extra, "keyPaddingMask");
            masks.Add(Functional.AttentionMaskTerm(Name, maskInput, data, new Shape(B, 1, 1, Sk), scores));
        }
        bool causal = options.IsCausal;
        if (causal && extra > 0)
        {
            // The kernel's causal mask would also hide the appended positions (s = S, S + 1 > l): mask only the S keys.
            masks.Add(Functional.AttentionMaskTerm(Name, null, CausalMask(L, S, extra, dtype), new Shape(L, Sk), scores));
            causal = false;
        }

        var (attended, weights) = Functional.Attend(new AttentionRequest
        {
            Q = View(qSrc, L, qCol),
            K = View(kSrc, Sk, kCol),
            V = View(vSrc, Sk, vCol),
            Count = B * H, L = L, S = Sk, E = hd, Ev = hd,
            Scale = 1 / Math.Sqrt(hd),
            Causal = causal,
            Masks = [.. masks],
            DropoutP = IsTraining ? Dropout : 0,
            Generator = _generator,
            OutputShape = BatchFirst ? new Shape(B, L, E) : new Shape(L, B, E),
            OutputOffsets = Functional.AttentionHeadOffsets(B, H, L, E, 0, hd, BatchFirst),
            OutputLd = BatchFirst ? E : B * E,
            WeightsShape = scores,
            NeedWeights = options.NeedWeights,
        });
        Tensor output = OutProj.Call(attended);
        if (weights is null) return (output, null);
        return (output, options.AverageAttnWeights ? weights.Mean(1) : weights);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (input is not MultiHeadAttentionInput a || a.Query.Rank < 2) return 0;
        int sAxis = a.Query.Rank == 2 || !BatchFirst ? 0 : 1;
        long rowsQ = a.Query.ElementCount / EmbedDim, rowsK = a.Key.ElementCount / KDim;
        long B = rowsQ / a.Query.Shape[sAxis], L = a.Query.Shape[sAxis], S = a.Key.Shape[sAxis];
        long projections = 2 * rowsQ * EmbedDim * EmbedDim + 2 * rowsK * (KDim + VDim) * EmbedDim;
        S += (AddBiasKV ? 1 : 0) + (AddZeroAttn ? 1 : 0); // the appended bias/zero key positions
        long attention = 2 * 2 * B * L * S * EmbedDim; // Q·Kᵀ and P·V over all heads
        // out_proj is a child module: Summary counts it there
        return projections + attention;
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"MultiHeadAttention(embed: {EmbedDim}, heads: {NumHeads}{(SameEmbedDim ? "" : $", kdim: {KDim}, vdim: {VDim}")}{(AddBiasKV ? ", addBiasKV: true" : "")}{(AddZeroAttn ? ", addZeroAttn: true" : "")}, batchFirst: {(BatchFirst ? "true" : "false")})";
}
