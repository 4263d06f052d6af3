using System.Globalization;
using System.Text;

namespace DeepNotes.Training;

/// <summary>
/// An opt-in Keras-like progress bar for <see cref="Trainer.Fit"/>, rendered to a <see cref="TextWriter"/>
/// (default <see cref="Console.Out"/>):
/// <code>
/// Epoch 3/10
///  45/100 [=============&gt;................] - ETA: 1.2s - loss: 0.4312 - accuracy: 0.8421 - 5,321 samples/s
/// 100/100 [==============================] - 2.3s 23ms/step - loss: 0.4012 - accuracy: 0.8533 - val_loss: 0.4410 - lr: 1.0000e-03
/// </code>
/// Batch lines overwrite each other with a carriage return; each epoch ends with one full line. The library writes to
/// the console only through this class, when the user passes it as the progress sink.
/// </summary>
/// <remarks>
/// Pass it directly as <c>progress:</c> — it renders synchronously, inline with training. Wrapping it in
/// <see cref="Progress{T}"/> would post reports to another thread, where they can arrive late and out of order.
/// </remarks>
public sealed class ConsoleProgressBar : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly object _gate = new();
    private TimeSpan? _lastRender;
    private int _lastLength;

    /// <summary>Creates a bar.</summary>
    /// <param name="writer">Where to render (default <see cref="Console.Out"/>).</param>
    /// <param name="width">Characters between the brackets (≥ 1).</param>
    /// <param name="overwrite">Redraw batch lines in place with <c>\r</c>; false writes only the per-epoch lines
    /// (for logs and redirected output, Keras' <c>verbose=2</c>).</param>
    /// <param name="minInterval">The least time between two batch redraws (default 50 ms); the last batch always draws.</param>
    public ConsoleProgressBar(TextWriter? writer = null, int width = 30, bool overwrite = true, TimeSpan? minInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _writer = writer ?? Console.Out;
        Width = width;
        Overwrite = overwrite;
        MinInterval = minInterval ?? TimeSpan.FromMilliseconds(50);
    }

    /// <summary>Characters between the brackets.</summary>
    public int Width { get; }

    /// <summary>Whether batch lines are redrawn in place.</summary>
    public bool Overwrite { get; }

    /// <summary>The least time between two batch redraws.</summary>
    public TimeSpan MinInterval { get; }

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (value.IsEpochEnd) { RenderEpochEnd(value); return; }
            if (value.Batch == 1)
            {
                _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {value.Epoch}/{value.Epochs}"));
                _lastRender = null;
                _lastLength = 0;
            }
            if (!Overwrite) return;
            if (value.Batch != value.Batches && _lastRender is { } last && value.Elapsed - last < MinInterval) return;
            _lastRender = value.Elapsed;
            var line = new StringBuilder();
            AppendBar(line, value);
            line.Append(" - ETA: ").Append(FormatTime(value.Eta));
            line.Append(" - loss: ").Append(FormatValue(value.Loss));
            foreach (var (k, v) in value.Metrics) line.Append(" - ").Append(k).Append(": ").Append(FormatValue(v));
            line.Append(" - ").Append(value.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture)).Append(" samples/s");
            Write("\r" + Pad(line.ToString()));
            _writer.Flush();
        }
    }

    private void RenderEpochEnd(TrainingProgress value)
    {
        var line = new StringBuilder();
        AppendBar(line, value);
        double stepSeconds = value.Batch == 0 ? 0 : value.Elapsed.TotalSeconds / value.Batch;
        line.Append(" - ").Append(FormatTime(value.Elapsed)).Append(' ')
            .Append(stepSeconds >= 1 ? FormatTime(TimeSpan.FromSeconds(stepSeconds)) : (stepSeconds * 1000).ToString("0", CultureInfo.InvariantCulture) + "ms")
            .Append("/step");
        foreach (var (k, v) in value.EpochLogs!) line.Append(" - ").Append(k).Append(": ").Append(FormatValue(v));
        Write((Overwrite && _lastLength > 0 ? "\r" : "") + Pad(line.ToString()));
        _writer.WriteLine();
        _writer.Flush();
        _lastLength = 0;
    }

    private void AppendBar(StringBuilder line, TrainingProgress value)
    {
        string total = value.Batches.ToString(CultureInfo.InvariantCulture);
        line.Append(value.Batch.ToString(CultureInfo.InvariantCulture).PadLeft(total.Length)).Append('/').Append(total).Append(" [");
        int done = value.Batches == 0 ? Width : (int)((long)Width * value.Batch / value.Batches);
        if (done >= Width) line.Append('=', Width);
        else line.Append('=', Math.Max(done - 1, 0)).Append(done > 0 ? ">" : "").Append('.', Width - Math.Max(done, 0));
        line.Append(']');
    }

    private void Write(string text) => _writer.Write(text);

    private string Pad(string line)
    {
        string padded = Overwrite && line.Length < _lastLength ? line.PadRight(_lastLength) : line;
        _lastLength = line.Length;
        return padded;
    }

    /// <summary>Keras' formatting: 4 decimals, or scientific notation for magnitudes below 1e-3.</summary>
    internal static string FormatValue(double v) =>
        v != 0 && Math.Abs(v) < 1e-3 ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture) : v.ToString("0.0000", CultureInfo.InvariantCulture);

    internal static string FormatTime(TimeSpan t)
    {
        double s = t.TotalSeconds;
        if (s >= 3600) return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}");
        if (s >= 60) return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}:{t.Seconds:00}");
        return s.ToString(s >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture) + "s";
    }
}
