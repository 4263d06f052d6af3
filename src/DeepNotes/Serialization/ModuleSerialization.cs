using DeepNotes.Layers;

namespace DeepNotes.Serialization;

/// <summary>Saves and loads a module's state dict as safetensors: <c>model.Save("model.safetensors")</c>.</summary>
public static class ModuleSerialization
{
    /// <summary>Writes the module's <see cref="Module.StateDict"/> (PyTorch's names) to a safetensors file.</summary>
    /// <param name="module">The module.</param>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> entries.</param>
    public static void Save(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        SafeTensors.Save(path, module.StateDict(), metadata);
    }

    /// <summary>Writes the module's state dict to a stream as safetensors.</summary>
    /// <param name="module">The module.</param>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> entries.</param>
    public static void Save(this Module module, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        SafeTensors.Save(stream, module.StateDict(), metadata);
    }

    /// <summary>Loads a safetensors file (e.g. written by PyTorch) into the module's parameters and buffers in place.</summary>
    /// <param name="module">The module, of the same architecture as the one saved.</param>
    /// <param name="path">The file.</param>
    /// <param name="strict">Whether missing and unexpected keys are errors (see <see cref="Module.LoadStateDict"/>).</param>
    /// <returns>The missing and unexpected keys.</returns>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    /// <exception cref="ArgumentException">Keys or shapes do not match the module.</exception>
    public static StateDictLoadResult Load(this Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.LoadStateDict(SafeTensors.Load(path), strict);
    }

    /// <summary>Loads safetensors data from a stream into the module in place.</summary>
    /// <param name="module">The module.</param>
    /// <param name="stream">A readable stream, read to its end; it is left open.</param>
    /// <param name="strict">Whether missing and unexpected keys are errors.</param>
    /// <returns>The missing and unexpected keys.</returns>
    public static StateDictLoadResult Load(this Module module, Stream stream, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.LoadStateDict(SafeTensors.Load(stream), strict);
    }
}
