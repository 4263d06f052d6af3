using System.Globalization;

/// <summary>Command-line options of the sample (see README.md).</summary>
internal sealed record Options
{
    public int Epochs { get; init; } = 6;
    public int? Steps { get; init; }
    public int BatchSize { get; init; } = 32;
    public int SequenceLength { get; init; } = 64;
    public int EmbeddingDim { get; init; } = 64;
    public int Hidden { get; init; } = 256;
    public int Layers { get; init; } = 2;
    public double Dropout { get; init; } = 0.1;
    public double LearningRate { get; init; } = 3e-3;
    public double ClipNorm { get; init; } = 1.0;
    public double Temperature { get; init; } = 0.7;
    public int GenerateLength { get; init; } = 600;
    public string Prompt { get; init; } = "Anne ";
    public ulong Seed { get; init; } = 1;
    public int? Threads { get; init; }
    public string? DataPath { get; init; }

    /// <summary>Parses the arguments; prints the problem and returns null on a bad one.</summary>
    public static Options? Parse(string[] args)
    {
        var o = new Options();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
                double Real() => double.Parse(Value(), CultureInfo.InvariantCulture);
                o = args[i] switch
                {
                    "--epochs" => o with { Epochs = Int() },
                    "--steps" => o with { Steps = Int() },
                    "--batch-size" => o with { BatchSize = Int() },
                    "--seq-len" => o with { SequenceLength = Int() },
                    "--embedding" => o with { EmbeddingDim = Int() },
                    "--hidden" => o with { Hidden = Int() },
                    "--layers" => o with { Layers = Int() },
                    "--dropout" => o with { Dropout = Real() },
                    "--lr" => o with { LearningRate = Real() },
                    "--clip" => o with { ClipNorm = Real() },
                    "--temperature" => o with { Temperature = Real() },
                    "--generate" => o with { GenerateLength = Int() },
                    "--prompt" => o with { Prompt = Value() },
                    "--seed" => o with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--threads" => o with { Threads = Int() },
                    "--data" => o with { DataPath = Value() },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            if (o.Epochs < 1 || o.BatchSize < 1 || o.SequenceLength < 1 || o.Hidden < 1 || o.Layers < 1 || o.Steps is < 1)
                throw new FormatException("--epochs, --steps, --batch-size, --seq-len, --hidden and --layers must be positive");
            if (o.Temperature <= 0) throw new FormatException("--temperature must be positive");
            return o;
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine("usage: CharLanguageModel [--steps N] [--epochs N] [--batch-size N] [--seq-len N] [--hidden N] [--layers N] " +
                "[--embedding N] [--dropout P] [--lr X] [--clip X] [--temperature T] [--generate N] [--prompt TEXT] [--seed N] [--threads N] [--data FILE]");
            return null;
        }
    }
}
