using System.Reflection.Emit;

namespace Wharf.Wasm.Compiler;

internal enum FrameKind
{
    Function,
    Block,
    Loop,
    If,
}

/// <summary>A control frame of the function being compiled.</summary>
internal sealed class Frame(FrameKind kind, ValueType[] parameters, ValueType[] results, Label label, int height)
{
    public FrameKind Kind { get; } = kind;

    public ValueType[] Params { get; } = parameters;

    public ValueType[] Results { get; } = results;

    /// <summary>Branch target: the loop header for loops, else the end (for the function: the epilogue).</summary>
    public Label Label { get; } = label;

    /// <summary>Type-stack index where this frame's operands (including its params) begin.</summary>
    public int Height { get; set; } = height;

    /// <summary>Types a branch to this frame carries: params for loops, results otherwise.</summary>
    public ValueType[] BranchTypes => Kind == FrameKind.Loop ? Params : Results;

    /// <summary>Locals that carry branch values to <see cref="Label"/> (allocated on first use).</summary>
    public LocalBuilder[]? BranchLocals { get; set; }

    /// <summary>Enclosing operands spilled at entry, bottom first; reloaded after the end.</summary>
    public List<(ValueType Type, LocalBuilder Local)> Spills { get; } = [];

    /// <summary>Whether some branch jumps to <see cref="Label"/>.</summary>
    public bool Targeted { get; set; }

    // if/else only.
    public Label ElseLabel { get; set; }

    public bool HasElse { get; set; }

    /// <summary>The block params of an if, saved so the else arm can start from them.</summary>
    public LocalBuilder[]? IfParams { get; set; }
}
