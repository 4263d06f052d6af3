// The pre-validated option records that layers build once in their constructor and hand to Functional's internal
// overloads (Layer → Functional → Ops). They live with the ops that read them; these aliases let a layer name the record
// it stores without importing an Ops namespace, so layers reach ops only through Functional.
global using AdaptiveOptions = DeepNotes.Ops.Pooling.AdaptiveOptions;
global using Adaptive3DOptions = DeepNotes.Ops.Pooling.Adaptive3DOptions;
global using PoolOptions = DeepNotes.Ops.Pooling.PoolOptions;
global using Pool3DOptions = DeepNotes.Ops.Pooling.Pool3DOptions;
global using UnpoolOptions = DeepNotes.Ops.Pooling.UnpoolOptions;
global using ConvArguments = DeepNotes.Ops.Convolution.ConvArguments;
global using AttentionRequest = DeepNotes.Ops.Attention.AttentionRequest;
global using AttentionView = DeepNotes.Ops.Attention.AttentionView;
global using AttentionMask = DeepNotes.Ops.Attention.AttentionMask;
