namespace DeepNotes.Optimizers;

/// <summary>Validation of optimizer and scheduler hyper-parameters, with messages naming the owner, the knob and the value.</summary>
internal static class HyperParameters
{
    /// <summary>Throws unless 0 ≤ <paramref name="value"/> (NaN fails).</summary>
    public static void CheckNonNegative(string owner, string what, double value, string paramName)
    {
        if (!(value >= 0))
            throw new ArgumentOutOfRangeException(paramName, value, $"{owner}: the {what} must be >= 0, got {value}.");
    }

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> &lt; 1 (a beta, an exponential-average coefficient).</summary>
    public static void CheckUnitInterval(string owner, string what, double value, string paramName)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(paramName, value, $"{owner}: {what} must be in [0, 1), got {value}.");
    }

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> ≤ 1.</summary>
    public static void CheckClosedUnitInterval(string owner, string what, double value, string paramName)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(paramName, value, $"{owner}: {what} must be in [0, 1], got {value}.");
    }

    /// <summary>Throws unless <paramref name="value"/> is positive and finite.</summary>
    public static void CheckPositive(string owner, string what, double value, string paramName)
    {
        if (!(value > 0 && double.IsFinite(value)))
            throw new ArgumentOutOfRangeException(paramName, value, $"{owner}: the {what} must be a positive finite number, got {value}.");
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ 1.</summary>
    public static void CheckAtLeastOne(string owner, string what, int value, string paramName)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(paramName, value, $"{owner}: the {what} must be at least 1, got {value}.");
    }
}
