namespace DeepNotes.Ops;

/// <summary>
/// <c>torch.einsum</c>: Einstein summation over any number of operands. Subscripts are letters (a–z, A–Z) with at
/// most one ellipsis (<c>...</c>) per operand standing for broadcast dimensions; a repeated letter within an operand
/// takes a diagonal; without <c>-&gt;</c> the output is the ellipsis followed by the letters used once, in alphabetical
/// order (upper case first). Evaluation: per operand, diagonals (Diagonal views) and sums over letters used nowhere
/// else; then operands are contracted left to right, each pair as one batched MatMul after a Permute/Reshape into
/// [batch, rows, inner] · [batch, inner, columns] (a View where strides allow, so transposed operands reach GEMM as
/// flags, else a Reshape copy); size-1 dimensions broadcast. The gradient comes from the composed
/// ops (Diagonal, Sum, Expand, Permute, Reshape, MatMul).
/// </summary>
internal static class Einsum
{
    private const int EllipsisBase = 52;

    public static Tensor Forward(string equation, IReadOnlyList<Tensor> operands)
    {
        ArgumentNullException.ThrowIfNull(equation);
        ArgumentNullException.ThrowIfNull(operands);
        if (operands.Count == 0) throw new ArgumentException("Einsum expects at least one operand.");
        for (int i = 0; i < operands.Count; i++)
        {
            operands[i].CheckFloatingPoint("Einsum");
            Tensor.CheckSameDType("Einsum", operands[0], operands[i]);
        }
        string eq = equation.Replace(" ", "", StringComparison.Ordinal);
        int arrow = eq.IndexOf("->", StringComparison.Ordinal);
        string lhs = arrow < 0 ? eq : eq[..arrow];
        string[] terms = lhs.Split(',');
        if (terms.Length != operands.Count)
            throw new ArgumentException($"Einsum: the equation \"{equation}\" names {terms.Length} operand(s) but {operands.Count} were given.");
        // letters of each operand, ellipsis dimensions as labels EllipsisBase + j (aligned from the right)
        var labels = new List<int>[operands.Count];
        int ellipsisRank = 0;
        var ellipsisDims = new int[operands.Count];
        for (int i = 0; i < terms.Length; i++)
        {
            int letters = terms[i].Count(char.IsAsciiLetter);
            bool hasEllipsis = terms[i].Contains("...", StringComparison.Ordinal);
            if (!hasEllipsis && letters != operands[i].Rank)
                throw new ArgumentException($"Einsum: the subscripts \"{terms[i]}\" of operand {i} name {letters} dimensions, but its shape is {operands[i].Shape}.");
            if (hasEllipsis && letters > operands[i].Rank)
                throw new ArgumentException($"Einsum: the subscripts \"{terms[i]}\" of operand {i} name more dimensions than its shape {operands[i].Shape} has.");
            ellipsisDims[i] = hasEllipsis ? operands[i].Rank - letters : 0;
            ellipsisRank = Math.Max(ellipsisRank, ellipsisDims[i]);
        }
        for (int i = 0; i < terms.Length; i++)
            labels[i] = ParseTerm(equation, terms[i], ellipsisDims[i], ellipsisRank, allowRepeats: true);
        List<int> output;
        if (arrow >= 0)
        {
            output = ParseTerm(equation, eq[(arrow + 2)..], ellipsisRank, ellipsisRank, allowRepeats: false);
            foreach (int l in output)
                if (l < EllipsisBase && !labels.Any(ls => ls.Contains(l)))
                    throw new ArgumentException($"Einsum: the output subscript '{Letter(l)}' of \"{equation}\" does not appear in any operand.");
        }
        else
        {
            output = Enumerable.Range(EllipsisBase, ellipsisRank).ToList();
            var counts = new int[EllipsisBase];
            foreach (var ls in labels) foreach (int l in ls) if (l < EllipsisBase) counts[l]++;
            for (int l = 0; l < EllipsisBase; l++) if (counts[l] == 1) output.Add(l);
        }
        var ops = new Tensor[operands.Count];
        for (int i = 0; i < ops.Length; i++) ops[i] = TakeDiagonals(operands[i], labels[i], i);
        // the sizes of each label must agree (or be 1, broadcast)
        var size = new Dictionary<int, int>();
        for (int i = 0; i < ops.Length; i++)
            for (int k = 0; k < labels[i].Count; k++)
            {
                int l = labels[i][k], s = ops[i].Shape.Dims[k];
                if (!size.TryGetValue(l, out int have) || have == 1) size[l] = s;
                else if (s != have && s != 1)
                    throw new ArgumentException($"Einsum: subscript {Describe(l)} has size {have} in one operand and {s} in operand {i}; the sizes must match or be 1.");
            }
        Tensor result = ops[0];
        List<int> resultLabels = labels[0];
        for (int i = 1; i < ops.Length; i++)
        {
            var keep = new HashSet<int>(output);
            for (int j = i + 1; j < ops.Length; j++) keep.UnionWith(labels[j]);
            (result, resultLabels) = Contract(result, resultLabels, ops[i], labels[i], keep, size);
        }
        (result, resultLabels) = SumOut(result, resultLabels, new HashSet<int>(output));
        // broadcast output labels of size 1 whose full size came from another operand
        var perm = output.Select(l => resultLabels.IndexOf(l)).ToArray();
        result = Permute.Forward(result, perm);
        var full = output.Select(l => size[l]).ToArray();
        return result.Shape.ToArray().SequenceEqual(full) ? result : Expand.Forward(result, full);
    }

