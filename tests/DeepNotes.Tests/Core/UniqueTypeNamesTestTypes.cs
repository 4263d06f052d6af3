// Two types with the same simple name, one public and one internal: UniqueTypeNamesTests checks its own detector
// against them, so the detector cannot silently pass by finding nothing.
namespace DeepNotes.Tests.Core.Public
{
    /// <summary>Public half of the pair.</summary>
    public sealed class Twin;

    /// <summary>Public type that a nested private type (ignored by the check) shares its name with.</summary>
    public sealed class NestedPrivateTwin;
}

namespace DeepNotes.Tests.Core.Internal
{
    internal sealed class Twin;
}
