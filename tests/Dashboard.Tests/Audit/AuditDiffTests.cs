using Dashboard.Features.Audit;

namespace Dashboard.Tests.Audit;

public sealed class AuditDiffTests
{
    private static string Changed(IEnumerable<DiffSegment> segments) => string.Join("|", segments.Where(s => s.Changed).Select(s => s.Text));
    private static string Whole(IEnumerable<DiffSegment> segments) => string.Concat(segments.Select(s => s.Text));

    [Fact]
    public void Compute_AddressChanged_MarksOnlyTheAddress()
    {
        var diff = AuditDiff.Compute("192.0.2.1 (TTL 300)", "192.0.2.2 (TTL 300)");

        Changed(diff.Before).ShouldBe("192.0.2.1");
        Changed(diff.After).ShouldBe("192.0.2.2");
        Whole(diff.Before).ShouldBe("192.0.2.1 (TTL 300)");
        Whole(diff.After).ShouldBe("192.0.2.2 (TTL 300)");
    }

    [Fact]
    public void Compute_TtlAndDisabledChanged_MarksTheNumberAndTheNewWord()
    {
        var diff = AuditDiff.Compute("mail.example.net. 10 (TTL 300)", "mail.example.net. 10 (TTL 3600) disabled");

        Changed(diff.Before).ShouldBe("300");
        Changed(diff.After).ShouldBe("3600|disabled");
    }

    [Fact]
    public void Compute_SameValue_MarksNothing()
    {
        var diff = AuditDiff.Compute("Operator,OnCall", "Operator,OnCall");

        diff.Before.ShouldAllBe(s => !s.Changed);
        diff.After.ShouldAllBe(s => !s.Changed);
    }

    [Fact]
    public void Compute_RoleListChanged_MarksTheRoleThatCameAndWent()
    {
        var diff = AuditDiff.Compute("Abuse,Operator", "OnCall,Operator");

        Changed(diff.Before).ShouldBe("Abuse");
        Changed(diff.After).ShouldBe("OnCall");
    }

    [Fact]
    public void Compute_VeryLongValues_MarksTheDifferingMiddleWhole_AndKeepsTheText()
    {
        var before = string.Join(' ', Enumerable.Range(0, 1000).Select(i => $"a{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 1000).Select(i => $"b{i}"));

        var diff = AuditDiff.Compute(before, after);

        Whole(diff.Before).ShouldBe(before);
        Whole(diff.After).ShouldBe(after);
        diff.Before.ShouldContain(s => s.Changed);
    }
}
