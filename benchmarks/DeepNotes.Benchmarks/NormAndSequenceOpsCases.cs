using DeepNotes.Layers;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>normseq</c> group of the <c>ops</c> verb (issue 14): RmsNorm, LocalResponseNorm, WeightNorm, rotary embedding
/// and sequence packing at 1M float32 elements, forward and forward+backward, one line per case
/// "normseq/name&lt;TAB&gt;µs/call&lt;TAB&gt;Melem/s", the format of benchmarks/ops_reference_normseq.py.
/// </summary>
public static class NormAndSequenceOpsCases
{
    private const int N = 1 << 20;

    /// <summary>The cases: name, one call, elements per call.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        var g = new Generator(7);
        var rows = Tensor.Randn([1024, 1024], generator: g);                 // RMSNorm over the last 1024
        var rowsGrad = Tensor.Randn([1024, 1024], generator: g, requiresGrad: true);
        var gamma = Tensor.Randn([1024], generator: g, requiresGrad: true);
        var maps = Tensor.Randn([16, 64, 32, 32], generator: g);             // LRN over 64 channels
        var mapsGrad = Tensor.Randn([16, 64, 32, 32], generator: g, requiresGrad: true);
        var v = Tensor.Randn([1024, 1024], generator: g);
        var magnitude = Tensor.Rand([1024], generator: g);
        var heads = Tensor.Randn([8, 128, 16, 64], generator: g);            // [B, S, heads, d]
        var rope = new RotaryPositionalEmbedding(64, maxSeqLen: 128);
        var padded = Tensor.Randn([64, 128, 128], generator: g);             // [T, B, I]
        int[] lengths = [.. Enumerable.Range(0, 128).Select(i => 64 - i / 4)];
        var packed = RnnUtilities.PackPaddedSequence(padded, lengths);
        yield return ("rms_norm", () => Functional.RmsNorm(rows, [1024], gamma.Detach(), 1e-6), N);
        yield return ("rms_norm_fwd_bwd", () => Functional.RmsNorm(rowsGrad, [1024], gamma, 1e-6).Sum().Backward(), N);
        yield return ("local_response_norm_5", () => Functional.LocalResponseNorm(maps, 5), N);
        yield return ("local_response_norm_5_fwd_bwd", () => Functional.LocalResponseNorm(mapsGrad, 5).Sum().Backward(), N);
        yield return ("weight_norm_dim0", () => Functional.WeightNorm(v, magnitude), N);
        yield return ("rope_interleaved", () => rope.Call(heads), N);
        yield return ("pack_padded_sequence", () => RnnUtilities.PackPaddedSequence(padded, lengths), N);
        yield return ("pad_packed_sequence", () => RnnUtilities.PadPackedSequence(packed), N);
    }
}
