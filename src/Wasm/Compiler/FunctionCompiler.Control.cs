using System.Reflection.Emit;
using Wharf.Wasm.Binary;
using Wharf.Wasm.Runtime;

namespace Wharf.Wasm.Compiler;

/// <summary>Structured control flow: blocks, loops, if/else, branches and the epilogue.</summary>
internal sealed partial class FunctionCompiler
{
    private void EnterBlock(FrameKind kind)
    {
        var (parameters, results) = ReadBlockType();
        if (kind == FrameKind.If)
        {
            Pop();
        }

        var frame = new Frame(kind, parameters, results, _il.DefineLabel(), _stack.Count - parameters.Length);
        LocalBuilder? condition = null;
        if (kind == FrameKind.If)
        {
            frame.ElseLabel = _il.DefineLabel();
        }

        var outer = _stack.Count - parameters.Length - Current.Height;
        if (kind == FrameKind.If && (outer > 0 || parameters.Length > 0))
        {
            condition = Rent(ValueType.I32);
            _il.Emit(OpCodes.Stloc, condition);
        }

        // Take the params off the IL stack when something below must be spilled, when a loop needs them
        // in its branch locals, or when an if needs them again for the else arm.
        LocalBuilder[]? paramLocals = null;
        if (parameters.Length > 0 && (outer > 0 || kind != FrameKind.Block))
        {
            paramLocals = StoreTop(parameters);
        }

        for (var i = _stack.Count - parameters.Length - 1; i >= Current.Height; i--)
        {
            var local = Rent(_stack[i]);
            _il.Emit(OpCodes.Stloc, local);
            frame.Spills.Insert(0, (_stack[i], local));
        }

        switch (kind)
        {
            case FrameKind.Loop:
                frame.BranchLocals = paramLocals ?? [];
                _il.MarkLabel(frame.Label);
                EmitPoll();
                LoadLocals(frame.BranchLocals);
                break;
            case FrameKind.If:
                if (condition is not null)
                {
                    _il.Emit(OpCodes.Ldloc, condition);
                    Return(ValueType.I32, condition);
                }

                _il.Emit(OpCodes.Brfalse, frame.ElseLabel);
                frame.IfParams = paramLocals;
                LoadLocals(paramLocals);
                break;
            default:
                LoadLocals(paramLocals);
                ReturnAll(parameters, paramLocals);
                break;
        }

        _frames.Add(frame);
    }

