namespace DeepNotes.Tests.Convolution;

/// <summary>Independent scalar double references: the convolution sum written out as nested loops.</summary>
internal static class ConvNaive
{
    /// <summary>y[n,k,oy,ox] = b[k] + Σ x[n, g·Cg + c, oy·S − P + kh·D, ox·S − P + kw·D] · w[k, c, kh, kw].</summary>
    public static double[] Conv2D(double[] x, int[] xs, double[] w, int[] ws, double[]? b, int sh, int sw, int pt, int pl,
        int dh, int dw, int groups, int oh, int ow)
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], k = ws[0], cg = ws[1], kh = ws[2], kw = ws[3], kg = k / groups;
        var y = new double[n * k * oh * ow];
        for (int b0 = 0; b0 < n; b0++)
            for (int o = 0; o < k; o++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        double acc = b?[o] ?? 0;
                        int grp = o / kg;
                        for (int ci = 0; ci < cg; ci++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++)
                                {
                                    int iy = oy * sh - pt + i * dh, ix = ox * sw - pl + j * dw;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    acc += x[((b0 * c + grp * cg + ci) * h + iy) * wd + ix] * w[((o * cg + ci) * kh + i) * kw + j];
                                }
                        y[((b0 * k + o) * oh + oy) * ow + ox] = acc;
                    }
        return y;
    }

    /// <summary>Transposed convolution as a scatter: every input pixel adds x·w[c, k, kh, kw] at oy = iy·S − P + kh·D.</summary>
    public static double[] ConvTranspose2D(double[] x, int[] xs, double[] w, int[] ws, double[]? b, int sh, int sw, int ph, int pw,
        int dh, int dw, int groups, int oh, int ow)
    {
        int n = xs[0], cin = xs[1], h = xs[2], wd = xs[3], kgOut = ws[1], kh = ws[2], kw = ws[3];
        int cout = kgOut * groups, cinG = cin / groups;
        var y = new double[n * cout * oh * ow];
        for (int b0 = 0; b0 < n; b0++)
        {
            for (int o = 0; o < cout; o++)
                for (int p = 0; p < oh * ow; p++) y[(b0 * cout + o) * oh * ow + p] = b?[o] ?? 0;
            for (int ci = 0; ci < cin; ci++)
            {
                int grp = ci / cinG;
                for (int iy = 0; iy < h; iy++)
                    for (int ix = 0; ix < wd; ix++)
                        for (int ko = 0; ko < kgOut; ko++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++)
                                {
                                    int oy = iy * sh - ph + i * dh, ox = ix * sw - pw + j * dw;
                                    if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                                    int o = grp * kgOut + ko;
                                    y[((b0 * cout + o) * oh + oy) * ow + ox] += x[((b0 * cin + ci) * h + iy) * wd + ix] * w[((ci * kgOut + ko) * kh + i) * kw + j];
                                }
            }
        }
        return y;
    }
}
