using System.Runtime.CompilerServices;
using Wharf.Wasm.Binary;

namespace Wharf.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ValueType type)
    {
        if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_valueCount++] = type;
        if (_valueCount > _maxHeight)
        {
            _maxHeight = _valueCount;
        }
    }

    private void PushAll(ValueType[] types)
    {
        foreach (var type in types)
        {
            Push(type);
        }
    }

    private ValueType PopAny()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_valueCount == frame.Height)
        {
            return frame.Unreachable ? Unknown : throw TypeMismatch();
        }

        return _values[--_valueCount];
    }

    /// <summary>Pops an operand of type <paramref name="expected"/>; returns the actual type (maybe Unknown).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueType Pop(ValueType expected)
    {
        if (_valueCount > _frames[_frameCount - 1].Height && _values[_valueCount - 1] == expected)
        {
            _valueCount--;
            return expected;
        }

        return PopSlow(expected);
    }

    private ValueType PopSlow(ValueType expected)
    {
        var actual = PopAny();
        if (actual != expected && actual != Unknown && expected != Unknown)
        {
            throw TypeMismatch();
        }

        return actual;
    }

    private void PopAll(ValueType[] types)
    {
        for (var i = types.Length - 1; i >= 0; i--)
        {
            Pop(types[i]);
        }
    }

    private void PushFrame(Opcode kind, ValueType[] startTypes, ValueType[] endTypes)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_frameCount++] = new ControlFrame
        {
            Kind = kind,
            StartTypes = startTypes,
            EndTypes = endTypes,
            Height = _valueCount,
            Unreachable = false,
        };
        PushAll(startTypes);
    }

    private ControlFrame PopFrame()
    {
        var frame = _frames[_frameCount - 1];
        PopAll(frame.EndTypes);
        if (_valueCount != frame.Height)
        {
            throw TypeMismatch();
        }

        _frameCount--;
        return frame;
    }

    private void MarkUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _valueCount = frame.Height;
        frame.Unreachable = true;
    }

    private ref ControlFrame Label(uint depth)
    {
        if (depth >= (uint)_frameCount)
        {
            throw Invalid($"unknown label {depth}");
        }

        return ref _frames[_frameCount - 1 - (int)depth];
    }

    private void Unary(ValueType input, ValueType output)
    {
        Pop(input);
        Push(output);
    }

    private void Binary(ValueType input, ValueType output)
    {
        Pop(input);
        Pop(input);
        Push(output);
    }
}
