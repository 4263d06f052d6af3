using DeepNotes;
using static DeepNotes.Tests.Indexing.IndexingReferenceData;
using static DeepNotes.Tests.Indexing.IndexingTestHelpers;

namespace DeepNotes.Tests.Indexing;

/// <summary>Forward values and gradients (of Σ out·W) against torch 1.13, from reference/indexing_reference.py.</summary>
public class TorchReferenceTests
{
    private static Tensor Xt() => F(X, 3, 4);

    [Fact]
    public void Gather_MatchesTorch_BothDims()
    {
        var x = Xt();
        var o = x.Gather(0, I(G0, 2, 4));
        Same(Gather0, o, 2, 4);
        Same(Gather0GradX, Grads(o, x)[0], 3, 4);
        o = x.Gather(1, I(G1, 3, 2));
        Same(Gather1, o, 3, 2);
        Same(Gather1GradX, Grads(o, x)[0]);
    }

    [Fact]
    public void Scatter_SrcAndValue_MatchTorch()
    {
        Tensor x = Xt(), s = F(S, 2, 4);
        var o = x.Scatter(0, I(SC, 2, 4), s);
        Same(Scatter, o, 3, 4);
        var g = Grads(o, x, s);
        Same(ScatterGradX, g[0]);
        Same(ScatterGradS, g[1], 2, 4);
        o = x.Scatter(1, I([3, 0, 1], 3, 1), 7.5);
        Same(ScatterValue, o, 3, 4);
        Same(ScatterValueGradX, Grads(o, x)[0]);
    }

    [Fact]
    public void ScatterAdd_WithRepeats_MatchesTorch()
    {
        Tensor x = Xt(), s = F(S3, 3, 4);
        var o = x.ScatterAdd(0, I(SD, 3, 4), s);
        Same(ScatterAdd, o, 3, 4);
        var g = Grads(o, x, s);
        Same(ScatterAddGradX, g[0]);
        Same(ScatterAddGradS, g[1]);
    }

