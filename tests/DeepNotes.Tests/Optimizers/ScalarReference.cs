using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// Independent per-element double loops of the published update rules (PyTorch's documented algorithms), written
/// without reference to the library's kernels. Each returns the parameters after <c>steps</c> steps from
/// <see cref="OptimizerTestHelpers.InitialValues"/> with gradients <see cref="OptimizerTestHelpers.Gradient"/>.
/// </summary>
internal static class ScalarReference
{
    public static double[] Sgd(int n, int steps, double lr, double momentum = 0, double dampening = 0, bool nesterov = false,
        double weightDecay = 0, bool maximize = false)
    {
        var p = InitialValues(n);
        var buf = new double[n];
        for (int t = 1; t <= steps; t++)
            for (int i = 0; i < n; i++)
            {
                double g = Gradient(t, i);
                if (maximize) g = -g;
                if (weightDecay != 0) g += weightDecay * p[i];
                if (momentum != 0)
                {
                    buf[i] = t == 1 ? g : momentum * buf[i] + (1 - dampening) * g;
                    g = nesterov ? g + momentum * buf[i] : buf[i];
                }
                p[i] -= lr * g;
            }
        return p;
    }

    public static double[] Adam(int n, int steps, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool maximize = false, bool decoupled = false)
    {
        var p = InitialValues(n);
        var m = new double[n];
        var v = new double[n];
        var vMax = new double[n];
        for (int t = 1; t <= steps; t++)
            for (int i = 0; i < n; i++)
            {
                double g = Gradient(t, i);
                if (maximize) g = -g;
                if (decoupled) p[i] *= 1 - lr * weightDecay;
                else if (weightDecay != 0) g += weightDecay * p[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double second = v[i];
                if (amsgrad)
                {
                    vMax[i] = Math.Max(vMax[i], v[i]);
                    second = vMax[i];
                }
                double vHat = second / (1 - Math.Pow(beta2, t));
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        return p;
    }

    public static double[] AdaGrad(int n, int steps, double lr = 0.01, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulator = 0, double eps = 1e-10, bool maximize = false)
    {
        var p = InitialValues(n);
        var sum = Enumerable.Repeat(initialAccumulator, n).ToArray();
        for (int t = 1; t <= steps; t++)
            for (int i = 0; i < n; i++)
            {
                double g = Gradient(t, i);
                if (maximize) g = -g;
                if (weightDecay != 0) g += weightDecay * p[i];
                double clr = lr / (1 + (t - 1) * lrDecay);
                sum[i] += g * g;
                p[i] -= clr * g / (Math.Sqrt(sum[i]) + eps);
            }
        return p;
    }

    public static double[] RmsProp(int n, int steps, double lr = 0.01, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0,
        double momentum = 0, bool centered = false, bool maximize = false)
    {
        var p = InitialValues(n);
        var sq = new double[n];
        var gAvg = new double[n];
        var buf = new double[n];
        for (int t = 1; t <= steps; t++)
            for (int i = 0; i < n; i++)
            {
                double g = Gradient(t, i);
                if (maximize) g = -g;
                if (weightDecay != 0) g += weightDecay * p[i];
                sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
                double denomSquared = sq[i];
                if (centered)
                {
                    gAvg[i] = alpha * gAvg[i] + (1 - alpha) * g;
                    denomSquared -= gAvg[i] * gAvg[i];
                }
                double denom = Math.Sqrt(denomSquared) + eps;
                if (momentum > 0)
                {
                    buf[i] = momentum * buf[i] + g / denom;
                    p[i] -= lr * buf[i];
                }
                else
                {
                    p[i] -= lr * g / denom;
                }
            }
        return p;
    }

    public static double[] Adadelta(int n, int steps, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0,
        bool maximize = false)
    {
        var p = InitialValues(n);
        var sq = new double[n];
        var acc = new double[n];
        for (int t = 1; t <= steps; t++)
            for (int i = 0; i < n; i++)
            {
                double g = Gradient(t, i);
                if (maximize) g = -g;
                if (weightDecay != 0) g += weightDecay * p[i];
                sq[i] = rho * sq[i] + (1 - rho) * g * g;
                double delta = Math.Sqrt(acc[i] + eps) / Math.Sqrt(sq[i] + eps) * g;
                acc[i] = rho * acc[i] + (1 - rho) * delta * delta;
                p[i] -= lr * delta;
            }
        return p;
    }

    public static double[] Adamax(int n, int steps, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool maximize = false)
    {
        var p = InitialValues(n);
        var m = new double[n];
        var u = new double[n];
        for (int t = 1; t <= steps; t++)
            for (int i = 0; i < n; i++)
            {
                double g = Gradient(t, i);
                if (maximize) g = -g;
                if (weightDecay != 0) g += weightDecay * p[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                u[i] = Math.Max(beta2 * u[i], Math.Abs(g) + eps);
                p[i] -= lr / (1 - Math.Pow(beta1, t)) * m[i] / u[i];
            }
        return p;
    }

    /// <summary>NAdam as in PyTorch 2.x's documentation (μ-product of the current step times μₜ₊₁ in the last term).</summary>
    public static double[] NAdam(int n, int steps, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, double momentumDecay = 4e-3, bool maximize = false)
    {
        var p = InitialValues(n);
        var m = new double[n];
        var v = new double[n];
        double muProduct = 1;
        for (int t = 1; t <= steps; t++)
        {
            double mu = beta1 * (1 - 0.5 * Math.Pow(0.96, t * momentumDecay));
            double muNext = beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * momentumDecay));
            muProduct *= mu;
            for (int i = 0; i < n; i++)
            {
                double g = Gradient(t, i);
                if (maximize) g = -g;
                if (weightDecay != 0) g += weightDecay * p[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double vHat = v[i] / (1 - Math.Pow(beta2, t));
                double mHat = muNext * m[i] / (1 - muProduct * muNext) + (1 - mu) * g / (1 - muProduct);
                p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }
        return p;
    }
}
