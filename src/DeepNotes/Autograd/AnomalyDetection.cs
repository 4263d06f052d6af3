namespace DeepNotes;

public static partial class Autograd
{
    // 0: off; otherwise the AnomalyModeScope flags in force. One thread-static read is all it costs when off.
    [ThreadStatic] private static byte t_anomaly;

    private const byte AnomalyOn = 1, AnomalyForwardInfinity = 2;

    /// <summary>True inside an <see cref="DetectAnomaly"/> scope on this thread (false by default).</summary>
    public static bool IsAnomalyDetectionEnabled => t_anomaly != 0;

    /// <summary>
    /// Turns anomaly detection on for the current thread until the returned scope is disposed, like
    /// <c>torch.autograd.detect_anomaly()</c>: <c>using (Autograd.DetectAnomaly()) { ... }</c>. Inside it, an op whose
    /// output holds a NaN or an infinity (forward), or a backward function that produces one in a gradient
    /// (backward), throws <see cref="InvalidOperationException"/> at once, naming the op (its
    /// <see cref="Tensor.GradFnName"/>), the shape and dtype, which input's gradient it was, and the first bad element.
    /// </summary>
    /// <param name="checkForwardInfinity">
    /// Also reject ±∞ in forward outputs (the default). Pass false when a model uses −∞ on purpose, e.g.
    /// <c>scores.MaskedFill(mask, double.NegativeInfinity)</c> before a softmax; NaN in forward and NaN or ±∞ in
    /// backward are still caught.
    /// </param>
    /// <returns>A scope that restores the previous mode when disposed. Scopes nest; each thread has its own mode.</returns>
    /// <remarks>
    /// Forward outputs are checked where ops record their graph node, so only ops that record one are checked: an
    /// input requires grad and grad mode is on. Tensors computed under <see cref="NoGrad"/> or from inputs that do not
    /// require grad are not checked. In training mode, normalization layers that track running statistics also
    /// throw, naming the layer, when a batch would write NaN or ±∞ into them (and leave them unchanged). The checks
    /// read every element, so they slow training down: use the scope to find a NaN, not for every run.
    /// </remarks>
    /// <example>
    /// <code>
    /// using (Autograd.DetectAnomaly())
    /// {
    ///     var loss = model.Forward(x).Log().Mean(); // throws: "Anomaly detected in forward: Log (LogBackward) produced NaN ..."
    ///     loss.Backward();
    /// }
    /// </code>
    /// </example>
    public static AnomalyModeScope DetectAnomaly(bool checkForwardInfinity = true) =>
        new((byte)(AnomalyOn | (checkForwardInfinity ? AnomalyForwardInfinity : 0)));

    /// <summary>Turns anomaly detection off on the current thread inside a <see cref="DetectAnomaly"/> scope until disposed.</summary>
    /// <returns>A scope that restores the previous mode when disposed.</returns>
    public static AnomalyModeScope NoAnomalyDetection() => new(0);

    internal static byte AnomalyMode
    {
        get => t_anomaly;
        set => t_anomaly = value;
    }

    /// <summary>Throws when a recorded op's output holds NaN (or ±∞ unless the scope allows it in forward).</summary>
    internal static void CheckForwardAnomaly(Tensor output, string gradFnName, Tensor[] inputs)
    {
        bool allowInfinity = (t_anomaly & AnomalyForwardInfinity) == 0;
        var (index, value) = FirstNonFinite(output, allowInfinity);
        if (index < 0) return;
        string op = gradFnName.EndsWith("Backward", StringComparison.Ordinal) ? gradFnName[..^"Backward".Length] : gradFnName;
        string cause = "";
        for (int i = 0; i < inputs.Length; i++)
        {
            var (at, held) = FirstNonFinite(inputs[i], allowInfinity);
            if (at < 0) continue;
            cause = $", but its input {i} ({inputs[i].Shape} {inputs[i].DType}) already held {Describe(held)} at flat index {at}" +
                (inputs[i].IsLeaf ? " (a leaf, or a tensor computed without recording)" : "");
            break;
        }
        throw new InvalidOperationException(
            $"Anomaly detected in forward: {op} ({gradFnName}) produced {Describe(value)} in its output {output.Shape} {output.DType}, " +
            $"first at flat index {index}{cause}.");
    }

    /// <summary>Throws when a backward function returned a gradient holding NaN or ±∞.</summary>
    internal static void CheckBackwardAnomaly(string gradFnName, Tensor gradOutput, Tensor?[] grads)
    {
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i] is not Tensor g) continue;
            var (index, value) = FirstNonFinite(g, allowInfinity: false);
            if (index < 0) continue;
            var (received, receivedValue) = FirstNonFinite(gradOutput, allowInfinity: false);
            string cause = received < 0
                ? $"from a finite gradient of its output ({gradOutput.Shape} {gradOutput.DType})"
                : $"but the gradient of its output ({gradOutput.Shape} {gradOutput.DType}) it received already held {Describe(receivedValue)} at flat index {received}";
            throw new InvalidOperationException(
                $"Anomaly detected in backward: {gradFnName} produced {Describe(value)} in the gradient for its input {i} ({g.Shape} {g.DType}), " +
                $"first at flat index {index}, {cause}.");
        }
    }

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "infinity" : "negative infinity";

    /// <summary>The flat (row-major) index and value of the first NaN (or ±∞ unless allowed), or (−1, 0); integer and Bool tensors have none.</summary>
    internal static (int Index, double Value) FirstNonFinite(Tensor t, bool allowInfinity = false)
    {
        if (!t.DType.IsFloatingPoint() || t.ElementCount == 0) return (-1, 0);
        Tensor c = t.ContiguousRaw();
        if (t.DType == DType.Float32)
        {
            ReadOnlySpan<float> s = c.Span<float>();
            for (int i = 0; i < s.Length; i++)
                if (!float.IsFinite(s[i]) && (!allowInfinity || float.IsNaN(s[i]))) return (i, s[i]);
        }
        else
        {
            ReadOnlySpan<double> s = c.Span<double>();
            for (int i = 0; i < s.Length; i++)
                if (!double.IsFinite(s[i]) && (!allowInfinity || double.IsNaN(s[i]))) return (i, s[i]);
        }
        return (-1, 0);
    }
}

/// <summary>Restores the previous anomaly-detection mode when disposed; returned by <see cref="Autograd.DetectAnomaly"/>.</summary>
public readonly struct AnomalyModeScope : IDisposable
{
    private readonly byte _restore; // default(AnomalyModeScope) restores "off"

    internal AnomalyModeScope(byte mode)
    {
        _restore = Autograd.AnomalyMode;
        Autograd.AnomalyMode = mode;
    }

    /// <summary>Restores the anomaly-detection mode that was in force when the scope was created.</summary>
    public void Dispose() => Autograd.AnomalyMode = _restore;
}
