namespace Wharf.Wasm.SpecTests;

/// <summary>
/// The checked-in list of expected failures. Each line is
/// <c>&lt;file glob&gt; &lt;kind[,kind…]|*&gt;: &lt;reason&gt;</c>, where kinds are command types
/// (<c>assert_return</c>, <c>action</c>, …) or <c>module</c> / <c>module-instantiate</c> for the two
/// halves of a module command. A failure matching an entry counts as skipped; an entry that matched
/// nothing is reported as stale so the list can only shrink.
/// </summary>
internal sealed class KnownFailures
{
    private readonly List<Entry> _entries = [];

    public static KnownFailures Load(string? path)
    {
        var list = new KnownFailures();
        if (path is null || !File.Exists(path))
        {
            return list;
        }

        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var head = (colon < 0 ? line : line[..colon]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (colon < 0 || head.Length != 2 || line[(colon + 1)..].Trim().Length == 0)
            {
                throw new FormatException($"{path}:{lineNumber}: expected '<file glob> <kinds>: <reason>'");
            }

            list._entries.Add(new Entry(head[0], head[1] == "*" ? null : [.. head[1].Split(',')], line[(colon + 1)..].Trim(), lineNumber));
        }

        return list;
    }

    /// <summary>Whether a failure of <paramref name="kind"/> in <paramref name="file"/> is expected (and records the match).</summary>
    public bool IsKnown(string file, string kind)
    {
        foreach (var entry in _entries)
        {
            if (Glob.IsMatch(entry.FileGlob, file) && (entry.Kinds is null || entry.Kinds.Contains(kind)))
            {
                entry.Matches++;
                return true;
            }
        }

        return false;
    }

    /// <summary>Notes that <paramref name="file"/> ran, so entries for it can be judged stale.</summary>
    public void MarkRun(string file)
    {
        foreach (var entry in _entries)
        {
            if (Glob.IsMatch(entry.FileGlob, file))
            {
                entry.FilesRun++;
            }
        }
    }

    /// <summary>Entries whose files ran but which matched no failure.</summary>
    public IEnumerable<string> StaleEntries() =>
        _entries.Where(e => e.FilesRun > 0 && e.Matches == 0)
            .Select(e => $"line {e.Line}: '{e.FileGlob} {(e.Kinds is null ? "*" : string.Join(',', e.Kinds))}' ({e.Reason})");

    private sealed record Entry(string FileGlob, string[]? Kinds, string Reason, int Line)
    {
        public int Matches { get; set; }

        public int FilesRun { get; set; }
    }
}
