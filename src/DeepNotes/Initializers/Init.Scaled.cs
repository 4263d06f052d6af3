namespace DeepNotes.Initializers;

public static partial class Init
{
    /// <summary>
    /// Xavier/Glorot uniform: U(−a, a) with a = gain·√(6 / (fan-in + fan-out)), keeping activation variance
    /// through layers with symmetric activations (Glorot and Bengio, 2010).
    /// </summary>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = ComputeFans(tensor.Shape);
        double a = gain * Math.Sqrt(6.0 / Math.Max(fanIn + fanOut, 1));
        return Uniform(tensor, -a, a, generator);
    }

    /// <summary>Xavier/Glorot normal: N(0, σ²) with σ = gain·√(2 / (fan-in + fan-out)).</summary>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = ComputeFans(tensor.Shape);
        return Normal(tensor, 0, gain * Math.Sqrt(2.0 / Math.Max(fanIn + fanOut, 1)), generator);
    }

    /// <summary>
    /// He/Kaiming uniform: U(−b, b) with b = gain·√(3 / fan), gain from <paramref name="nonlinearity"/> (with
    /// <paramref name="negativeSlope"/> for leaky ReLU) and fan chosen by <paramref name="mode"/> (He et al., 2015).
    /// PyTorch's defaults (leaky ReLU, slope 0) give gain √2. Dense and Conv layers use slope √5 for their default init.
    /// </summary>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor KaimingUniform(Tensor tensor, double negativeSlope = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null)
    {
        double bound = Math.Sqrt(3.0) * KaimingStd(tensor, negativeSlope, mode, nonlinearity);
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>He/Kaiming normal: N(0, σ²) with σ = gain / √fan.</summary>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor KaimingNormal(Tensor tensor, double negativeSlope = 0, FanMode mode = FanMode.FanIn,
        Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, Generator? generator = null) =>
        Normal(tensor, 0, KaimingStd(tensor, negativeSlope, mode, nonlinearity), generator);

    private static double KaimingStd(Tensor tensor, double negativeSlope, FanMode mode, Nonlinearity nonlinearity)
    {
        var (fanIn, fanOut) = ComputeFans(tensor.Shape);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        if (fan == 0) return 0; // an empty weight: nothing to draw, PyTorch warns and skips
        return CalculateGain(nonlinearity, negativeSlope) / Math.Sqrt(fan);
    }
}