    /// <summary>A view when the layout allows one (so MatMul sees transposed operands as such, without a copy), else a reshaped copy.</summary>
    private static Tensor Flat(Tensor t, int[] dims) =>
        t.ElementCount > 0 && ViewShape.Strides(t.Shape.ToArray(), t.StrideArray, dims) is not null
            ? ViewShape.Forward(t, dims)
            : Reshape.Forward(t, dims);

    private static List<int> ParseTerm(string equation, string term, int ellipsisDims, int ellipsisRank, bool allowRepeats)
    {
        var result = new List<int>();
        bool seenEllipsis = false;
        for (int c = 0; c < term.Length; c++)
        {
            char ch = term[c];
            if (ch == '.')
            {
                if (seenEllipsis || c + 2 >= term.Length || term[c + 1] != '.' || term[c + 2] != '.')
                    throw new ArgumentException($"Einsum: invalid ellipsis in \"{equation}\"; use at most one \"...\" per operand.");
                seenEllipsis = true;
                for (int j = 0; j < ellipsisDims; j++) result.Add(EllipsisBase + ellipsisRank - ellipsisDims + j);
                c += 2;
                continue;
            }
            int l = ch is >= 'A' and <= 'Z' ? ch - 'A' : ch is >= 'a' and <= 'z' ? ch - 'a' + 26 : -1;
            if (l < 0) throw new ArgumentException($"Einsum: invalid subscript '{ch}' in \"{equation}\"; subscripts are letters a-z, A-Z.");
            if (!allowRepeats && result.Contains(l))
                throw new ArgumentException($"Einsum: the output subscript '{ch}' appears more than once in \"{equation}\".");
            result.Add(l);
        }
        return result;
    }

    private static char Letter(int l) => l < 26 ? (char)('A' + l) : (char)('a' + l - 26);

    private static string Describe(int l) => l < EllipsisBase ? $"'{Letter(l)}'" : $"of ellipsis dimension {l - EllipsisBase}";

