using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Recurrent.TorchReferenceTests;
using P = DeepNotes.Tests.Recurrent.PackedTorchValues;

namespace DeepNotes.Tests.Recurrent;

/// <summary>PadSequence, PackPaddedSequence/PadPackedSequence and packed input to Rnn/Lstm/Gru, against reference/packed_reference.py.</summary>
public class PackedSequenceTests
{
    private static Tensor Up(int[] shape, DType dtype) =>
        Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(k => 0.5 * Math.Sin(0.3 * k)).ToArray(), shape).To(dtype);

    private static Tensor UpH(int[] shape, DType dtype) =>
        Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(k => Math.Cos(0.2 * k)).ToArray(), shape).To(dtype);

    [Fact]
    public void PackPadded_IndicesAndData_AreTorchs_AndPadPackedInverts()
    {
        var x = X([4, 3, 3]);
        var packed = RnnUtilities.PackPaddedSequence(x, [2, 4, 3], enforceSorted: false);
        Assert.Equal([3, 3, 2, 1], packed.BatchSizes.ToArray<int>());
        Assert.Equal([1, 2, 0], packed.SortedIndices!.ToArray<int>());
        Assert.Equal([2, 0, 1], packed.UnsortedIndices!.ToArray<int>());
        Assert.Equal(3, packed.BatchSize);
        Assert.Equal(4, packed.MaxLength);
        Near(P.PackedData, packed.Data, [9, 3], 1e-14);

        var (padded, lengths) = RnnUtilities.PadPackedSequence(packed, paddingValue: -7);
        Assert.Equal([2, 4, 3], lengths.ToArray<int>());
        double[] xv = x.ToArray<double>(), pv = padded.ToArray<double>();
        for (int t = 0; t < 4; t++)
            for (int b = 0; b < 3; b++)
                for (int i = 0; i < 3; i++)
                {
                    int k = (t * 3 + b) * 3 + i;
                    Assert.Equal(t < new[] { 2, 4, 3 }[b] ? xv[k] : -7, pv[k]);
                }
        // enforceSorted keeps no indices; batch first and an Int32 length tensor; totalLength pads further
        var sortedPacked = RnnUtilities.PackPaddedSequence(X([3, 4, 2]), Tensor.FromArray(new[] { 4, 4, 1 }), batchFirst: true);
        Assert.Null(sortedPacked.SortedIndices);
        Assert.Null(sortedPacked.UnsortedIndices);
        Assert.Equal([3, 2, 2, 2], sortedPacked.BatchSizes.ToArray<int>());
        var (longer, _) = RnnUtilities.PadPackedSequence(sortedPacked, batchFirst: true, totalLength: 6);
        Assert.Equal([3, 6, 2], longer.Shape.ToArray());
    }

    [Fact]
    public void PadSequence_MatchesTorch_AndPackSequence_UnpadSequence()
    {
        Tensor[] seqs = [X([2, 3]), X([4, 3]) + 1, X([1, 3]) - 1];
        Near(P.PadSequence, RnnUtilities.PadSequence(seqs, batchFirst: true, paddingValue: 9), [3, 4, 3], 1e-14);
        Assert.Equal([4, 3, 3], RnnUtilities.PadSequence(seqs).Shape.ToArray());
        Assert.Equal([5, 2], RnnUtilities.PadSequence([Tensor.Ones([5]), Tensor.Ones([0])]).Shape.ToArray());
        var packed = RnnUtilities.PackSequence(seqs, enforceSorted: false);
        Assert.Equal([3, 2, 1, 1], packed.BatchSizes.ToArray<int>());
        var (padded, lengths) = RnnUtilities.PadPackedSequence(packed, batchFirst: true);
        var back = RnnUtilities.UnpadSequence(padded, lengths.ToArray<int>(), batchFirst: true);
        for (int i = 0; i < 3; i++) Assert.Equal(seqs[i].ToArray<double>(), back[i].ToArray<double>());
    }

    public static TheoryData<bool, DType> Paths => TorchReferenceTests.Paths;

    [Theory]
    [MemberData(nameof(Paths))]
    public void Lstm_Packed_MatchesTorch_OutputsStatesAndGradients(bool fused, DType dtype)
    {
        double tol = dtype == DType.Float64 ? 1e-12 : 2e-6;
        var lstm = new Lstm(3, 4, numLayers: 2, bidirectional: true, batchFirst: true, dtype: dtype) { UseFusedKernels = fused };
        Fill(lstm);
        var x = X([3, 4, 3], dtype);
        x.RequiresGrad = true;
        var h0 = H([4, 3, 4], dtype);
        h0.RequiresGrad = true;
        var packed = RnnUtilities.PackPaddedSequence(x, [2, 4, 3], batchFirst: true, enforceSorted: false);
        var (output, state) = lstm.Call(packed, new LstmState(h0, C([4, 3, 4], dtype)));
        var (y, lengths) = RnnUtilities.PadPackedSequence(output, batchFirst: true);
        Assert.Equal([2, 4, 3], lengths.ToArray<int>());
        Near(P.LstmOutput, y, [3, 4, 8], tol);
        Near(P.LstmHn, state.H, [4, 3, 4], tol);
        Near(P.LstmCn, state.C, [4, 3, 4], tol);
        ((y * Up([3, 4, 8], dtype)).Sum() + (state.H * UpH([4, 3, 4], dtype)).Sum() + state.C.Sum()).Backward();
        Near(P.LstmDx, x.Grad!, [3, 4, 3], tol * 10);
        Near(P.LstmDh0, h0.Grad!, [4, 3, 4], tol * 10);
        Near(P.LstmDWeightHhL1Reverse, lstm.WeightHh(1, reverse: true).Grad!, [16, 4], tol * 10);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gru_Packed_SequenceFirst_TotalLength_MatchesTorch(bool fused, DType dtype)
    {
        double tol = dtype == DType.Float64 ? 1e-12 : 2e-6;
        var gru = new Gru(3, 4, bidirectional: true, dtype: dtype) { UseFusedKernels = fused };
        Fill(gru);
        var x = X([4, 4, 3], dtype);
        x.RequiresGrad = true;
        var (output, hn) = gru.Call(RnnUtilities.PackPaddedSequence(x, [4, 3, 3, 1]));
        var (y, _) = RnnUtilities.PadPackedSequence(output, totalLength: 5);
        Near(P.GruOutput, y, [5, 4, 8], tol);
        Near(P.GruHn, hn, [2, 4, 4], tol);
        ((y * Up([5, 4, 8], dtype)).Sum() + (hn * UpH([2, 4, 4], dtype)).Sum()).Backward();
        Near(P.GruDx, x.Grad!, [4, 4, 3], tol * 10);
        Near(P.GruDWeightIhL0, gru.WeightIh(0).Grad!, [12, 3], tol * 10);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Rnn_Packed_Unsorted_WithInitialState_MatchesTorch(bool fused, DType dtype)
    {
        double tol = dtype == DType.Float64 ? 1e-12 : 2e-6;
        var rnn = new Rnn(3, 4, numLayers: 2, batchFirst: true, dtype: dtype) { UseFusedKernels = fused };
        Fill(rnn);
        var packed = RnnUtilities.PackPaddedSequence(X([3, 3, 3], dtype), [1, 3, 2], batchFirst: true, enforceSorted: false);
        var (output, hn) = rnn.Call(packed, H([2, 3, 4], dtype));
        Near(P.RnnOutput, RnnUtilities.PadPackedSequence(output, batchFirst: true, paddingValue: -1).Padded, [3, 3, 4], tol);
        Near(P.RnnHn, hn, [2, 3, 4], tol);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Packed_EqualsEachSequenceRunAlone_IncludingProjection(int projSize)
    {
        var g = new Generator(51);
        var lstm = new Lstm(3, 5, numLayers: 2, bidirectional: true, projSize: projSize, dtype: DType.Float64, generator: g);
        int[] lengths = [3, 5, 1, 5, 2];
        Tensor[] seqs = [.. lengths.Select(l => Tensor.Randn([l, 3], DType.Float64, g))];
        int hOut = projSize > 0 ? projSize : 5;
        var h0 = Tensor.Randn([4, 5, hOut], DType.Float64, g);
        var c0 = Tensor.Randn([4, 5, 5], DType.Float64, g);
        var (output, state) = lstm.Call(RnnUtilities.PackSequence(seqs, enforceSorted: false), new LstmState(h0, c0));
        var (y, _) = RnnUtilities.PadPackedSequence(output);   // [5, 5, 2·hOut]
        for (int i = 0; i < lengths.Length; i++)
        {
            var (alone, s) = lstm.Call((seqs[i], new LstmState(h0.Select(1, i), c0.Select(1, i))));
            Near(alone.Contiguous().ToArray<double>(), y.Select(1, i).Narrow(0, 0, lengths[i]).Contiguous(), alone.Shape.ToArray(), 1e-12);
            if (lengths[i] < 5) Assert.All(y.Select(1, i).Narrow(0, lengths[i], 5 - lengths[i]).Contiguous().ToArray<double>(), v => Assert.Equal(0.0, v));
            Near(s.H.Contiguous().ToArray<double>(), state.H.Select(1, i).Contiguous(), s.H.Shape.ToArray(), 1e-12);
            Near(s.C.Contiguous().ToArray<double>(), state.C.Select(1, i).Contiguous(), s.C.Shape.ToArray(), 1e-12);
        }
        // the same batch padded and run without packing differs (the padding is not skipped there)
        var (plain, _) = lstm.Call((RnnUtilities.PadSequence(seqs), new LstmState(h0, c0)));
        Assert.NotEqual(plain.ToArray<double>(), y.ToArray<double>());
    }

    [Fact]
    public void GradCheck_PackedGru_ThroughPackAndPad()
    {
        var g = new Generator(52);
        var gru = new Gru(2, 3, bidirectional: true, dtype: DType.Float64, generator: g);
        var x = Tensor.Randn([3, 4, 2], DType.Float64, g, requiresGrad: true);
        var h0 = Tensor.Randn([2, 3, 3], DType.Float64, g, requiresGrad: true);
        Assert.True(GradCheck.Check(_ =>
        {
            var (o, h) = gru.Call(RnnUtilities.PackPaddedSequence(x, [2, 4, 1], batchFirst: true, enforceSorted: false), h0);
            return RnnUtilities.PadPackedSequence(o, batchFirst: true).Padded.Sum() + (h * h).Sum();
        }, [x, h0, .. gru.Parameters()]));
        // the padded input steps get no gradient
        x.Grad = null;
        var (o2, _) = gru.Call(RnnUtilities.PackPaddedSequence(x, [2, 4, 1], batchFirst: true, enforceSorted: false));
        o2.Data.Sum().Backward();
        Assert.All(x.Grad!.Select(0, 2).Narrow(0, 1, 3).Contiguous().ToArray<double>(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Flops_CountOnlyTheRealSteps_AndHooksSeeThePackedInput()
    {
        var lstm = new Lstm(3, 4);
        var packed = RnnUtilities.PackPaddedSequence(Tensor.Zeros([5, 2, 3]), [5, 2]);
        long packedFlops = lstm.EstimateForwardFlops((packed, (LstmState?)null), null);
        Assert.Equal(lstm.EstimateForwardFlops((Tensor.Zeros([7, 1, 3]), (LstmState?)null), null), packedFlops);
        Assert.Equal(2L * 7 * 16 * (3 + 4), packedFlops);
        object? seen = null;
        using (lstm.RegisterForwardHook((_, input, _) => seen = input))
            lstm.Call(packed);
        Assert.IsType<(PackedSequence, LstmState?)>(seen);
    }

    [Fact]
    public void BadInputs_ThrowNamingTheProblem()
    {
        var x = Tensor.Zeros([4, 3, 2]);
        var ex = Assert.Throws<ArgumentException>(() => RnnUtilities.PackPaddedSequence(x, [2, 4, 3]));
        Assert.Contains("sorted in decreasing order", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => RnnUtilities.PackPaddedSequence(x, [4, 3, 0]));
        Assert.Contains("greater than 0", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => RnnUtilities.PackPaddedSequence(x, [4, 3]));
        Assert.Contains("expected 3 lengths", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => RnnUtilities.PackPaddedSequence(x, [5, 3, 1]));
        Assert.Contains("length 5 exceeds the 4 steps", ex.Message);
        Assert.Throws<ArgumentException>(() => RnnUtilities.PackPaddedSequence(x, Tensor.FromArray(new[] { 4.0, 3, 1 })));
        Assert.Throws<ArgumentException>(() => RnnUtilities.PackPaddedSequence(Tensor.Zeros([4]), [4]));
        var packed = RnnUtilities.PackPaddedSequence(x, [4, 3, 1]);
        ex = Assert.Throws<ArgumentException>(() => RnnUtilities.PadPackedSequence(packed, totalLength: 3));
        Assert.Contains("at least the length of the longest sequence (4)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Lstm(3, 4).Call(packed));
        Assert.Contains("expects packed data [Σ lengths, 3], got [8, 2]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Gru(2, 4).Call(packed, Tensor.Zeros([1, 2, 4])));
        Assert.Contains("h_0", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => RnnUtilities.PadSequence([Tensor.Zeros([2, 3]), Tensor.Zeros([2, 4])]));
        Assert.Contains("got sequence 1 [2, 4]", ex.Message);
        Assert.Throws<ArgumentException>(() => RnnUtilities.PadSequence([]));
        ex = Assert.Throws<ArgumentException>(() => new PackedSequence(Tensor.Zeros([5, 2]), Tensor.FromArray(new[] { 2, 3 })));
        Assert.Contains("non-increasing", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new PackedSequence(Tensor.Zeros([4, 2]), Tensor.FromArray(new[] { 3, 2 })));
        Assert.Contains("[5, *]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new PackedSequence(Tensor.Zeros([5, 2]), Tensor.FromArray(new[] { 3, 2 }), Tensor.FromArray(new[] { 0, 0, 1 })));
        Assert.Contains("permutation", ex.Message);
        // given sorted indices only, the unsorted ones are their inverse
        var p = new PackedSequence(Tensor.Zeros([5, 2]), Tensor.FromArray(new[] { 3, 2 }), Tensor.FromArray(new[] { 2, 0, 1 }));
        Assert.Equal([1, 2, 0], p.UnsortedIndices!.ToArray<int>());
    }
}
