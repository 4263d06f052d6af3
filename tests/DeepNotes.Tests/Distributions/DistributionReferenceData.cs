namespace DeepNotes.Tests.Distributions;

/// <summary>torch 1.13 values printed by reference/distributions_reference.py (float64); regenerate with /usr/bin/python3 there.</summary>
internal static class Ref
{
    // ---- special functions ----
    public static readonly double[] SpecialX = [0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 9.99, 10.0, 25.5, 150.0, -0.5, -2.3, -7.9];
    public static readonly double[] Lgamma = [6.907178885383853, 2.252712651734206, 0.5723649429247001, 0.0, -0.12078223763524522, 0.0, 1.428072326665388, 12.779315214350193, 12.801827480081469, 56.389167643719944, 600.0094705553274, 1.2655121234846454, 0.36956666345500805, -8.072039736012833];
    public static readonly double[] Digamma = [-1000.5755719318104, -10.423754940411076, -1.9635100260214229, -0.5772156649015328, 0.036489973978576194, 0.422784335098467, 1.1671535393615111, 2.2507003728312007, 2.251752589066721, 3.2189424728839198, 5.007298257075679, 0.03648997397857639, 3.317323157561823, -7.540007224419483];
    public static readonly double[] Trigamma = [1000001.6425331949, 101.43329914989455, 4.934802202073678, 1.6449340676383375, 0.9348022009716718, 0.6449340670881899, 0.3100378577128614, 0.1052769501487253, 0.10516633568216657, 0.03999466964956401, 0.006688938271165995, 8.934802200117687, 14.72591216089887, 103.23693140003834];
    public static readonly double[] TrigammaExact = [1000001.6425331958, 101.43329915079275, 4.934802200544679, 1.6449340668482264, 0.9348022005446793, 0.6449340668482264, 0.3100378576700383, 0.10527695014824179, 0.10516633568168575, 0.03999466964956292, 0.006688938271165994, 8.934802200544679, 14.725912160961292, 103.23693140003948];
    // ---- creation ----
    public static readonly double[] Linspace_m1_2_7 = [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0];
    public static readonly double[] Linspace_0_1_5_f32 = [0.0, 0.25, 0.5, 0.75, 1.0];
    public static readonly double[] Linspace_3_m4_6 = [3.0, 1.6, 0.20000000000000018, -1.2000000000000002, -2.6, -4.0];
    public static readonly double[] Logspace_m2_2_5 = [0.01, 0.1, 1.0, 10.0, 100.0];
    public static readonly double[] Logspace_0_3_4_b2 = [1.0, 2.0, 4.0, 8.0];
    public static readonly double[] TrilIndices_4_3_m1 = [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 0.0, 0.0, 1.0, 0.0, 1.0, 2.0];
    public static readonly double[] TrilIndices_3_4_1 = [0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 0.0, 1.0, 0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 3.0];
    public static readonly double[] TriuIndices_3_5_1 = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 1.0, 2.0, 3.0, 4.0, 2.0, 3.0, 4.0, 3.0, 4.0];
    public static readonly double[] TriuIndices_4_3_m2 = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 1.0, 2.0];
    // ---- Normal: loc [2,1], scale [3], value [2,3] ----
    public static readonly double[] NormalLogProb = [-0.7255288953883893, -2.713292530201726, -19.770521284434295, -0.6030799157965525, -1.824403641312837, 0.2711453822323746];
    public static readonly double[] NormalEntropy = [1.0622635892659402, 1.824403641312837, 0.21496572887873655, 1.0622635892659402, 1.824403641312837, 0.21496572887873655];
    public static readonly double[] NormalMean = [0.5, 0.5, 0.5, -1.2, -1.2, -1.2];
    public static readonly double[] NormalVariance = [0.48999999999999994, 2.25, 0.09, 0.48999999999999994, 2.25, 0.09];
    public static readonly double[] NormalStddev = [0.7, 1.5, 0.3, 0.7, 1.5, 0.3];
    public static readonly double[] NormalLogProbGradLoc = [19.183673469387756, 0.519274376417233];
    public static readonly double[] NormalLogProbGradScale = [-2.2740524781341107, 1.1851851851851851, 127.1296296296296];
    public static readonly double[] NormalLogProbGradValue = [0.8163265306122451, 1.1111111111111112, -21.11111111111111, -0.40816326530612246, -0.6666666666666666, 0.555555555555556];
    // ---- Bernoulli ----
    public static readonly double[] BernoulliProbs = [0.1, 0.5, 0.9, 0.0, 1.0, 0.3];
    public static readonly double[] BernoulliValue = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
    public static readonly double[] BernoulliProbsLogProb = [-2.3025850929940455, -0.6931471805599453, -0.10536051565782635, -2.2204460492503128e-16, -2.2204460492503128e-16, -0.3566749439387322];
    public static readonly double[] BernoulliProbsEntropy = [0.3250829733914482, 0.6931471805599453, 0.32508297339144826, 2.2204460492503128e-16, 2.2204460492503128e-16, 0.6108643020548934];
    public static readonly double[] BernoulliProbsLogits = [-2.197224577336219, 0.0, 2.1972245773362196, -36.04365338911715, 36.04365338911715, -0.8472978603872038];
    public static readonly double[] BernoulliProbsVariance = [0.09000000000000001, 0.25, 0.08999999999999998, 0.0, 0.0, 0.21];
    public static readonly double[] BernoulliLogits = [-2.0, 0.3, 4.0, -30.0, 25.0, 0.0];
    public static readonly double[] BernoulliLogitsLogProb = [-2.1269280110429727, -0.854355244468527, -0.01814992791780978, -9.348077867343381e-14, -1.388800185954457e-11, -0.6931471805599453];
    public static readonly double[] BernoulliLogitsEntropy = [0.3653338550872077, 0.6820224894250293, 0.09009476776617598, 2.9001245849258295e-12, 3.610880483505698e-10, 0.6931471805599453];
    public static readonly double[] BernoulliLogitsProbs = [0.11920292202211755, 0.574442516811659, 0.9820137900379085, 9.357622968839299e-14, 0.999999999986112, 0.5];
    public static readonly double[] BernoulliLogitsLogProbGrad = [0.8807970779778824, -0.574442516811659, 0.01798620996209155, -9.357622968839299e-14, 1.3888001859641008e-11, -0.5];
    // ---- Categorical: probs [2,3] (unnormalised, a zero), logits [2,3] ----
    public static readonly double[] CategoricalProbs = [0.2, 0.3, 0.5, 1.0, 2.0, 0.0];
    public static readonly double[] CategoricalValue = [0.0, 2.0, 1.0, 0.0, 2.0, 1.0];
    public static readonly double[] CategoricalProbsLogProb = [-1.6094379124341003, -36.04365338911715, -1.2039728043259361, -1.0986122886681098, -0.6931471805599453, -0.40546510810816444];
    public static readonly double[] CategoricalProbsEntropy = [1.0296530140645737, 0.6365141682948128];
    public static readonly double[] CategoricalProbsLogits = [-1.6094379124341003, -1.2039728043259361, -0.6931471805599453, -1.0986122886681098, -0.40546510810816444, -36.04365338911715];
    public static readonly double[] CategoricalLogits = [0.1, -1.0, 2.0, 3.0, 0.0, 0.5];
    public static readonly double[] CategoricalLogitsLogProb = [-2.081784485589113, -2.6238729583693674, -3.1817844855891133, -0.1238729583693674, -0.1817844855891133, -3.1238729583693674];
    public static readonly double[] CategoricalLogitsEntropy = [0.5432632246423977, 0.4371360134474104];
    public static readonly double[] CategoricalLogitsProbs = [0.12470747483018808, 0.04151151229197569, 0.8337810128778363, 0.8834920740271945, 0.043986480292057845, 0.07252144568074775];
    public static readonly double[] CategoricalLogitsLogProbGrad = [0.6258775755094357, 0.8754654631240729, -1.5013430386335092, -1.6504762220815836, 0.8680405591238265, 0.7824356629577567];
    // ---- Uniform ----
    public static readonly double[] UniformLow = [0.0, -1.0, 2.0];
    public static readonly double[] UniformHigh = [1.0, 3.0, 2.5];
    public static readonly double[] UniformValue = [0.5, 2.0, 2.1];
    public static readonly double[] UniformLogProb = [0.0, -1.3862943611198906, 0.6931471805599453];
    public static readonly double[] UniformEntropy = [0.0, 1.3862943611198906, -0.6931471805599453];
    public static readonly double[] UniformMean = [0.5, 1.0, 2.25];
    public static readonly double[] UniformVariance = [0.08333333333333333, 1.3333333333333333, 0.020833333333333332];
    public static readonly double[] UniformStddev = [0.2886751345948129, 1.1547005383792517, 0.14433756729740646];
    public static readonly double[] UniformLogProbGradLow = [1.0, 0.25, 2.0];
    public static readonly double[] UniformLogProbGradHigh = [-1.0, -0.25, -2.0];
    // ---- Beta ----
    public static readonly double[] BetaA = [0.5, 2.0, 3.5, 1.0];
    public static readonly double[] BetaB = [0.7, 1.5, 10.0, 3.0];
    public static readonly double[] BetaValue = [0.2, 0.6, 0.05, 0.0];
    public static readonly double[] BetaLogProb = [-0.04694425784836931, 0.3527848502792512, -0.693695259556776, double.NaN];
    public static readonly double[] BetaEntropy = [-0.1979238823866587, -0.10805020110220986, -0.7811899873682648, -0.43194562200144304];
    public static readonly double[] BetaMean = [0.4166666666666667, 0.5714285714285714, 0.25925925925925924, 0.25];
    public static readonly double[] BetaVariance = [0.11047979797979797, 0.05442176870748299, 0.013244406603282721, 0.0375];
    public static readonly double[] BetaLogProbGradA = [0.06503221699513406, 0.16954668178078536, -1.533693262924322, double.NaN];
    public static readonly double[] BetaLogProbGradB = [0.7078401057915366, 0.15037593479251188, 0.26214976782064037, 0.0];
    public static readonly double[] BetaLogProbGradValue = [-2.125, 0.41666666666666674, 40.526315789473685, double.NaN];
    public static readonly double[] BetaEntropyGradA = [1.4534993362061321, -0.1493974328604315, 0.05828569253948834, 0.5676459115394306];
    public static readonly double[] BetaEntropyGradB = [-0.16368701747211456, 0.028135533741922625, -0.0623169382204134, -0.22222222232446098];
    // ---- MultivariateNormal ----
    public static readonly double[] MvnLoc = [1.0, -1.0, 0.5];
    public static readonly double[] MvnCov = [2.0, 0.3, 0.1, 0.3, 1.0, 0.2, 0.1, 0.2, 0.5];
    public static readonly double[] MvnValue = [0.5, 0.0, 1.0, 2.0, -1.0, 0.0];
    public static readonly double[] MvnLogProb = [-3.4679873514059625, -3.2484890617822453];
    public static readonly double[] MvnEntropy = [4.191191456309041];
    public static readonly double[] MvnVariance = [2.0000000000000004, 1.0, 0.5];
    public static readonly double[] MvnScaleTril = [1.4142135623730951, 0.0, 0.0, 0.21213203435596423, 0.9772410142846032, 0.0, 0.07071067811865475, 0.18930846873576085, 0.6776151589692496];
    public static readonly double[] MvnLogProbGradLoc = [0.11402508551881413, 1.0547320410490306, -0.4446978335233752];
    public static readonly double[] MvnLogProbGradCov = [-0.2808631581958293, -0.049523551965925, -0.4143258153053649, -0.04952355196592499, -0.6348317382389693, 0.7284896291779402, -0.4143258153053648, 0.7284896291779402, -1.2963300044595902];
    public static readonly double[] MvnTril = [1.0, 0.0, 0.0, 0.5, 2.0, 0.0, -0.3, 0.2, 0.7, 0.8, 0.0, 0.0, 0.0, 1.1, 0.0, 0.4, -0.6, 1.3];
    public static readonly double[] MvnBatchLoc = [0.0, 1.0, 2.0, -1.0, 0.5, 0.0];
    public static readonly double[] MvnBatchLogProb = [-3.9499523770515577, -4.752617596904354];
    public static readonly double[] MvnBatchEntropy = [4.593287836235231, 4.391346492571625];
    public static readonly double[] MvnBatchLogProbGradTril = [-0.9308035714285714, 0.0, 0.0, -0.0822704081632653, -0.3971619897959184, 0.0, -0.739795918367347, 0.9247448979591838, 0.10386297376093334, 3.1571388347229687, 0.0, 0.0, -0.7885471172184457, -0.717927971583407, 0.0, -0.025215169445938653, 0.006112768350530582, -0.7689956627557487];
    // ---- KL ----
    public static readonly double[] KlNormal = [0.3493971805599453, 4.173206930498764];
    public static readonly double[] KlBernoulli = [0.3347952867143343, 0.3566749439387321, 0.10536051565782606, double.PositiveInfinity, double.PositiveInfinity, 0.0];
    public static readonly double[] KlCategorical = [0.18609809382700085, 0.916290731874155, double.PositiveInfinity];
    public static readonly double[] KlUniform = [1.0986122886681098, double.PositiveInfinity, double.PositiveInfinity];
    public static readonly double[] KlBeta = [0.4357603589324598, 0.4540712185820438, 0.4916072435935561];
    public static readonly double[] KlMvn = [3.6798306440190776, 2.6491608132243045];
}