    /// <summary>Replaces every repeated label of one operand by its diagonal (moved last), updating <paramref name="labels"/>.</summary>
    private static Tensor TakeDiagonals(Tensor t, List<int> labels, int index)
    {
        while (true)
        {
            int first = -1, second = -1;
            for (int a = 0; a < labels.Count && first < 0; a++)
                for (int b = a + 1; b < labels.Count; b++)
                    if (labels[a] == labels[b]) { first = a; second = b; break; }
            if (first < 0) return t;
            int sa = t.Shape.Dims[first], sb = t.Shape.Dims[second];
            if (sa != sb)
                throw new ArgumentException($"Einsum: subscript {Describe(labels[first])} is repeated for operand {index} but the sizes don't match, {sa} != {sb}.");
            int l = labels[first];
            t = Diagonal.Forward(t, 0, first, second);
            labels.RemoveAt(second);
            labels.RemoveAt(first);
            labels.Add(l);
        }
    }

    /// <summary>Sums over the labels not in <paramref name="keep"/>.</summary>
    private static (Tensor, List<int>) SumOut(Tensor t, List<int> labels, HashSet<int> keep)
    {
        var axes = Enumerable.Range(0, labels.Count).Where(k => !keep.Contains(labels[k])).ToArray();
        if (axes.Length == 0) return (t, labels);
        return (Sum.Forward(t, axes, keepDim: false), labels.Where(l => keep.Contains(l)).ToList());
    }

    /// <summary>Contracts two operands as one batched MatMul, keeping the labels in <paramref name="keep"/>.</summary>
    private static (Tensor, List<int>) Contract(Tensor a, List<int> la, Tensor b, List<int> lb, HashSet<int> keep, Dictionary<int, int> size)
    {
        // labels only in one operand and needed nowhere else are summed first
        (a, la) = SumOut(a, la, new HashSet<int>(keep.Concat(lb)));
        (b, lb) = SumOut(b, lb, new HashSet<int>(keep.Concat(la)));
        var batch = la.Where(l => lb.Contains(l) && keep.Contains(l)).ToList();
        var inner = la.Where(l => lb.Contains(l) && !keep.Contains(l)).ToList();
        var rows = la.Where(l => !lb.Contains(l)).ToList();
        var cols = lb.Where(l => !la.Contains(l)).ToList();
        Tensor Arrange(Tensor t, List<int> tl, List<int> order, List<int> broadcastLabels)
        {
            t = Permute.Forward(t, order.Select(l => tl.IndexOf(l)).ToArray());
            var target = order.Select((l, k) => broadcastLabels.Contains(l) ? size[l] : t.Shape.Dims[k]).ToArray();
            return target.SequenceEqual(t.Shape.ToArray()) ? t : Expand.Forward(t, target);
        }
        var shared = batch.Concat(inner).ToList();
        Tensor pa = Arrange(a, la, batch.Concat(rows).Concat(inner).ToList(), shared);
        Tensor pb = Arrange(b, lb, batch.Concat(inner).Concat(cols).ToList(), shared);
        int Prod(List<int> ls) => ls.Aggregate(1, (p, l) => p * size[l]);
        int nb = Prod(batch), nk = Prod(inner);
        int nm = 1, nn = 1;
        for (int k = 0; k < rows.Count; k++) nm *= pa.Shape.Dims[batch.Count + k];
        for (int k = 0; k < cols.Count; k++) nn *= pb.Shape.Dims[batch.Count + inner.Count + k];
        Tensor ra = Flat(pa, [nb, nm, nk]), rb = Flat(pb, [nb, nk, nn]);
        Tensor product = (long)nb * nm * nk * nn == 0
            ? Sum.Forward(Multiply.Forward(Squeeze.Unsqueeze(ra, 3), Squeeze.Unsqueeze(rb, 1)), [2], keepDim: false) // empty: no GEMM
            : MatMul.Forward(ra, rb);
        var dims = batch.Select(l => size[l])
            .Concat(Enumerable.Range(0, rows.Count).Select(k => pa.Shape.Dims[batch.Count + k]))
            .Concat(Enumerable.Range(0, cols.Count).Select(k => pb.Shape.Dims[batch.Count + inner.Count + k])).ToArray();
        return (Reshape.Forward(product, dims), batch.Concat(rows).Concat(cols).ToList());
    }
}
