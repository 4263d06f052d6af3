namespace DeepNotes.Distributions;

/// <summary>
/// The multivariate normal distribution N(loc, Σ) with Σ = L·Lᵀ, like <c>torch.distributions.MultivariateNormal</c>,
/// given a covariance matrix or its lower Cholesky factor L (<see cref="ScaleTril"/>): loc <c>[B₁..., k]</c>, matrix
/// <c>[B₂..., k, k]</c>, batch shape broadcast(B₁, B₂), event shape <c>[k]</c>. Reparameterisable:
/// <see cref="RSample"/> = loc + L·ε.
/// </summary>
/// <remarks>
/// A covariance is factorised by <see cref="Linalg.Cholesky"/> (differentiable with PyTorch's backward); the
/// triangular solves of LogProb and KL are composed of differentiable elementwise ops (O(k²) small ops per solve), so
/// gradients flow to loc, the covariance or L, and the value; meant for modest k. (torch's precision_matrix
/// parameterisation is not offered.)
/// </remarks>
public sealed class MultivariateNormal : Distribution
{
    /// <summary>
    /// A multivariate normal from <paramref name="loc"/> <c>[..., k]</c> and exactly one of
    /// <paramref name="covarianceMatrix"/> (symmetric positive definite) or <paramref name="scaleTril"/> (lower
    /// triangular, positive diagonal), each <c>[..., k, k]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Both or neither matrix given; loc not at least 1-D or the matrix not at least 2-D and square; k differs; dtypes
    /// differ; batch shapes do not broadcast; (validated) the covariance is not symmetric or not positive definite,
    /// or scaleTril is not lower triangular with a positive diagonal.
    /// </exception>
    public MultivariateNormal(Tensor loc, Tensor? covarianceMatrix = null, Tensor? scaleTril = null, bool validateArgs = true)
        : base(BatchOf(loc, covarianceMatrix, scaleTril), new Shape(loc.Shape[^1]), validateArgs)
    {
        Loc = DistributionMath.ExpandTo(loc, ExtendedShape());
        if (scaleTril is not null)
        {
            if (validateArgs) CheckLowerCholesky(scaleTril);
            ScaleTril = scaleTril;
        }
        else
        {
            if (validateArgs) CheckSymmetric(covarianceMatrix!);
            try
            {
                ScaleTril = Linalg.Cholesky(covarianceMatrix!);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"MultivariateNormal: the covariance matrix is not positive definite. {e.Message}", nameof(covarianceMatrix), e);
            }
        }
        if (validateArgs) DistributionMath.CheckParameter("MultivariateNormal", "loc", loc, v => !double.IsNaN(v), "IndependentConstraint(Real(), 1)");
    }

    private static Shape BatchOf(Tensor loc, Tensor? covariance, Tensor? scaleTril)
    {
        ArgumentNullException.ThrowIfNull(loc);
        if ((covariance is null) == (scaleTril is null))
            throw new ArgumentException("MultivariateNormal: exactly one of covarianceMatrix or scaleTril may be specified.");
        Tensor m = covariance ?? scaleTril!;
        string name = covariance is null ? "scaleTril" : "covarianceMatrix";
        if (loc.Rank < 1) throw new ArgumentException($"MultivariateNormal: loc must be at least one-dimensional, got shape {loc.Shape}.", nameof(loc));
        if (m.Rank < 2 || m.Shape[^1] != m.Shape[^2])
            throw new ArgumentException($"MultivariateNormal: {name} must be at least two-dimensional and square in its last two dimensions, got shape {m.Shape}.", name);
        if (m.Shape[^1] != loc.Shape[^1])
            throw new ArgumentException($"MultivariateNormal: loc has event size {loc.Shape[^1]} but {name} is {m.Shape[^2]}x{m.Shape[^1]}.", name);
        if (!loc.DType.IsFloatingPoint() || loc.DType != m.DType)
            throw new ArgumentException($"MultivariateNormal expects loc and {name} of one floating dtype, got {loc.DType} and {m.DType}.");
        var lb = new Shape(loc.Shape.ToArray()[..^1]);
        var mb = new Shape(m.Shape.ToArray()[..^2]);
        return Ops.ElementwiseBinary.BroadcastShape("MultivariateNormal", lb, mb);
    }

    private static void CheckLowerCholesky(Tensor l)
    {
        double[] v = l.Detach().ToArray<double>();
        int k = l.Shape[^1];
        for (int i = 0; i < v.Length; i++)
        {
            int r = i / k % k, c = i % k;
            if ((c > r && v[i] != 0) || (c == r && !(v[i] > 0)) || double.IsNaN(v[i]))
                throw new ArgumentException(
                    $"MultivariateNormal: expected parameter scaleTril (shape {l.Shape}) to satisfy the constraint LowerCholesky() (lower triangular, positive diagonal), but found invalid values (row {r}, column {c}: {v[i]}).", "scaleTril");
        }
    }

    private static void CheckSymmetric(Tensor a)
    {
        double[] v = a.Detach().ToArray<double>();
        int k = a.Shape[^1];
        for (int b = 0; b < v.Length; b += k * k)
            for (int r = 0; r < k; r++)
                for (int c = 0; c < r; c++)
                {
                    double x = v[b + r * k + c], y = v[b + c * k + r];
                    if (!(Math.Abs(x - y) <= 1e-6 + 1e-5 * Math.Abs(y)))
                        throw new ArgumentException(
                            $"MultivariateNormal: expected parameter covarianceMatrix (shape {a.Shape}) to satisfy the constraint PositiveDefinite(), but it is not symmetric ([{r}, {c}] = {x}, [{c}, {r}] = {y}).", "covarianceMatrix");
                }
    }

    /// <summary>The mean, <c>B ++ [k]</c>.</summary>
    public Tensor Loc { get; }

    /// <summary>The lower Cholesky factor L of the covariance, <c>[B₂..., k, k]</c> (not broadcast).</summary>
    public Tensor ScaleTril { get; }

    /// <summary>The covariance L·Lᵀ, <c>[B₂..., k, k]</c>.</summary>
    public Tensor CovarianceMatrix => ScaleTril.MatMul(ScaleTril.Transpose(-1, -2));

    /// <summary>The event size k.</summary>
    public int EventSize => EventShape[0];

    /// <inheritdoc/>
    public override DType DType => Loc.DType;

    /// <inheritdoc/>
    public override bool HasRSample => true;

    /// <inheritdoc/>
    public override Tensor Mean => Loc;

    /// <summary>The diagonal of the covariance, Σᵢ = Σⱼ Lᵢⱼ², broadcast to <c>B ++ [k]</c>.</summary>
    public override Tensor Variance => DistributionMath.ExpandTo(ScaleTril.Pow(2).Sum(-1), ExtendedShape());

    /// <inheritdoc/>
    public override Tensor RSample(Shape sampleShape = default, Generator? generator = null)
    {
        Tensor eps = Tensor.Randn(ExtendedShape(sampleShape), DType, generator);
        return Loc + ScaleTril.MatMul(eps.Unsqueeze(-1)).Squeeze(-1);
    }

    /// <summary>−½(k·log 2π + |L⁻¹(x − loc)|²) − Σ log Lᵢᵢ; value <c>[S ++ B ++ [k]]</c> → <c>S ++ B</c>.</summary>
    /// <inheritdoc cref="Distribution.LogProb" path="/exception"/>
    public override Tensor LogProb(Tensor value)
    {
        DistributionMath.CheckValueDType("MultivariateNormal", value, DType);
        if (ValidateArgs) DistributionMath.CheckSample("MultivariateNormal", value, BatchShape, EventShape, "IndependentConstraint(Real(), 1)", v => !double.IsNaN(v));
        Tensor m = DistributionMath.Mahalanobis(ScaleTril, value - Loc);
        return -0.5 * (EventSize * DistributionMath.LogTwoPi + m) - HalfLogDet();
    }

    /// <summary>½k(1 + log 2π) + Σ log Lᵢᵢ, broadcast to <c>B</c>.</summary>
    public override Tensor Entropy() =>
        DistributionMath.ExpandTo(0.5 * EventSize * (1.0 + DistributionMath.LogTwoPi) + HalfLogDet(), BatchShape);

    /// <summary>½ log det Σ = Σ log Lᵢᵢ, <c>[B₂...]</c>.</summary>
    internal Tensor HalfLogDet() => DistributionMath.Diagonal(ScaleTril).Log().Sum(-1);
}
