using DeepNotes.Layers;
using DeepNotes.Losses;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>Every public module type of the library survives a safetensors save and load bit for bit.</summary>
public class EveryLayerRoundTripTests
{
    /// <summary>A factory per module type, in each dtype; a new public module type fails the coverage test until listed.</summary>
    private static readonly Dictionary<Type, Func<DType, Module>> s_factories = new()
    {
        [typeof(Dense)] = d => new Dense(3, 4, dtype: d),
        [typeof(Sequential)] = d => new Sequential(new Dense(3, 4, dtype: d), new Relu(), new Dense(4, 2, dtype: d)),
        [typeof(Flatten)] = _ => new Flatten(),
        [typeof(Dropout)] = _ => new Dropout(0.2),
        [typeof(Dropout2D)] = _ => new Dropout2D(0.2),
        [typeof(Relu)] = _ => new Relu(),
        [typeof(Sigmoid)] = _ => new Sigmoid(),
        [typeof(Tanh)] = _ => new Tanh(),
        [typeof(LeakyRelu)] = _ => new LeakyRelu(0.1),
        [typeof(PRelu)] = d => new PRelu(3, dtype: d),
        [typeof(Elu)] = _ => new Elu(),
        [typeof(Gelu)] = _ => new Gelu(),
        [typeof(Softplus)] = _ => new Softplus(),
        [typeof(Relu6)] = _ => new Relu6(),
        [typeof(Sign)] = _ => new Sign(),
        [typeof(Softmax)] = _ => new Softmax(1),
        [typeof(LogSoftmax)] = _ => new LogSoftmax(1),
        [typeof(Conv1D)] = d => new Conv1D(2, 3, 3, dtype: d),
        [typeof(Conv2D)] = d => new Conv2D(2, 4, 3, groups: 2, dtype: d),
        [typeof(ConvTranspose2D)] = d => new ConvTranspose2D(2, 3, 3, stride: 2, dtype: d),
        [typeof(Conv3D)] = d => new Conv3D(2, 4, (2, 3, 3), groups: 2, dtype: d, paddingMode: PaddingMode.Reflect),
        [typeof(ConvTranspose3D)] = d => new ConvTranspose3D(2, 3, 3, stride: 2, dtype: d),
        [typeof(ConvTranspose1D)] = d => new ConvTranspose1D(4, 2, 3, groups: 2, dtype: d),
        [typeof(MaxPool1D)] = _ => new MaxPool1D(2),
        [typeof(MaxPool2D)] = _ => new MaxPool2D(2),
        [typeof(AvgPool1D)] = _ => new AvgPool1D(2),
        [typeof(AvgPool2D)] = _ => new AvgPool2D(2),
        [typeof(GlobalAvgPool2D)] = _ => new GlobalAvgPool2D(),
        [typeof(AdaptiveAvgPool2D)] = _ => new AdaptiveAvgPool2D(2),
        [typeof(AdaptiveMaxPool2D)] = _ => new AdaptiveMaxPool2D(2),
        [typeof(LPPool2D)] = _ => new LPPool2D(2, 2),
        [typeof(LPPool1D)] = _ => new LPPool1D(2, 2),
        [typeof(AdaptiveAvgPool1D)] = _ => new AdaptiveAvgPool1D(2),
        [typeof(AdaptiveMaxPool1D)] = _ => new AdaptiveMaxPool1D(2),
        [typeof(BatchNorm1D)] = d => new BatchNorm1D(3, dtype: d),
        [typeof(BatchNorm2D)] = d => new BatchNorm2D(3, dtype: d),
        [typeof(LayerNorm)] = d => new LayerNorm([2, 3], dtype: d),
        [typeof(GroupNorm)] = d => new GroupNorm(2, 4, dtype: d),
        [typeof(InstanceNorm2D)] = d => new InstanceNorm2D(3, affine: true, trackRunningStats: true, dtype: d),
        [typeof(InstanceNorm1D)] = d => new InstanceNorm1D(3, affine: true, trackRunningStats: true, dtype: d),
        [typeof(Embedding)] = d => new Embedding(5, 3, paddingIdx: 0, dtype: d),
        [typeof(RnnCell)] = d => new RnnCell(3, 4, dtype: d),
        [typeof(LstmCell)] = d => new LstmCell(3, 4, dtype: d),
        [typeof(GruCell)] = d => new GruCell(3, 4, dtype: d),
        [typeof(Rnn)] = d => new Rnn(3, 4, numLayers: 2, bidirectional: true, dtype: d),
        [typeof(Lstm)] = d => new Lstm(3, 4, numLayers: 2, bidirectional: true, dtype: d),
        [typeof(Gru)] = d => new Gru(3, 4, numLayers: 2, bidirectional: true, dtype: d),
        [typeof(MultiHeadAttention)] = d => new MultiHeadAttention(8, 2, kdim: 5, vdim: 6, dtype: d),
        [typeof(AdditiveAttention)] = d => new AdditiveAttention(3, 4, 5, dtype: d),
        [typeof(SinusoidalPositionalEncoding)] = d => new SinusoidalPositionalEncoding(8, maxLen: 16, dtype: d),
        [typeof(LearnedPositionalEncoding)] = d => new LearnedPositionalEncoding(16, 8, dtype: d),
        [typeof(TransformerEncoderLayer)] = d => new TransformerEncoderLayer(8, 2, dimFeedforward: 16, dtype: d),
        [typeof(TransformerDecoderLayer)] = d => new TransformerDecoderLayer(8, 2, dimFeedforward: 16, dtype: d),
        [typeof(TransformerEncoder)] = d => new TransformerEncoder(new TransformerEncoderLayer(8, 2, dimFeedforward: 16, dtype: d), 2, new LayerNorm(8, dtype: d)),
        [typeof(TransformerDecoder)] = d => new TransformerDecoder(new TransformerDecoderLayer(8, 2, dimFeedforward: 16, dtype: d), 2, new LayerNorm(8, dtype: d)),
        [typeof(RmsNorm)] = d => new RmsNorm([2, 3], dtype: d),
        [typeof(LocalResponseNorm)] = _ => new LocalResponseNorm(3),
        [typeof(RotaryPositionalEmbedding)] = d => new RotaryPositionalEmbedding(4, maxSeqLen: 8, dtype: d),
        [typeof(Transformer)] = d => new Transformer(8, 2, 1, 2, 16, dtype: d),

        [typeof(MaxPool3D)] = _ => new MaxPool3D(2, returnIndices: true),
        [typeof(AvgPool3D)] = _ => new AvgPool3D(2),
        [typeof(AdaptiveAvgPool3D)] = _ => new AdaptiveAvgPool3D(null, 2, 2),
        [typeof(AdaptiveMaxPool3D)] = _ => new AdaptiveMaxPool3D(2),
        [typeof(MaxUnpool1D)] = _ => new MaxUnpool1D(2),
        [typeof(MaxUnpool2D)] = _ => new MaxUnpool2D(2),
        [typeof(MaxUnpool3D)] = _ => new MaxUnpool3D(2),
        [typeof(BatchNorm3D)] = d => new BatchNorm3D(3, dtype: d),
        [typeof(InstanceNorm3D)] = d => new InstanceNorm3D(3, affine: true, trackRunningStats: true, dtype: d),
        [typeof(Dropout1D)] = _ => new Dropout1D(0.2),
        [typeof(Dropout3D)] = _ => new Dropout3D(0.2),
        [typeof(ZeroPad1D)] = _ => new ZeroPad1D(1),
        [typeof(ZeroPad2D)] = _ => new ZeroPad2D((1, 2, 3, 4)),
        [typeof(ZeroPad3D)] = _ => new ZeroPad3D(1),
        [typeof(ConstantPad1D)] = _ => new ConstantPad1D(1, 0.5),
        [typeof(ConstantPad2D)] = _ => new ConstantPad2D(1, 0.5),
        [typeof(ConstantPad3D)] = _ => new ConstantPad3D(1, 0.5),
        [typeof(ReflectionPad1D)] = _ => new ReflectionPad1D(1),
        [typeof(ReflectionPad2D)] = _ => new ReflectionPad2D(1),
        [typeof(ReflectionPad3D)] = _ => new ReflectionPad3D(1),
        [typeof(ReplicationPad1D)] = _ => new ReplicationPad1D(1),
        [typeof(ReplicationPad2D)] = _ => new ReplicationPad2D(1),
        [typeof(ReplicationPad3D)] = _ => new ReplicationPad3D(1),
        [typeof(CircularPad1D)] = _ => new CircularPad1D(1),
        [typeof(CircularPad2D)] = _ => new CircularPad2D(1),
        [typeof(CircularPad3D)] = _ => new CircularPad3D(1),
        [typeof(CrossEntropyLoss)] = d => new CrossEntropyLoss(weight: Tensor.Ones([3], d)),
        [typeof(NllLoss)] = d => new NllLoss(weight: Tensor.Ones([3], d)),
        [typeof(BceLoss)] = d => new BceLoss(weight: Tensor.Ones([3], d)),
        [typeof(BceWithLogitsLoss)] = d => new BceWithLogitsLoss(weight: Tensor.Ones([3], d), posWeight: Tensor.Ones([3], d)),
        [typeof(MultiMarginLoss)] = d => new MultiMarginLoss(weight: Tensor.Ones([3], d)),
        [typeof(MseLoss)] = _ => new MseLoss(),
        [typeof(L1Loss)] = _ => new L1Loss(),
        [typeof(HuberLoss)] = _ => new HuberLoss(),
        [typeof(KLDivLoss)] = _ => new KLDivLoss(),
        // issue 14: activations and structure
        [typeof(Silu)] = _ => new Silu(),
        [typeof(Mish)] = _ => new Mish(),
        [typeof(Hardswish)] = _ => new Hardswish(),
        [typeof(Hardsigmoid)] = _ => new Hardsigmoid(),
        [typeof(Hardtanh)] = _ => new Hardtanh(-2, 2),
        [typeof(Hardshrink)] = _ => new Hardshrink(),
        [typeof(Softshrink)] = _ => new Softshrink(),
        [typeof(Tanhshrink)] = _ => new Tanhshrink(),
        [typeof(Softsign)] = _ => new Softsign(),
        [typeof(LogSigmoid)] = _ => new LogSigmoid(),
        [typeof(Softmin)] = _ => new Softmin(1),
        [typeof(Selu)] = _ => new Selu(),
        [typeof(Celu)] = _ => new Celu(0.5),
        [typeof(Glu)] = _ => new Glu(),
        [typeof(Threshold)] = _ => new Threshold(0.1, 0),
        [typeof(RRelu)] = _ => new RRelu(),
        [typeof(Softmax2D)] = _ => new Softmax2D(),
        [typeof(AlphaDropout)] = _ => new AlphaDropout(0.2),
        [typeof(FeatureAlphaDropout)] = _ => new FeatureAlphaDropout(0.2),
        [typeof(Identity)] = _ => new Identity(),
        [typeof(Unflatten)] = _ => new Unflatten(1, [2, 3]),
        [typeof(Lambda)] = _ => new Lambda(x => x * 2.0),
        [typeof(ModuleList)] = d => new ModuleList(new Dense(3, 4, dtype: d), new Relu(), new Bilinear(2, 3, 4, dtype: d)),
        [typeof(ModuleDict)] = d => new ModuleDict(("enc", new Dense(3, 4, Activation.Relu, dtype: d)), ("bag", new EmbeddingBag(5, 3, dtype: d))),
        [typeof(ParameterList)] = d => new ParameterList(Tensor.Ones([2], d), Tensor.Zeros([3, 2], d)),
        [typeof(ParameterDict)] = d => new ParameterDict(("scale", Tensor.Ones([2], d)), ("shift", Tensor.Zeros([1], d))),
        [typeof(Bilinear)] = d => new Bilinear(3, 2, 4, dtype: d),
        [typeof(EmbeddingBag)] = d => new EmbeddingBag(6, 3, EmbeddingBagMode.Sum, paddingIdx: 0, dtype: d),

        [typeof(Upsample)] = _ => new Upsample(2.0, InterpolationMode.Bilinear),
        [typeof(UpsamplingNearest2D)] = _ => new UpsamplingNearest2D(2.0),
        [typeof(UpsamplingBilinear2D)] = _ => new UpsamplingBilinear2D((4, 6)),
        [typeof(PixelShuffle)] = _ => new PixelShuffle(2),
        [typeof(PixelUnshuffle)] = _ => new PixelUnshuffle(2),
        [typeof(ChannelShuffle)] = _ => new ChannelShuffle(2),
        [typeof(Fold)] = _ => new Fold((4, 5), 2),
        [typeof(Unfold)] = _ => new Unfold(2),
        [typeof(SmoothL1Loss)] = _ => new SmoothL1Loss(beta: 0.5),
        [typeof(SoftMarginLoss)] = _ => new SoftMarginLoss(),
        [typeof(MultiLabelSoftMarginLoss)] = d => new MultiLabelSoftMarginLoss(weight: Tensor.Ones([3], d)),
        [typeof(MultiLabelMarginLoss)] = _ => new MultiLabelMarginLoss(),
        [typeof(HingeEmbeddingLoss)] = _ => new HingeEmbeddingLoss(),
        [typeof(PoissonNllLoss)] = _ => new PoissonNllLoss(),
        [typeof(GaussianNllLoss)] = _ => new GaussianNllLoss(),
        [typeof(MarginRankingLoss)] = _ => new MarginRankingLoss(),
        [typeof(CosineEmbeddingLoss)] = _ => new CosineEmbeddingLoss(),
        [typeof(TripletMarginLoss)] = _ => new TripletMarginLoss(),
        [typeof(TripletMarginWithDistanceLoss)] = _ => new TripletMarginWithDistanceLoss(),
        [typeof(CtcLoss)] = _ => new CtcLoss(),
        [typeof(CosineSimilarity)] = _ => new CosineSimilarity(),
        [typeof(PairwiseDistance)] = _ => new PairwiseDistance(),
    };

    public static TheoryData<string, DType> Cases()
    {
        var data = new TheoryData<string, DType>();
        foreach (var type in s_factories.Keys.OrderBy(t => t.Name))
        {
            data.Add(type.Name, DType.Float32);
            data.Add(type.Name, DType.Float64);
        }
        return data;
    }

    [Fact]
    public void Every_public_module_type_has_a_case()
    {
        var moduleTypes = typeof(Module).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(Module)) && !t.IsAbstract)
            .Select(t => t.Name).Order();
        Assert.Equal(moduleTypes, s_factories.Keys.Select(t => t.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Round_trips_bit_for_bit(string typeName, DType dtype)
    {
        var factory = s_factories.Single(f => f.Key.Name == typeName).Value;
        var source = factory(dtype);
        var destination = factory(dtype);
        // different values everywhere, so a load that did nothing would fail
        var g = new Generator(17);
        using (Autograd.NoGrad())
        {
            foreach (var (_, t) in source.StateDict())
            {
                if (t.DType.IsFloatingPoint()) t.CopyFrom(Tensor.Randn(t.Shape.ToArray(), t.DType, g));
                else t.Fill(7);
            }
        }

        AssertRoundTrip(source, destination);
    }
}
