using Dashboard.Features.Auth;

namespace Dashboard.Features.Audit;

/// <summary>
/// <c>dotnet Dashboard.dll verify-audit [--anchor SEQ:HASH]</c>: verifies the audit trail's hash chain with the
/// dashboard's own configuration (the app's database role reads the trail) and prints the result. Exit code 0 when
/// the chain holds, 1 when it does not, 2 for a usage error.
/// </summary>
public static class VerifyAuditCommand
{
    public const string Name = "verify-audit";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        AuditChainHead? anchor = null;
        if (args is ["--anchor", var text])
        {
            anchor = AuditChainHead.TryParse(text);
            if (anchor is null)
            {
                await output.WriteLineAsync($"verify-audit: '{text}' is not an anchor; give SEQ:HASH as printed by an earlier verify-audit (64 hex digits).");
                return 2;
            }
        }
        else if (args.Count > 0)
        {
            await output.WriteLineAsync("usage: dotnet Dashboard.dll verify-audit [--anchor SEQ:HASH]");
            return 2;
        }

        var report = await services.GetRequiredService<AuditChainVerifier>().VerifyAsync(Actor.System, anchor, cancellationToken);
        await output.WriteLineAsync(Describe(report, anchor));
        return report.Intact ? 0 : 1;
    }

    /// <summary>The result in one line, as the command prints it and the Audit page shows it.</summary>
    public static string Describe(AuditChainReport report, AuditChainHead? anchor = null)
    {
        if (report.FirstBreak is { } broken)
        {
            var where = broken.Id is { } id ? $" (id {id}, written {broken.At:yyyy-MM-dd HH:mm:ss} UTC)" : "";
            return $"audit chain BROKEN at entry #{broken.Seq}{where}: {broken.Problem}";
        }
        var anchored = anchor is null ? "" : $"; anchor #{anchor.Seq} matches";
        return report.Head is { } head
            ? $"audit chain intact: {report.Entries} entries{anchored}; head {head} (record it elsewhere to anchor later checks)"
            : "audit chain intact: no entries yet";
    }
}
