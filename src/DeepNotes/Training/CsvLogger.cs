using System.Globalization;
using System.Text;

namespace DeepNotes.Training;

/// <summary>
/// Writes one CSV row per epoch, like Keras' <c>CSVLogger</c>: a header <c>epoch,loss,…</c> taken from the first
/// epoch's logs, then the epoch (from 0) and every log value, formatted with the invariant culture (round-trip
/// precision, <c>NaN</c>, <c>Infinity</c>). Each row is flushed as it is written, so a crashed run keeps its rows.
/// </summary>
/// <remarks>A value missing from a later epoch is written as an empty field; a key not in the header is not written.
/// A writer passed in is left open; a file opened from a path is closed when training ends (or on <see cref="Dispose"/>).</remarks>
public sealed class CsvLogger : Callback, IDisposable
{
    private readonly string? _path;
    private readonly bool _append;
    private TextWriter? _writer;
    private string[]? _columns;
    private bool _headerDone;

    /// <summary>Logs to the file at <paramref name="path"/> (UTF-8, no BOM), created or truncated at the start of training unless <paramref name="append"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="append">Append to an existing file; the header is written only if the file is empty or new.</param>
    public CsvLogger(string path, char separator = ',', bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _append = append;
        Separator = separator;
    }

    /// <summary>Logs to <paramref name="writer"/>, which stays open.</summary>
    public CsvLogger(TextWriter writer, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        Separator = separator;
    }

    /// <summary>The field separator.</summary>
    public char Separator { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _columns = null;
        _headerDone = false;
        if (_path is null) return;
        _writer?.Dispose();
        bool hasContent = _append && File.Exists(_path) && new FileInfo(_path).Length > 0;
        _writer = new StreamWriter(_path, _append, new UTF8Encoding(false));
        _headerDone = hasContent;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs)
    {
        var writer = _writer ?? throw new ObjectDisposedException(nameof(CsvLogger));
        _columns ??= [.. logs.Keys];
        var line = new StringBuilder();
        if (!_headerDone)
        {
            line.Append("epoch");
            foreach (var c in _columns) line.Append(Separator).Append(Quote(c));
            writer.WriteLine(line.ToString());
            line.Clear();
            _headerDone = true;
        }
        line.Append(epoch.ToString(CultureInfo.InvariantCulture));
        foreach (var c in _columns)
        {
            line.Append(Separator);
            if (logs.TryGetValue(c, out double v)) line.Append(v.ToString("R", CultureInfo.InvariantCulture));
        }
        writer.WriteLine(line.ToString());
        writer.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(History history)
    {
        if (_path is not null) Dispose();
    }

    /// <summary>Closes the file opened from a path (a writer passed in is left open).</summary>
    public void Dispose()
    {
        if (_path is null) return;
        _writer?.Dispose();
        _writer = null;
    }

    private string Quote(string field) =>
        field.Contains(Separator) || field.Contains('"') || field.Contains('\n') || field.Contains('\r')
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
