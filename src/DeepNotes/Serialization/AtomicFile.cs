using System.Security.Cryptography;

namespace DeepNotes.Serialization;

/// <summary>
/// Replaces a file all at once: the new contents go to a temporary file in the same folder, which is flushed to disk
/// and then renamed over the target. A crash, kill, full disk or exception at any point leaves either the old file or
/// the new one, never a truncated mix; on failure the temporary file is removed.
/// </summary>
/// <remarks>
/// The rename is <see cref="File.Move(string, string, bool)"/> with overwrite, an atomic <c>rename(2)</c> on the same
/// volume on Linux and macOS and <c>MoveFileEx(MOVEFILE_REPLACE_EXISTING)</c> on Windows. The temporary file is named
/// <c>.{name}.{random}.tmp</c> next to the target, so it is on the same volume; a process killed mid-write leaves such a
/// file behind (it never replaces the target) and it may be deleted.
/// </remarks>
internal static class AtomicFile
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Writes the file at <paramref name="path"/> with <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole contents to the stream it is given (a new empty file).</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' does not name a file.", nameof(path));
        if (Directory.Exists(full)) throw new IOException($"Cannot write '{full}': it is a directory.");
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // best effort: the original exception is what the caller needs to see
            }
            throw;
        }
    }
}
