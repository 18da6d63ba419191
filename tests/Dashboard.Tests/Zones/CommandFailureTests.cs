using Dashboard.Data;
using Dashboard.Features.Auth;
using Dashboard.Features.Zones;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Zones;

/// <summary>A zone command's failure in words: what was and was not written (apply, zone create and delete share it).</summary>
public sealed class CommandFailureTests
{
    private static string Describe(Exception ex, string? kept = "Your staged changes are kept.") =>
        CommandFailure.Describe(ex, "the apply", "the change set", kept, "Apply again once it is back.", NullLogger.Instance, "x.test");

    [Fact]
    public void Describe_CommitInDoubt_SaysItMayOrMayNotHaveBeenWrittenAndToReload()
    {
        var ex = new CommitInDoubtException("connection reset", new IOException("reset"));

        Describe(ex).ShouldBe("The connection to the primary database broke during COMMIT (connection reset), so the change set may or may not have been written. Your staged changes are kept. Reload the zone to see which before trying again.");
    }

    [Fact]
    public void Describe_PrimaryUnreachable_SaysNothingWasWrittenAndWhenToRetry()
    {
        var ex = new PrimaryUnavailableException("connection refused");

        Describe(ex, kept: null).ShouldBe("Nothing was written: the primary database is unreachable (connection refused). Apply again once it is back.");
    }

    [Fact]
    public void Describe_AnyOtherError_SaysNothingWasWrittenBeforeCommitAndNamesIt()
    {
        Describe(new InvalidOperationException("boom")).ShouldBe("Nothing was written: the apply failed before COMMIT (InvalidOperationException: boom). Your staged changes are kept.");
    }

    [Fact]
    public void Describe_AccessDenied_IsTheRefusalAndNothingWasWritten()
    {
        var ex = new AccessDeniedException(new Actor("id", "casey", new HashSet<string> { Roles.OnCall }), Permission.EditDns);

        Describe(ex).ShouldBe($"{ex.Message} Nothing was written.");
        ex.Message.ShouldStartWith("casey may not");
    }
}
