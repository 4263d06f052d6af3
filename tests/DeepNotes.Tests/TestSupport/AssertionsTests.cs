using DeepNotes;
using Xunit.Sdk;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.TestSupport;

/// <summary>The shared <see cref="Assertions.AssertClose(double[], double[], double, double, string?, ToleranceRule)"/>: what passes, what fails, and what a failure says.</summary>
public class AssertionsTests
{
    [Fact]
    public void Passes_WithinTolerance_AndOnEqualNaNOrInfinity()
    {
        AssertClose([1.0, double.NaN, double.PositiveInfinity], [1.0 + 1e-13, double.NaN, double.PositiveInfinity], 1e-12);
        AssertClose([1f, 2f], [1f, 2.0001f], 0, 1e-4);
        AssertClose([100.0], Tensor.FromArray(new[] { 100.5f }), 0, 0.01, shape: [1]);
    }

    [Fact]
    public void SumAndMaxRules_DifferWhereTheyShould()
    {
        // |d| = 1.5·tol at |expected| = 1: within atol + rtol·|e| = 2·tol, beyond max(atol, rtol·|e|) = tol.
        AssertClose([1.0], [1.0 + 1.5e-6], 1e-6, 1e-6);
        Assert.Throws<FailException>(() => AssertClose([1.0], [1.0 + 1.5e-6], 1e-6, 1e-6, rule: ToleranceRule.Max));
    }

    [Fact]
    public void Failure_NamesElementAndBothValues()
    {
        var e = Assert.Throws<FailException>(() => AssertClose([1.0, 2.0, 3.0], [1.0, 2.5, 3.0], 1e-3, what: "output"));
        Assert.Contains("output: element 1: expected 2, got 2.5", e.Message);
        Assert.ThrowsAny<XunitException>(() => AssertClose([1.0], [double.NaN], 1));
        Assert.ThrowsAny<XunitException>(() => AssertClose([1.0, 2.0], [1.0], 1));
        Assert.ThrowsAny<XunitException>(() => AssertClose([1.0], Tensor.FromArray(new[] { 1.0 }), 1, shape: [1, 1]));
    }
}
