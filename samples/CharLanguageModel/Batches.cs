using DeepNotes;

/// <summary>Fixed-length chunks of parallel text streams for truncated backpropagation through time.</summary>
internal static class Batches
{
    /// <summary>
    /// The text is cut into <paramref name="streams"/> equal contiguous streams; chunk <paramref name="k"/> is characters
    /// <c>[k·T, (k+1)·T)</c> of every stream as inputs <c>[streams, T]</c> and the characters one later as targets.
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) Chunk(int[] ids, int streams, int length, int k)
    {
        int streamLength = ids.Length / streams;
        var inputs = new int[streams * length];
        var targets = new int[streams * length];
        for (int s = 0; s < streams; s++)
        {
            int start = s * streamLength + k * length;
            Array.Copy(ids, start, inputs, s * length, length);
            Array.Copy(ids, start + 1, targets, s * length, length);
        }
        return (Tensor.FromArray(inputs, [streams, length]), Tensor.FromArray(targets, [streams, length]));
    }
}