    /// <summary>Loop-header interruption check: volatile epoch &gt;= deadline calls the slow path. The IL stack is
    /// empty at loop headers, so the inline form costs no spills.</summary>
    private void EmitPoll()
    {
        if (!_largeBody)
        {
            LoadContext();
            EmitCall(Helper(typeof(NumericOps), nameof(NumericOps.Poll)));
            return;
        }

        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Volatile);
        EmitField(OpCodes.Ldsfld, Field(typeof(Epoch), nameof(Epoch.Now)));
        LoadContext();
        _il.Emit(OpCodes.Volatile);
        EmitField(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Deadline)));
        _il.Emit(OpCodes.Blt_S, ok);
        LoadContext();
        EmitCall(Helper(typeof(InstanceContext), nameof(InstanceContext.CheckInterrupt)));
        _il.MarkLabel(ok);
    }

    private void Else()
    {
        var frame = Current;
        if (!_dead)
        {
            StoreTop(frame.Results, EnsureBranchLocals(frame));
            _il.Emit(OpCodes.Br, frame.Label);
            frame.Targeted = true;
        }

        _il.MarkLabel(frame.ElseLabel);
        frame.HasElse = true;
        _dead = false;
        Truncate(frame.Height);
        LoadLocals(frame.IfParams);
        foreach (var p in frame.Params)
        {
            Push(p);
        }
    }

    private void End()
    {
        var frame = Current;
        if (frame.Kind == FrameKind.Function)
        {
            EmitEpilogue(frame);
            _frames.RemoveAt(_frames.Count - 1);
            return;
        }

        var stored = false;
        if (frame.Kind == FrameKind.If && !frame.HasElse)
        {
            // The missing else arm passes the params through as results.
            var locals = EnsureBranchLocals(frame);
            if (!_dead)
            {
                StoreTop(frame.Results, locals);
                _il.Emit(OpCodes.Br, frame.Label);
            }

            _il.MarkLabel(frame.ElseLabel);
            LoadLocals(frame.IfParams);
            for (var i = locals.Length - 1; i >= 0; i--)
            {
                _il.Emit(OpCodes.Stloc, locals[i]);
            }

            frame.Targeted = true;
            stored = true;
        }

        var needLocals = frame.Kind == FrameKind.Loop
            ? frame.Spills.Count > 0 || _dead
            : frame.Targeted || frame.Spills.Count > 0 || _dead;
        if (needLocals)
        {
            var temps = frame.Kind == FrameKind.Loop;
            var locals = temps ? RentAll(frame.Results) : EnsureBranchLocals(frame);
            if (!_dead && !stored)
            {
                StoreTop(frame.Results, locals);
            }

            if (frame.Kind != FrameKind.Loop)
            {
                _il.MarkLabel(frame.Label);
            }

            foreach (var (_, local) in frame.Spills)
            {
                _il.Emit(OpCodes.Ldloc, local);
            }

            LoadLocals(locals);
            if (temps)
            {
                ReturnAll(frame.Results, locals);
            }
        }

        foreach (var (type, local) in frame.Spills)
        {
            Return(type, local);
        }

        ReturnAll(frame.BranchTypes, frame.BranchLocals);
        ReturnAll(frame.Params, frame.IfParams);
        _frames.RemoveAt(_frames.Count - 1);
        Truncate(frame.Height);
        foreach (var r in frame.Results)
        {
            Push(r);
        }

        _dead = false;
    }

    private void EmitEpilogue(Frame frame)
    {
        var results = frame.Results;
        LocalBuilder[]? locals = null;
        if (frame.Targeted || _dead || results.Length > 1)
        {
            locals = EnsureBranchLocals(frame);
            if (!_dead)
            {
                StoreTop(results, locals);
            }

            _il.MarkLabel(frame.Label);
        }

        // ctx.Depth--; skipped on traps, where the top-level entry restores the depth instead.
        LoadContext();
        LoadContext();
        EmitField(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Depth)));
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Sub);
        EmitField(OpCodes.Stfld, Field(typeof(InstanceContext), nameof(InstanceContext.Depth)));
        if (results.Length > 1)
        {
            for (var i = 0; i < results.Length; i++)
            {
                var isRef = TypeRegistry.IsRef(results[i]);
                EmitCall(Getter(typeof(MultiValue), isRef ? nameof(MultiValue.Refs) : nameof(MultiValue.Bits)));
                LoadI32(i);
                _il.Emit(OpCodes.Ldloc, locals![i]);
                if (isRef)
                {
                    _il.Emit(OpCodes.Stelem_Ref);
                }
                else
                {
                    EmitToBits(results[i]);
                    _il.Emit(OpCodes.Stelem_I8);
                }
            }
        }
        else if (locals is not null)
        {
            LoadLocals(locals);
        }

        _il.Emit(OpCodes.Ret);
    }

    /// <summary>br / return: moves the carried values into the target's locals, drops the rest, jumps.</summary>
    private void Branch(int depth)
    {
        var target = _frames[_frames.Count - 1 - depth];
        var types = target.BranchTypes;
        var locals = EnsureBranchLocals(target);
        var height = _stack.Count;
        for (var i = types.Length - 1; i >= 0; i--)
        {
            _il.Emit(OpCodes.Stloc, locals[i]);
        }

        for (var i = height - types.Length - 1; i >= Current.Height; i--)
        {
            _il.Emit(OpCodes.Pop);
        }

        _il.Emit(OpCodes.Br, target.Label);
        target.Targeted = true;
        MarkDead();
    }

    private void BranchIf(int depth)
    {
        Pop();
        var target = _frames[_frames.Count - 1 - depth];
        var types = target.BranchTypes;
        var extras = _stack.Count - types.Length - Current.Height;
        target.Targeted = true;
        if (types.Length == 0 && extras == 0)
        {
            _il.Emit(OpCodes.Brtrue, target.Label);
            return;
        }

        var condition = Rent(ValueType.I32);
        _il.Emit(OpCodes.Stloc, condition);
        var locals = EnsureBranchLocals(target);
        for (var i = types.Length - 1; i >= 0; i--)
        {
            _il.Emit(OpCodes.Stloc, locals[i]);
        }

        _il.Emit(OpCodes.Ldloc, condition);
        Return(ValueType.I32, condition);
        if (extras == 0)
        {
            _il.Emit(OpCodes.Brtrue, target.Label);
        }
        else
        {
            var skip = _il.DefineLabel();
            _il.Emit(OpCodes.Brfalse, skip);
            for (var i = 0; i < extras; i++)
            {
                _il.Emit(OpCodes.Pop);
            }

            _il.Emit(OpCodes.Br, target.Label);
            _il.MarkLabel(skip);
        }

        LoadLocals(locals);
    }

    private void BranchTable()
    {
        var count = (int)ReadU32();
        var depths = new int[count + 1];
        for (var i = 0; i <= count; i++)
        {
            depths[i] = (int)ReadU32();
        }

        Pop();
        var types = _frames[_frames.Count - 1 - depths[^1]].BranchTypes;
        var extras = _stack.Count - types.Length - Current.Height;
        if (types.Length == 0 && extras == 0)
        {
            var labels = new Label[count];
            for (var i = 0; i < count; i++)
            {
                var target = _frames[_frames.Count - 1 - depths[i]];
                target.Targeted = true;
                labels[i] = target.Label;
            }

            var fallback = _frames[_frames.Count - 1 - depths[^1]];
            fallback.Targeted = true;
            _il.Emit(OpCodes.Switch, labels);
            _il.Emit(OpCodes.Br, fallback.Label);
            MarkDead();
            return;
        }

        var index = Rent(ValueType.I32);
        _il.Emit(OpCodes.Stloc, index);
        var values = StoreTop(types);
        for (var i = 0; i < extras; i++)
        {
            _il.Emit(OpCodes.Pop);
        }

        // One stub per distinct target copies the values into that target's locals.
        var stubs = new Dictionary<int, Label>();
        foreach (var d in depths)
        {
            if (!stubs.ContainsKey(d))
            {
                stubs[d] = _il.DefineLabel();
            }
        }

        _il.Emit(OpCodes.Ldloc, index);
        _il.Emit(OpCodes.Switch, depths[..count].Select(d => stubs[d]).ToArray());
        _il.Emit(OpCodes.Br, stubs[depths[^1]]);
        foreach (var (d, stub) in stubs)
        {
            var target = _frames[_frames.Count - 1 - d];
            var locals = EnsureBranchLocals(target);
            _il.MarkLabel(stub);
            for (var i = 0; i < values.Length; i++)
            {
                _il.Emit(OpCodes.Ldloc, values[i]);
                _il.Emit(OpCodes.Stloc, locals[i]);
            }

            _il.Emit(OpCodes.Br, target.Label);
            target.Targeted = true;
        }

        Return(ValueType.I32, index);
        ReturnAll(types, values);
        MarkDead();
    }

    private void MarkDead()
    {
        _dead = true;
        _deadNesting = 0;
    }

    private LocalBuilder[] EnsureBranchLocals(Frame frame) => frame.BranchLocals ??= RentAll(frame.BranchTypes);

    private LocalBuilder[] RentAll(ValueType[] types)
    {
        var locals = new LocalBuilder[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            locals[i] = Rent(types[i]);
        }

        return locals;
    }

    /// <summary>Pops the top values (typed <paramref name="types"/>, last on top) from the IL stack into locals.
    /// The type stack is left unchanged.</summary>
    private LocalBuilder[] StoreTop(ValueType[] types, LocalBuilder[]? into = null)
    {
        var locals = into ?? RentAll(types);
        for (var i = types.Length - 1; i >= 0; i--)
        {
            _il.Emit(OpCodes.Stloc, locals[i]);
        }

        return locals;
    }

    private void LoadLocals(LocalBuilder[]? locals)
    {
        if (locals is null)
        {
            return;
        }

        foreach (var local in locals)
        {
            _il.Emit(OpCodes.Ldloc, local);
        }
    }

    private void SkipDead(byte op)
    {
        switch ((Opcode)op)
        {
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                ReadBlockType();
                _deadNesting++;
                return;
            case Opcode.Else when _deadNesting == 0:
                Else();
                return;
            case Opcode.End when _deadNesting == 0:
                End();
                return;
            case Opcode.End:
                _deadNesting--;
                return;
            default:
                SkipImmediates(op);
                return;
        }
    }
}
