using BenchmarkDotNet.Running;
using DeepNotes;
using DeepNotes.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- <verb> [args] [--threads N]
//   gemm [n ...] [--double] [--trans NN|NT|TN|TT]  square products, one line "n<TAB>GFLOP/s" per size
//   gemm-shapes [--double]                           deep-learning shapes, "m×n×k<TAB>GFLOP/s"
//   workloads [name ...]                             training steps in the format of ../shared/bench/pytorch_workloads.py
//   ops [group ...] [filter ...] [--torch FILE]     issue-13 ops at 1M elements; side by side: benchmarks/compare_ops.py
//   linalg [filter ...]                              Linalg timings vs benchmarks/ops_reference_linalg.py
//   resample [filter ...]                            Interpolate forward / forward+backward ms vs benchmarks/layers_reference_resample.py
//   bdn [BenchmarkDotNet arguments]                  BenchmarkDotNet, e.g. bdn --filter *Gemm*
var rest = new List<string>(args);
int threadsAt = rest.IndexOf("--threads");
if (threadsAt >= 0)
{
    if (threadsAt + 1 >= rest.Count || !int.TryParse(rest[threadsAt + 1], out int threads))
    {
        Console.Error.WriteLine("--threads expects a number, e.g. --threads 2");
        return 2;
    }

    Parallelism.ThreadCount = threads;
    rest.RemoveRange(threadsAt, 2);
}

string verb = rest.Count > 0 ? rest[0] : "help";
string[] verbArgs = rest.Skip(1).ToArray();
switch (verb)
{
    case "gemm":
        GemmThroughput.Square(verbArgs);
        return 0;
    case "gemm-shapes":
        GemmThroughput.Shapes(verbArgs);
        return 0;
    case "workloads":
        return Workloads.Run(verbArgs);
    case "conv": // Conv2D GFLOP/s fwd/bwd, [--path im2col|direct|winograd]; PyTorch's: benchmarks/conv_reference.py
        ConvThroughput.Run(verbArgs);
        return 0;
    case "ops": // issue-13 ops at 1M elements by group [elementwise|reductions|indexing|shape|sampling] [args]; PyTorch's: benchmarks/ops_reference_*.py
        return OpsThroughput.Run(verbArgs);
    case "linalg": // Linalg Inv/Solve/Cholesky/Svd ms per call [name filters]; PyTorch's: benchmarks/ops_reference_linalg.py
        LinalgThroughput.Run(verbArgs);
        return 0;
    case "resample": // Interpolate/GridSample forward and forward+backward ms [name filters]; PyTorch's: benchmarks/layers_reference_resample.py
        ResampleThroughput.Run(verbArgs);
        return 0;

    case "pool3d": // issue 14: MaxUnpool2D and MaxPool3D/AvgPool3D fwd+bwd, ms; PyTorch's: benchmarks/layers_reference_unpool.py
        return Pool3DUnpoolCases.Run(verbArgs);
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(verbArgs);
        return 0;
    default:
        Console.Error.WriteLine("""
            DeepNotes benchmarks. Verbs:
              gemm [n ...] [--double] [--trans NN|NT|TN|TT] [--threads N]   square GEMM, "n<TAB>GFLOP/s"
              gemm-shapes [--double] [--threads N]                           DL shapes, "m×n×k<TAB>GFLOP/s"
              workloads [name ...] [--threads N]                             training steps, "name<TAB>X ms/step<TAB>..."
              ops [name filter ...] [--threads N]                            issue-13 ops at 1M elements, "name<TAB>ms<TAB>M/s"
              linalg [name filter ...] [--threads N]                         Inv/Solve/Cholesky/Svd, "name<TAB>ms"
              resample [name filter ...] [--threads N]                       Interpolate, "name<TAB>fwd ms<TAB>fwd+bwd ms"
              pool3d [name filter ...] [--threads N]                         MaxUnpool2D, MaxPool3D/AvgPool3D fwd+bwd, "name<TAB>ms"
              bdn [BenchmarkDotNet args]                                     e.g. bdn --filter *Gemm*
            """);
        return verb == "help" ? 0 : 2;
}
