using System.Globalization;
using DeepNotes.FaultChild;
using DeepNotes.Serialization;

// Usage:
//   save-module <path> <seed> <megabytes>      prints "saving", saves the model, prints "saved", then waits to be killed
//   save-checkpoint <path> <seed> <megabytes>  the same with a checkpoint (model + Adam state)
//   resume-save <path> <steps>                 trains the resume scenario for <steps> steps, saves a checkpoint, exits
static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

switch (args.Length > 0 ? args[0] : "")
{
    case "save-module" when args.Length == 4:
    {
        var model = FaultScenarios.BigModel(Int(args[2]), Int(args[3]));
        Console.WriteLine("saving");
        model.Save(args[1]);
        Console.WriteLine("saved");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
    case "save-checkpoint" when args.Length == 4:
    {
        var model = FaultScenarios.BigModel(Int(args[2]), Int(args[3]));
        var adam = FaultScenarios.SteppedAdam(model);
        Console.WriteLine("saving");
        Checkpoint.Save(args[1], model, adam, epoch: Int(args[2]));
        Console.WriteLine("saved");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
    case "resume-save" when args.Length == 3:
    {
        var run = FaultScenarios.NewResumeRun();
        int steps = Int(args[2]);
        FaultScenarios.Train(run, 0, steps);
        FaultScenarios.SaveResume(args[1], run, steps);
        Console.WriteLine("saved");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: save-module|save-checkpoint <path> <seed> <megabytes> | resume-save <path> <steps>");
        return 2;
}