    public static TheoryData<ScatterReduction, bool> Reductions()
    {
        var d = new TheoryData<ScatterReduction, bool>();
        foreach (var r in Enum.GetValues<ScatterReduction>())
        {
            d.Add(r, true);
            d.Add(r, false);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void ScatterReduce_ForwardAndGradients_MatchTorch(ScatterReduction reduce, bool includeSelf)
    {
        string name = $"Reduce{reduce}{(includeSelf ? "Incl" : "Excl")}";
        double[] Ref(string suffix) => (double[])typeof(IndexingReferenceData).GetField(name + suffix)!.GetValue(null)!;
        Tensor x = F(RX, 3, 4), s = F(RS, 4, 4);
        var o = x.ScatterReduce(0, I(RI, 4, 4), s, reduce, includeSelf);
        Same(Ref(""), o, 3, 4);
        var g = Grads(o, x, s);
        Same(Ref("GradX"), g[0], 3, 4);
        Same(Ref("GradS"), g[1], 4, 4);
    }

    [Fact]
    public void ScatterReduce_IntegerMeanFloors_AndAmaxPropagatesNaN_AsTorch()
    {
        var x = I([1, 2, 3, -1], 4);
        SameInt(ReduceMeanInt.Select(v => (int)v).ToArray(), x.ScatterReduce(0, I([0, 0, 3, 3], 4), I([4, 4, -4, 0], 4), ScatterReduction.Mean), 4);
        SameInt(ReduceMeanIntExcl.Select(v => (int)v).ToArray(),
            x.ScatterReduce(0, I([0, 0, 3, 3], 4), I([4, 4, -4, 0], 4), ScatterReduction.Mean, includeSelf: false), 4);
        var nan = C([1.0, double.NaN, 3.0], 3).ScatterReduce(0, I([0, 0, 1, 2], 4), C([double.NaN, 2.0, 5.0, 4.0], 4), ScatterReduction.Amax);
        Same(ReduceAmaxNan, nan, 3);
    }

    [Fact]
    public void IndexAddCopyFill_MatchTorch()
    {
        Tensor x = Xt(), sa = F(SA, 3, 3);
        var o = x.IndexAdd(1, I(IA, 3), sa, alpha: 2.0);
        Same(IndexAdd, o, 3, 4);
        var g = Grads(o, x, sa);
        Same(IndexAddGradX, g[0]);
        Same(IndexAddGradS, g[1], 3, 3);

        var scp = F(SCP, 2, 4);
        o = x.IndexCopy(0, I(IC, 2), scp);
        Same(IndexCopy, o, 3, 4);
        g = Grads(o, x, scp);
        Same(IndexCopyGradX, g[0]);
        Same(IndexCopyGradS, g[1], 2, 4);

        o = x.IndexFill(1, I(IF, 3), 2.5);
        Same(IndexFill, o, 3, 4);
        Same(IndexFillGradX, Grads(o, x)[0]);

        var v = Tensor.Scalar(2.5, DType.Float64, requiresGrad: true);
        o = x.IndexFill(1, I(IFP, 3), v);
        Same(IndexFillTensor, o, 3, 4);
        g = Grads(o, x, v);
        Same(IndexFillTensorGradX, g[0]);
        Same(IndexFillTensorGradV, g[1]);
        Assert.Equal(0, g[1].Rank);
    }

    [Fact]
    public void MaskedFillScatterSelect_Broadcasting_MatchTorch()
    {
        var x = Xt();
        var o = x.MaskedFill(B(M, 1, 4), -7.0);
        Same(MaskedFill, o, 3, 4);
        Same(MaskedFillGradX, Grads(o, x)[0]);
        var v = Tensor.Scalar(2.5, DType.Float64, requiresGrad: true);
        o = x.MaskedFill(B(M, 1, 4), v);
        Same(MaskedFillTensor, o, 3, 4);
        var g = Grads(o, x, v);
        Same(MaskedFillTensorGradX, g[0]);
        Same(MaskedFillTensorGradV, g[1]);

        Tensor x4 = F(X4, 4), ms = F(MS, 10);
        o = x4.MaskedScatter(B(MB, 3, 1), ms);
        Same(MaskedScatter, o, 3, 4);
        g = Grads(o, x4, ms);
        Same(MaskedScatterGradX, g[0], 4);
        Same(MaskedScatterGradS, g[1], 10);

        o = x4.MaskedSelect(B(MB, 3, 1));
        Same(MaskedSelectB, o, 8);
        Same(MaskedSelectBGradX, Grads(o, x4)[0], 4);
        o = x.MaskedSelect(B(MX, 3, 4));
        Same(MaskedSelect, o, 5);
        Same(MaskedSelectGradX, Grads(o, x)[0]);
    }

    [Fact]
    public void TakeTakeAlongDimPut_MatchTorch()
    {
        var x = Xt();
        var o = x.Take(I(TI, 2, 3));
        Same(Take, o, 2, 3);
        Same(TakeGradX, Grads(o, x)[0]);
        o = x.TakeAlongDim(I(TA, 3, 2), 1);
        Same(TakeAlongDim1, o, 3, 2);
        Same(TakeAlongDim1GradX, Grads(o, x)[0]);
        o = x.TakeAlongDim(I(TB, 1, 4), 0);
        Same(TakeAlongDim0, o, 1, 4);
        Same(TakeAlongDim0GradX, Grads(o, x)[0]);
        Same(TakeAlongDimNone, x.TakeAlongDim(I(TN, 3)), 3);

        var ps = F(PS, 2, 2);
        o = x.Put(I(PI, 2, 2), ps, accumulate: true);
        Same(PutAcc, o, 3, 4);
        var g = Grads(o, x, ps);
        Same(PutAccGradX, g[0]);
        Same(PutAccGradS, g[1], 2, 2);
        o = x.Put(I(PJ, 2, 2), ps);
        Same(Put, o, 3, 4);
        g = Grads(o, x, ps);
        Same(PutGradX, g[0]);
        Same(PutGradS, g[1], 2, 2);
    }

    [Fact]
    public void NonzeroArgwhereWhere_NaNAndNegativeZero_AsTorch()
    {
        var nz = C(NZ, 2, 3);
        SameInt(Nonzero, nz.Nonzero(), 3, 2);
        SameInt(Argwhere, nz.Argwhere(), 3, 2);
        var tuple = nz.NonzeroAsTuple();
        Assert.Equal(2, tuple.Length);
        SameInt(NonzeroTuple1, tuple[1], 3);
        SameInt(WhereRows, Tensor.Where(nz.ElementNotEquals(Tensor.Scalar(0, DType.Float64)))[0], 3);
    }

    [Fact]
    public void BucketizeSearchsorted_MatchTorch()
    {
        Tensor bnd = C(BND, 5), bv = C(BV, 3, 3);
        SameInt(BucketLeft, Tensor.Bucketize(bv, bnd), 3, 3);
        SameInt(BucketRight, Tensor.Bucketize(bv, bnd, right: true), 3, 3);
        Tensor seq = C(SEQ, 2, 4), sv = C(SV, 2, 3);
        SameInt(SearchNd, Tensor.Searchsorted(seq, sv), 2, 3);
        SameInt(SearchNdRight, Tensor.Searchsorted(seq, sv, side: SearchSide.Right), 2, 3);
        SameInt(SearchNdRight, Tensor.Searchsorted(seq, sv, right: true, side: SearchSide.Right), 2, 3);
        Tensor uns = C(UNS, 5), sorter = I(SORTER, 5), q = C([3.0, 0.0, 10.0, 4.0], 4);
        SameInt(SearchSorter, Tensor.Searchsorted(uns, q, sorter: sorter), 4);
        SameInt(SearchSorterRight, Tensor.Searchsorted(uns, q, right: true, sorter: sorter), 4);
        SameInt(BucketNan, Tensor.Bucketize(C([double.NaN, 1.0, 2.0, 3.5], 4), C(BNAN, 4)), 4);
        SameInt(SearchInt, Tensor.Searchsorted(I([1, 3, 3, 7], 4), I([3, 0, 8, 4], 4)), 4);
        // float32 gives the same answers
        SameInt(BucketLeft, Tensor.Bucketize(bv.To(DType.Float32), bnd.To(DType.Float32)), 3, 3);
    }

    [Fact]
    public void Indexer_MaskAndIntIndex_GetAndSet_MatchTorch()
    {
        var y = F(Y, 2, 3, 2);
        var o = y[B(YM, 2, 3)];
        Same(IndexMask, o, 4, 2);
        Same(IndexMaskGradY, Grads(o, y)[0], 2, 3, 2);
        o = y[I(YI, 2, 2)];
        Same(IndexInt, o, 2, 2, 3, 2);
        Same(IndexIntGradY, Grads(o, y)[0], 2, 3, 2);

        var z = C(Y, 2, 3, 2);
        z[B(YM, 2, 3)] = C([-1.0, -2.0], 2);
        Same(SetMask, z);
        z = C(Y, 2, 3, 2);
        z[I([1, 0], 2)] = C([100.0, 200, 300, 400, 500, 600], 3, 2);
        Same(SetInt, z);
        z = C(Y, 2, 3, 2);
        z[B([1, 0], 2)] = Tensor.Scalar(0, DType.Float64);
        Same(SetMaskLead, z);
    }
}
