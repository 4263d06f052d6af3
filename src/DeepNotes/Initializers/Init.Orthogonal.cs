namespace DeepNotes.Initializers;

public static partial class Init
{
    /// <summary>
    /// Fills with a (semi-)orthogonal matrix times <paramref name="gain"/> (Saxe et al., 2013), like
    /// <c>nn.init.orthogonal_</c>: the weight viewed as <c>[rows, cols]</c> = <c>[shape[0], ∏ rest]</c> has orthonormal
    /// rows when rows ≤ cols, orthonormal columns otherwise. It is the Q of the QR decomposition of a Gaussian matrix,
    /// with signs fixed by R's diagonal so it is uniformly distributed.
    /// </summary>
    /// <returns><paramref name="tensor"/>.</returns>
    /// <exception cref="ArgumentException">The tensor has fewer than two dimensions.</exception>
    public static Tensor Orthogonal(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        CheckFloating(tensor, nameof(Orthogonal));
        if (tensor.Rank < 2)
            throw new ArgumentException($"Init.Orthogonal needs at least 2 dimensions, got {tensor.Shape}.", nameof(tensor));
        int rows = tensor.Shape[0], cols = tensor.ElementCount / Math.Max(rows, 1);
        if (tensor.ElementCount == 0) return tensor;
        var g = generator ?? Generator.Default;
        // Decompose the tall orientation (m ≥ n) and transpose back when the weight is wide.
        bool wide = rows < cols;
        int m = wide ? cols : rows, n = wide ? rows : cols;
        var a = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i, j] = g.NextNormal();
        double[,] q = HouseholderQ(a, m, n);
        var values = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) values[r * cols + c] = gain * (wide ? q[c, r] : q[r, c]);
        using (Autograd.NoGrad()) tensor.CopyFrom(Tensor.FromArray(values, tensor.Shape).ConvertRaw(tensor.DType));
        return tensor;
    }

    /// <summary>
    /// The m×n factor Q of a = QR (m ≥ n) by Householder reflections, with column j negated when R[j, j] &lt; 0 so the
    /// result is Haar-distributed for Gaussian input (the sign fix PyTorch applies as well).
    /// </summary>
    private static double[,] HouseholderQ(double[,] a, int m, int n)
    {
        var vs = new double[n][];
        var rDiag = new double[n];
        for (int k = 0; k < n; k++)
        {
            double norm = 0;
            for (int i = k; i < m; i++) norm += a[i, k] * a[i, k];
            norm = Math.Sqrt(norm);
            double alpha = a[k, k] > 0 ? -norm : norm;
            var v = new double[m];
            for (int i = k; i < m; i++) v[i] = a[i, k];
            v[k] -= alpha;
            double vNorm2 = 0;
            for (int i = k; i < m; i++) vNorm2 += v[i] * v[i];
            vs[k] = v;
            rDiag[k] = alpha;
            if (vNorm2 == 0) continue;
            for (int j = k; j < n; j++) // a ← (I − 2vvᵀ/vᵀv)·a on the trailing columns
            {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i] * a[i, j];
                double f = 2 * dot / vNorm2;
                for (int i = k; i < m; i++) a[i, j] -= f * v[i];
            }
        }
        // Q = H₀H₁…H_{n−1} applied to the first n columns of the identity, from the last reflection back.
        var q = new double[m, n];
        for (int j = 0; j < n; j++) q[j, j] = 1;
        for (int k = n - 1; k >= 0; k--)
        {
            var v = vs[k];
            double vNorm2 = 0;
            for (int i = k; i < m; i++) vNorm2 += v[i] * v[i];
            if (vNorm2 == 0) continue;
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++) dot += v[i] * q[i, j];
                double f = 2 * dot / vNorm2;
                for (int i = k; i < m; i++) q[i, j] -= f * v[i];
            }
        }
        for (int j = 0; j < n; j++)
            if (rDiag[j] < 0)
                for (int i = 0; i < m; i++) q[i, j] = -q[i, j];
        return q;
    }
}
