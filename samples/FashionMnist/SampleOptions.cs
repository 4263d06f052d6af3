using System.Globalization;

/// <summary>Command-line options of the sample.</summary>
internal sealed record SampleOptions
{
    public string Model { get; init; } = "mlp";
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public ulong Seed { get; init; } = 1;
    public string? DataFolder { get; init; }
    public bool Subset { get; init; }
    public int? Threads { get; init; }
    public string? SavePath { get; init; }

    /// <summary>Parses the arguments; prints the problem and returns null on a bad one.</summary>
    public static SampleOptions? Parse(string[] args)
    {
        var o = new SampleOptions();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                o = args[i] switch
                {
                    "--model" => o with { Model = Value() },
                    "--epochs" => o with { Epochs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--batch-size" => o with { BatchSize = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--lr" => o with { LearningRate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--seed" => o with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--data" => o with { DataFolder = Value() },
                    "--subset" => o with { Subset = true },
                    "--threads" => o with { Threads = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--save" => o with { SavePath = Value() },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            if (!Models.Names.Contains(o.Model)) throw new FormatException($"unknown model '{o.Model}' (expected {string.Join(", ", Models.Names)})");
            if (o.Epochs < 1 || o.BatchSize < 1) throw new FormatException("--epochs and --batch-size must be positive");
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"FashionMnist: {e.Message}");
            Console.Error.WriteLine("usage: [--model mlp] [--epochs 10] [--batch-size 64] [--lr 0.001] [--seed 1] [--data FOLDER] [--subset] [--threads N] [--save PATH]");
            return null;
        }
        return o;
    }
}
