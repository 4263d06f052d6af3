using System.Globalization;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// The weight-norm reparametrisation (Salimans &amp; Kingma, 2016), PyTorch's <c>torch._weight_norm(v, g, dim)</c>
    /// behind <c>nn.utils.parametrizations.weight_norm</c>: w = g · v / ‖v‖, the L2 norm taken over every dimension
    /// except <paramref name="dim"/> (one norm per output channel for dim 0), or over the whole tensor when
    /// <paramref name="dim"/> is null. Learn <paramref name="magnitude"/> (g, PyTorch's <c>original0</c>) and
    /// <paramref name="direction"/> (v, <c>original1</c>) and compute the layer's weight with this in its forward pass.
    /// </summary>
    /// <param name="direction">v, shaped like the weight (Float32 or Float64).</param>
    /// <param name="magnitude">g: <c>v.Shape[dim]</c> elements (as <c>[n]</c> or PyTorch's keep-dim <c>[n, 1, ...]</c>), or one element when <paramref name="dim"/> is null.</param>
    /// <param name="dim">The dimension that keeps one norm per index (default 0, negative counts from the end), or null for one norm of the whole tensor (PyTorch's <c>dim=None</c>).</param>
    /// <returns>The weight w, shaped like <paramref name="direction"/>.</returns>
    /// <remarks>Backward: composed of differentiable ops (Square, Sum, Sqrt, Divide, Multiply): dg = Σ g_w·v/‖v‖, dv = (g/‖v‖)·(g_w − v̂·Σ g_w·v̂).</remarks>
    /// <exception cref="ArgumentException">The dtypes differ, <paramref name="magnitude"/> has the wrong number of elements, or <paramref name="dim"/> is out of range.</exception>
    public static Tensor WeightNorm(Tensor direction, Tensor magnitude, int? dim = 0)
    {
        const string op = "WeightNorm";
        ArgumentNullException.ThrowIfNull(direction);
        ArgumentNullException.ThrowIfNull(magnitude);
        direction.CheckFloatingPoint(op);
        Tensor.CheckSameDType(op, direction, magnitude);
        if (dim is null)
        {
            if (magnitude.ElementCount != 1)
                throw new ArgumentException($"{op}: with dim null the magnitude must have one element, got {magnitude.Shape}.", nameof(magnitude));
            return direction * (magnitude.Reshape([]) / direction.Square().Sum().Sqrt());
        }
        int rank = direction.Rank, d = dim.Value < 0 ? dim.Value + rank : dim.Value;
        if ((uint)d >= (uint)rank)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"{op}: dim must be in [{-rank}, {rank - 1}] for direction {direction.Shape}.");
        int n = direction.Shape[d];
        if (magnitude.ElementCount != n)
            throw new ArgumentException($"{op}: the magnitude must have {n} elements (direction {direction.Shape}, dim {d}), got {magnitude.Shape}.", nameof(magnitude));
        int[] others = [.. Enumerable.Range(0, rank).Where(i => i != d)];
        int[] keep = [.. Enumerable.Range(0, rank).Select(i => i == d ? n : 1)];
        Tensor norm = others.Length == 0 ? direction.Abs() : direction.Square().Sum(others, keepDim: true).Sqrt();
        return direction * (magnitude.Reshape(keep) / norm);
    }

    /// <summary>
    /// Spectral normalization (Miyato et al., 2018), PyTorch's <c>nn.utils.parametrizations.spectral_norm</c> step:
    /// W / σ(W), σ estimated by power iteration with the persistent vectors <paramref name="u"/> and <paramref name="v"/>.
    /// The weight is viewed as a matrix <c>[weight.Shape[dim], rest]</c>; when <paramref name="training"/>, each of the
    /// <paramref name="nPowerIterations"/> steps sets u = normalize(W·v), v = normalize(Wᵀ·u) <b>in place</b> (without
    /// recording gradients), then σ = uᵀ·W·v (differentiable in W only). A 1-D weight is simply normalised.
    /// </summary>
    /// <param name="weight">The weight, at least 1-D (Float32 or Float64).</param>
    /// <param name="u">Left singular vector estimate <c>[weight.Shape[dim]]</c> (PyTorch's <c>_u</c>), updated in place in training.</param>
    /// <param name="v">Right singular vector estimate <c>[rest]</c> (PyTorch's <c>_v</c>), updated in place in training.</param>
    /// <param name="nPowerIterations">Power-iteration steps per call in training (PyTorch's default 1).</param>
    /// <param name="dim">The output dimension (0, or 1 for transposed convolutions as PyTorch chooses).</param>
    /// <param name="eps">Lower bound of the norms in the normalisations.</param>
    /// <param name="training">Run the power iteration (training mode); false only uses u and v.</param>
    /// <returns>W / σ, shaped like <paramref name="weight"/>.</returns>
    /// <remarks>Backward: through Mv, Dot and Divide with u and v constant, as PyTorch (which clones them).</remarks>
    /// <exception cref="ArgumentException">Shapes or dtypes of u and v do not fit, or nPowerIterations or eps is negative.</exception>
    public static Tensor SpectralNorm(Tensor weight, Tensor u, Tensor v, int nPowerIterations = 1, int dim = 0, double eps = 1e-12,
        bool training = true)
    {
        const string op = "SpectralNorm";
        ArgumentNullException.ThrowIfNull(weight);
        weight.CheckFloatingPoint(op);
        ArgumentOutOfRangeException.ThrowIfNegative(nPowerIterations);
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{op}: eps must be ≥ 0.");
        if (weight.Rank == 0)
            throw new ArgumentException($"{op}: the weight must be at least 1-D, got {weight.Shape}.", nameof(weight));
        if (weight.Rank == 1) return weight / weight.Square().Sum().Sqrt().Clamp(min: eps);
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(v);
        int d = dim < 0 ? dim + weight.Rank : dim;
        if ((uint)d >= (uint)weight.Rank)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"{op}: dim must be in [{-weight.Rank}, {weight.Rank - 1}] for weight {weight.Shape}.");
        int rows = weight.Shape[d], cols = weight.ElementCount / Math.Max(rows, 1);
        Tensor matrix = (d == 0 ? weight : weight.Movedim(d, 0)).Reshape(rows, cols);
        if (u.Rank != 1 || u.Shape[0] != rows || v.Rank != 1 || v.Shape[0] != cols)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{op}: expected u [{rows}] and v [{cols}] for weight {weight.Shape} (dim {d}), got {u.Shape} and {v.Shape}."), u.Rank != 1 || u.Shape[0] != rows ? nameof(u) : nameof(v));
        Tensor.CheckSameDType(op, weight, u);
        Tensor.CheckSameDType(op, weight, v);
        if (training && nPowerIterations > 0)
        {
            using (Autograd.NoGrad())
            {
                Tensor m = matrix.Detach();
                for (int i = 0; i < nPowerIterations; i++)
                {
                    Tensor mu = m.Mv(v);
                    u.CopyFrom(mu / mu.Square().Sum().Sqrt().Clamp(min: eps));
                    Tensor mv = m.Transpose(0, 1).Mv(u);
                    v.CopyFrom(mv / mv.Square().Sum().Sqrt().Clamp(min: eps));
                }
            }
        }
        Tensor sigma = u.Detach().CloneRaw().Dot(matrix.Mv(v.Detach().CloneRaw()));
        return weight / sigma;
    }
}
