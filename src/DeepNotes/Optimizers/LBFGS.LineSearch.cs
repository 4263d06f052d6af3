namespace DeepNotes.Optimizers;

public sealed partial class LBFGS
{
    /// <summary>
    /// The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to the bounds (the
    /// interval between x1 and x2 when null); the bounds' midpoint when the cubic has no minimum.
    /// </summary>
    internal static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, (double Min, double Max)? bounds = null)
    {
        var (lo, hi) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square < 0) return (lo + hi) / 2;
        double d2 = Math.Sqrt(d2Square);
        double minPos = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(minPos, lo), hi);
    }

    /// <summary>
    /// A line search along <paramref name="d"/> from the parameters <paramref name="x"/> for a step t satisfying the
    /// strong Wolfe conditions (sufficient decrease c1 = 1e-4, curvature c2 = 0.9), by bracketing then zooming with
    /// cubic interpolation, at most 25 evaluations, as PyTorch's <c>_strong_wolfe</c>. Leaves the parameters at x.
    /// </summary>
    private (double Loss, double[] Grad, double T, int Evals) StrongWolfe(Func<Tensor> closure, double[][] x, double t, double[] d,
        double f, double[] g, double gtd)
    {
        const double c1 = 1e-4, c2 = 0.9;
        const int maxLs = 25;
        double tolChange = ToleranceChange;
        double dNorm = MaxAbs(d);
        var (fNew, gNew) = DirectionalEvaluate(closure, x, t, d);
        int evals = 1;
        double gtdNew = Dot(gNew, d);

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        double[] gPrev = g;
        bool done = false;
        int lsIter = 0;
        double[] bracket = [], bracketF = [], bracketGtd = [];
        double[][] bracketG = [];
        while (lsIter < maxLs)
        {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev))
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }
            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                (bracket, bracketF, bracketG) = ([t], [fNew], [gNew]);
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
            (tPrev, fPrev, gPrev, gtdPrev) = (tmp, fNew, gNew, gtdNew);
            (fNew, gNew) = DirectionalEvaluate(closure, x, t, d);
            evals++;
            gtdNew = Dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs)
            (bracket, bracketF, bracketG) = ([0, t], [f, fNew], [g, gNew]);

        // Zoom: shrink the bracket until a point satisfies the strong Wolfe conditions.
        bool insufficientProgress = false;
        int low = bracketF[0] <= bracketF[^1] ? 0 : 1, high = 1 - low;
        while (!done && lsIter < maxLs)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < tolChange) break;
            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            double bMax = Math.Max(bracket[0], bracket[1]), bMin = Math.Min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.Min(bMax - t, t - bMin) < eps)
            {
                if (insufficientProgress || t >= bMax || t <= bMin)
                {
                    t = Math.Abs(t - bMax) < Math.Abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }
            (fNew, gNew) = DirectionalEvaluate(closure, x, t, d);
            evals++;
            gtdNew = Dot(gNew, d);
            lsIter++;
            if (fNew > f + c1 * t * gtd || fNew >= bracketF[low])
            {
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew, gtdNew);
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd)
                {
                    done = true;
                }
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                {
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]);
                }
                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew, gtdNew);
            }
        }
        return (bracketF[low], bracketG[low], bracket[low], evals);
    }
}
