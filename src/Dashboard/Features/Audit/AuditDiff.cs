using System.Text.RegularExpressions;

namespace Dashboard.Features.Audit;

/// <summary>One run of text in a before or after value, and whether it differs from the other side.</summary>
public sealed record DiffSegment(string Text, bool Changed);

/// <summary>A before/after pair split into runs, the changed runs marked on each side.</summary>
public sealed record ValueDiff(IReadOnlyList<DiffSegment> Before, IReadOnlyList<DiffSegment> After);

/// <summary>
/// What changed between an audit entry's before and after, word by word (an address, a number, a name, a quoted
/// string's words), so the page can mark it. Pure; long values that would cost too much to compare are marked whole.
/// </summary>
public static partial class AuditDiff
{
    /// <summary>Above this many token pairs the middle is marked changed whole instead of compared.</summary>
    private const int MaxCells = 250_000;

    public static ValueDiff Compute(string? before, string? after)
    {
        var a = Tokenize(before ?? "");
        var b = Tokenize(after ?? "");
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }
        var aMid = a.Skip(prefix).Take(a.Count - prefix - suffix).ToList();
        var bMid = b.Skip(prefix).Take(b.Count - prefix - suffix).ToList();
        var (aKeep, bKeep) = (long)aMid.Count * bMid.Count <= MaxCells
            ? CommonTokens(aMid, bMid)
            : (new bool[aMid.Count], new bool[bMid.Count]);
        return new ValueDiff(Segments(a, prefix, suffix, aKeep), Segments(b, prefix, suffix, bKeep));
    }

    /// <summary>Words (letters, digits and the characters inside names and addresses) and single other characters; whitespace runs stay whole.</summary>
    internal static List<string> Tokenize(string value) => [.. Token().Matches(value).Select(m => m.Value)];

    /// <summary>Which tokens of each side are in a longest common subsequence of the two.</summary>
    private static (bool[] A, bool[] B) CommonTokens(List<string> a, List<string> b)
    {
        var lengths = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }
        var keepA = new bool[a.Count];
        var keepB = new bool[b.Count];
        for (int i = 0, j = 0; i < a.Count && j < b.Count;)
        {
            if (a[i] == b[j])
            {
                keepA[i++] = true;
                keepB[j++] = true;
            }
            else if (lengths[i + 1, j] >= lengths[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return (keepA, keepB);
    }

    private static List<DiffSegment> Segments(List<string> tokens, int prefix, int suffix, bool[] keepMiddle)
    {
        var segments = new List<DiffSegment>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var inMiddle = i >= prefix && i < tokens.Count - suffix;
            // Whitespace between two changed words is part of the change; elsewhere it never counts as one.
            var changed = inMiddle && !keepMiddle[i - prefix] && !string.IsNullOrWhiteSpace(tokens[i]);
            if (segments.Count > 0 && segments[^1].Changed == changed)
            {
                segments[^1] = segments[^1] with { Text = segments[^1].Text + tokens[i] };
            }
            else
            {
                segments.Add(new DiffSegment(tokens[i], changed));
            }
        }
        return segments;
    }

    [GeneratedRegex(@"[\p{L}\p{N}._:\-/@=+*]+|\s+|.", RegexOptions.Singleline)]
    private static partial Regex Token();
}
