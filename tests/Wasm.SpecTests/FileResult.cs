namespace Wharf.Wasm.SpecTests;

/// <summary>Tallies of one script (or, summed, of the whole run).</summary>
internal sealed class FileResult
{
    public int Passed { get; set; }

    public int Failed { get; set; }

    public int Skipped { get; set; }

    /// <summary>Decode+validate outcomes (module compilation, assert_malformed, assert_invalid).</summary>
    public int DecodeValidatePassed { get; set; }

    public int DecodeValidateFailed { get; set; }

    /// <summary>Commands that raised the right kind of error with a different message than the spec's.</summary>
    public int MessageMismatches { get; set; }

    public List<string> FailureDetails { get; } = [];

    public List<string> MismatchDetails { get; } = [];

    public void Add(FileResult other)
    {
        Passed += other.Passed;
        Failed += other.Failed;
        Skipped += other.Skipped;
        DecodeValidatePassed += other.DecodeValidatePassed;
        DecodeValidateFailed += other.DecodeValidateFailed;
        MessageMismatches += other.MessageMismatches;
        MismatchDetails.AddRange(other.MismatchDetails);
    }
}
