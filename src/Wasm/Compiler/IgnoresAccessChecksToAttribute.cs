namespace System.Runtime.CompilerServices;

/// <summary>
/// Recognised by the runtime by name: applied to a generated assembly, it lets that assembly's code use
/// the named assembly's non-public types and members (used so compiled wasm can call engine internals).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
