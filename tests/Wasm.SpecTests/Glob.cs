using System.Text.RegularExpressions;

namespace Wharf.Wasm.SpecTests;

/// <summary>File-name globs with <c>*</c> and <c>?</c>.</summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$");
}
