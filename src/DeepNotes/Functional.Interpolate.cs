using System.Globalization;
using DeepNotes.Ops.Resampling;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Resamples the spatial dimensions of a batch, like <c>F.interpolate</c>: <c>[N, C, L] -> [N, C, L']</c>,
    /// <c>[N, C, H, W] -> [N, C, H', W']</c> or <c>[N, C, D, H, W] -> [N, C, D', H', W']</c>. Give exactly one of
    /// <paramref name="size"/> (the output spatial size) or <paramref name="scaleFactor"/> (a multiplier per spatial
    /// dimension; the output size is ⌊in·scale⌋). With a scale factor and <paramref name="recomputeScaleFactor"/> not true,
    /// the interpolation uses 1/scale as its ratio (PyTorch's default); with it true, the ratio is recomputed as in/out.
    /// Modes: nearest and nearest-exact and area on 3-D, 4-D or 5-D input; linear 3-D; bilinear and bicubic 4-D;
    /// trilinear 5-D. The index arithmetic is PyTorch 1.13's (see docs/resampling.md). Differentiable (twice and more).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, *spatial]</c> tensor with 1–3 non-empty spatial dimensions.</param>
    /// <param name="size">Output spatial size, one entry per spatial dimension; or null to use <paramref name="scaleFactor"/>.</param>
    /// <param name="scaleFactor">Scale per spatial dimension (positive); or null to use <paramref name="size"/>.</param>
    /// <param name="mode">The algorithm (default nearest).</param>
    /// <param name="alignCorners">For linear, bilinear, bicubic and trilinear only (default false): map the centres of the
    /// corner pixels onto each other (ratio (in − 1)/(out − 1)) instead of the outer edges; must be null for the other modes.</param>
    /// <param name="recomputeScaleFactor">With <paramref name="scaleFactor"/>: true recomputes the ratio from the sizes.
    /// Not allowed (true) with <paramref name="size"/>.</param>
    /// <returns>The resampled <c>[N, C, *size]</c> tensor, same dtype.</returns>
    /// <exception cref="ArgumentException">Both or neither of size and scale factor, a wrong number of entries, a
    /// non-positive size or scale, an empty result, a mode that does not fit the rank, align corners with a mode that
    /// has none, or a non-floating-point input.</exception>
    public static Tensor Interpolate(Tensor input, IReadOnlyList<int>? size = null, IReadOnlyList<double>? scaleFactor = null,
        InterpolationMode mode = InterpolationMode.Nearest, bool? alignCorners = null, bool? recomputeScaleFactor = null) =>
        Interpolation.Forward(input, ResolveInterpolation(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor));

    /// <summary>
    /// <see cref="Interpolate(Tensor, IReadOnlyList{int}?, IReadOnlyList{double}?, InterpolationMode, bool?, bool?)"/>
    /// to the same <paramref name="size"/> in every spatial dimension (PyTorch's <c>size=int</c>).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, *spatial]</c> tensor.</param>
    /// <param name="size">Output size of every spatial dimension.</param>
    /// <param name="mode">The algorithm (default nearest).</param>
    /// <param name="alignCorners">For the linear family only; see the main overload.</param>
    /// <returns>The resampled tensor.</returns>
    /// <exception cref="ArgumentException">As the main overload.</exception>
    public static Tensor Interpolate(Tensor input, int size, InterpolationMode mode = InterpolationMode.Nearest, bool? alignCorners = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Interpolate(input, Enumerable.Repeat(size, Math.Max(input.Rank - 2, 1)).ToArray(), null, mode, alignCorners);
    }

    /// <summary>
    /// <see cref="Interpolate(Tensor, IReadOnlyList{int}?, IReadOnlyList{double}?, InterpolationMode, bool?, bool?)"/>
    /// with the same <paramref name="scaleFactor"/> in every spatial dimension (PyTorch's <c>scale_factor=float</c>).
    /// </summary>
    /// <param name="input">A floating-point <c>[N, C, *spatial]</c> tensor.</param>
    /// <param name="scaleFactor">Scale of every spatial dimension (positive).</param>
    /// <param name="mode">The algorithm (default nearest).</param>
    /// <param name="alignCorners">For the linear family only; see the main overload.</param>
    /// <param name="recomputeScaleFactor">True recomputes the ratio from the sizes.</param>
    /// <returns>The resampled tensor.</returns>
    /// <exception cref="ArgumentException">As the main overload.</exception>
    public static Tensor Interpolate(Tensor input, double scaleFactor, InterpolationMode mode = InterpolationMode.Nearest,
        bool? alignCorners = null, bool? recomputeScaleFactor = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Interpolate(input, null, Enumerable.Repeat(scaleFactor, Math.Max(input.Rank - 2, 1)).ToArray(), mode, alignCorners,
            recomputeScaleFactor);
    }

    /// <summary>Validates the arguments of Interpolate once and resolves output size and kernel scales (PyTorch's Python logic).</summary>
    internal static InterpolationSpec ResolveInterpolation(Tensor input, IReadOnlyList<int>? size, IReadOnlyList<double>? scaleFactor,
        InterpolationMode mode, bool? alignCorners, bool? recomputeScaleFactor, string op = "Interpolate")
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{op}: unknown mode {mode}.");
        if (input.DType is not (DType.Float32 or DType.Float64))
            throw new ArgumentException($"{op}: expected a Float32 or Float64 input, got {input.DType}.", nameof(input));
        int rank = input.Rank;
        string shape = input.Shape.ToString();
        if (rank is < 3 or > 5)
            throw new ArgumentException($"{op}: expected a 3-D [N, C, L], 4-D [N, C, H, W] or 5-D [N, C, D, H, W] input, got {shape}.", nameof(input));
        int required = mode switch
        {
            InterpolationMode.Linear => 3,
            InterpolationMode.Bilinear or InterpolationMode.Bicubic => 4,
            InterpolationMode.Trilinear => 5,
            _ => rank,
        };
        if (rank != required)
            throw new ArgumentException($"{op}: mode {mode} needs a {required}-D input, got {rank}-D {shape}.", nameof(input));
        bool linearFamily = mode is InterpolationMode.Linear or InterpolationMode.Bilinear or InterpolationMode.Bicubic or InterpolationMode.Trilinear;
        if (!linearFamily && alignCorners is not null)
            throw new ArgumentException($"{op}: alignCorners can only be set with the interpolating modes Linear, Bilinear, Bicubic and Trilinear, not {mode}.", nameof(alignCorners));
        int dims = rank - 2;
        for (int i = 0; i < dims; i++)
        {
            if (input.Shape[2 + i] == 0)
                throw new ArgumentException($"{op}: input spatial sizes must be positive, got {shape}.", nameof(input));
        }
        if ((size is null) == (scaleFactor is null))
            throw new ArgumentException($"{op}: give exactly one of size and scaleFactor (got {(size is null ? "neither" : "both")}).");
        if (size is not null && recomputeScaleFactor == true)
            throw new ArgumentException($"{op}: recomputeScaleFactor is not meaningful with an explicit size.", nameof(recomputeScaleFactor));
        var outputSize = new int[dims];
        var scales = new double?[dims];
        if (size is not null)
        {
            if (size.Count != dims)
                throw new ArgumentException($"{op}: size has {size.Count} entries but the input {shape} has {dims} spatial dimension(s).", nameof(size));
            for (int i = 0; i < dims; i++)
            {
                if (size[i] <= 0)
                    throw new ArgumentException($"{op}: output sizes must be positive, got [{string.Join(", ", size)}].", nameof(size));
                outputSize[i] = size[i];
            }
        }
        else
        {
            if (scaleFactor!.Count != dims)
                throw new ArgumentException($"{op}: scaleFactor has {scaleFactor.Count} entries but the input {shape} has {dims} spatial dimension(s).", nameof(scaleFactor));
            bool recompute = recomputeScaleFactor == true || mode == InterpolationMode.Area;
            for (int i = 0; i < dims; i++)
            {
                double s = scaleFactor[i];
                if (!(s > 0) || double.IsInfinity(s))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{op}: scale factors must be positive and finite, got [{string.Join(", ", scaleFactor)}]."), nameof(scaleFactor));
                double o = Math.Floor(input.Shape[2 + i] * s);
                if (o < 1 || o > int.MaxValue)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"{op}: scale factor {s} turns spatial size {input.Shape[2 + i]} into {o}; the output size must be between 1 and {int.MaxValue}."), nameof(scaleFactor));
                outputSize[i] = (int)o;
                scales[i] = recompute ? null : s;
            }
        }
        return new InterpolationSpec(mode, outputSize, scales, alignCorners ?? false);
    }
}
