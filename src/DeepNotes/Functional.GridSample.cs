using DeepNotes.Kernels;
using DeepNotes.Ops.Resampling;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Samples the input at the points of a grid, like <c>F.grid_sample</c> (spatial transformer networks):
    /// input <c>[N, C, H, W]</c> and grid <c>[N, OH, OW, 2]</c> give <c>[N, C, OH, OW]</c>; input <c>[N, C, D, H, W]</c> and
    /// grid <c>[N, OD, OH, OW, 3]</c> give <c>[N, C, OD, OH, OW]</c>. The last grid dimension holds (x, y[, z]) in [−1, 1],
    /// x along W, y along H, z along D: −1 is the left edge of the first pixel (its centre with
    /// <paramref name="alignCorners"/>), 1 the right edge of the last (its centre). Points outside read according to
    /// <paramref name="paddingMode"/>. Differentiable with respect to input and grid (the grid gradient of nearest is zero).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, H, W]</c> or <c>[N, C, D, H, W]</c> tensor.</param>
    /// <param name="grid">Sampling points <c>[N, OH, OW, 2]</c> or <c>[N, OD, OH, OW, 3]</c>, same dtype.</param>
    /// <param name="mode">Bilinear (default), nearest, or bicubic (4-D only).</param>
    /// <param name="paddingMode">Zeros (default), border or reflection.</param>
    /// <param name="alignCorners">−1 and 1 are the centres of the corner pixels (true) or their outer edges (false, default).</param>
    /// <returns>The sampled <c>[N, C, OH, OW]</c> or <c>[N, C, OD, OH, OW]</c> tensor.</returns>
    /// <exception cref="ArgumentException">Wrong ranks, mismatched batch or coordinate count, mixed or non-floating dtypes,
    /// an empty spatial input, or bicubic with 5-D input.</exception>
    public static Tensor GridSample(Tensor input, Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
        GridSamplePaddingMode paddingMode = GridSamplePaddingMode.Zeros, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(grid);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, $"GridSample: unknown mode {mode}.");
        if (!Enum.IsDefined(paddingMode)) throw new ArgumentOutOfRangeException(nameof(paddingMode), paddingMode, $"GridSample: unknown padding mode {paddingMode}.");
        CheckResamplingFloat("GridSample", input);
        if (grid.DType != input.DType)
            throw new ArgumentException($"GridSample: input and grid must have the same dtype, got {input.DType} and {grid.DType}.", nameof(grid));
        if (input.Rank is not (4 or 5))
            throw new ArgumentException($"GridSample: expected a 4-D [N, C, H, W] or 5-D [N, C, D, H, W] input, got {input.Shape}.", nameof(input));
        int dims = input.Rank - 2;
        if (grid.Rank != input.Rank || grid.Shape[^1] != dims)
            throw new ArgumentException($"GridSample: a {input.Rank}-D input {input.Shape} needs a {input.Rank}-D grid [N, {(dims == 2 ? "OH, OW, 2" : "OD, OH, OW, 3")}], got {grid.Shape}.", nameof(grid));
        if (grid.Shape[0] != input.Shape[0])
            throw new ArgumentException($"GridSample: input {input.Shape} and grid {grid.Shape} must have the same batch size.", nameof(grid));
        for (int i = 2; i < input.Rank; i++)
        {
            if (input.Shape[i] == 0) throw new ArgumentException($"GridSample: input spatial sizes must be positive, got {input.Shape}.", nameof(input));
        }
        if (mode == GridSampleMode.Bicubic && dims != 2)
            throw new ArgumentException($"GridSample: bicubic mode needs a 4-D input, got {input.Shape}.", nameof(mode));
        int n = input.Shape[0], c = input.Shape[1];
        int d = dims == 3 ? input.Shape[2] : 1, h = input.Shape[^2], w = input.Shape[^1];
        int positions = 1;
        for (int i = 1; i < grid.Rank - 1; i++) positions *= grid.Shape[i];
        var g = new GridSampleGeometry(n, c, d, h, w, positions, dims, mode, paddingMode, alignCorners);
        Shape outputShape = new([n, c, .. grid.Shape.ToArray()[1..^1]]);
        return GridSampling.Forward(input, grid, g, outputShape);
    }

    /// <summary>
    /// The sampling grid of an affine transform, like <c>F.affine_grid</c>: <paramref name="theta"/> <c>[N, 2, 3]</c> and
    /// size <c>[N, C, H, W]</c> give <c>[N, H, W, 2]</c>; <c>[N, 3, 4]</c> and <c>[N, C, D, H, W]</c> give <c>[N, D, H, W, 3]</c>.
    /// Point (x, y[, z]) = θ · (x₀, y₀[, z₀], 1) where the base coordinates run from −1 to 1 over the pixel centres
    /// (align corners) or over the pixels scaled by (size − 1)/size (not aligned); a size of 1 gives 0. Differentiable
    /// with respect to θ (a matrix product). Feed the result to <see cref="GridSample"/>.
    /// </summary>
    /// <param name="theta">Floating-point affine matrices <c>[N, 2, 3]</c> or <c>[N, 3, 4]</c>.</param>
    /// <param name="size">The target size <c>[N, C, H, W]</c> or <c>[N, C, D, H, W]</c>.</param>
    /// <param name="alignCorners">As in <see cref="GridSample"/> (default false).</param>
    /// <returns>The grid <c>[N, H, W, 2]</c> or <c>[N, D, H, W, 3]</c>.</returns>
    /// <exception cref="ArgumentException">A size that is not 4-D or 5-D or not positive, or θ of the wrong shape or dtype.</exception>
    public static Tensor AffineGrid(Tensor theta, IReadOnlyList<int> size, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(size);
        CheckResamplingFloat("AffineGrid", theta);
        if (size.Count is not (4 or 5))
            throw new ArgumentException($"AffineGrid: size must be [N, C, H, W] or [N, C, D, H, W], got [{string.Join(", ", size)}].", nameof(size));
        if (size.Any(s => s <= 0))
            throw new ArgumentException($"AffineGrid: size must be positive, got [{string.Join(", ", size)}].", nameof(size));
        int dims = size.Count - 2;
        int n = size[0];
        if (theta.Rank != 3 || theta.Shape[0] != n || theta.Shape[1] != dims || theta.Shape[2] != dims + 1)
            throw new ArgumentException($"AffineGrid: size [{string.Join(", ", size)}] needs theta [{n}, {dims}, {dims + 1}], got {theta.Shape}.", nameof(theta));
        int[] spatial = [.. size.Skip(2)];
        int points = spatial.Aggregate(1, (a, b) => a * b);
        var basis = new double[points * (dims + 1)];
        double[][] lines = [.. spatial.Select(s => AffineGridLine(s, alignCorners, theta.DType))];
        for (int p = 0; p < points; p++)
        {
            int rest = p;
            // spatial = [(D,) H, W]: coordinate 0 (x) runs along the last axis
            for (int a = dims - 1; a >= 0; a--)
            {
                int extent = spatial[a];
                basis[p * (dims + 1) + (dims - 1 - a)] = lines[a][rest % extent];
                rest /= extent;
            }
            basis[p * (dims + 1) + dims] = 1;
        }
        Tensor b = Tensor.FromArray(basis, new Shape(points, dims + 1)).To(theta.DType);
        // [P, d+1] · θᵀ [N, d+1, d] -> [N, P, d]
        Tensor grid = b.MatMul(theta.Transpose(1, 2));
        return grid.Reshape([n, .. spatial, dims]);
    }

    /// <summary>PyTorch's <c>linspace_from_neg_one</c> in the element type: linspace(−1, 1, s), times (s − 1)/s unless aligned; [0] for s = 1.</summary>
    private static double[] AffineGridLine(int steps, bool alignCorners, DType dtype)
    {
        var line = new double[steps];
        if (steps <= 1) return line;
        bool single = dtype == DType.Float32;
        double step = single ? (float)(2.0f / (steps - 1)) : 2.0 / (steps - 1);
        for (int i = 0; i < steps; i++)
        {
            // linspace fills the first half from the start and the second half from the end
            double v = i < steps / 2 ? -1 + i * step : 1 - (steps - 1 - i) * step;
            if (single) v = (float)(i < steps / 2 ? -1f + i * (float)step : 1f - (steps - 1 - i) * (float)step);
            if (!alignCorners) v = single ? (float)((float)v * (steps - 1) / steps) : v * (steps - 1) / steps;
            line[i] = v;
        }
        return line;
    }
}
