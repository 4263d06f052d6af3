namespace DeepNotes;

/// <summary>
/// The indefinite article for names used in messages, so that they read "an Int32 input" and "a Float32 input".
/// </summary>
internal static class Articles
{
    /// <summary>"an Int32", "a Float32", "a Float64", "a Bool".</summary>
    public static string WithArticle(this DType dtype) => WithArticle(dtype.ToString());

    /// <summary>
    /// <paramref name="word"/> after "an" when it starts with a vowel letter (<c>an Int32[]</c>, <c>an Adam</c>), else
    /// after "a" (<c>a Byte[]</c>). Our names are type and dtype names, for which the first letter decides.
    /// </summary>
    public static string WithArticle(string word) =>
        (word.Length > 0 && "AEIOUaeiou".Contains(word[0]) ? "an " : "a ") + word;
}
