using Dashboard.Features.Audit;

namespace Dashboard.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly AuditChain.Link Entry = new(1, 10, new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560),
        "user-1", "alice", "record.add", "pro.tunnel.test", "www.pro.tunnel.test", "A", null, "192.0.2.1 (TTL 300)", null, null);

    [Fact]
    public void Hash_AnyFieldOrThePreviousHashChanged_Differs()
    {
        var hash = AuditChain.Hash(Entry, []);

        AuditChain.Hash(Entry, []).ShouldBe(hash);
        AuditChain.Hash(Entry with { After = "192.0.2.2 (TTL 300)" }, []).ShouldNotBe(hash);
        AuditChain.Hash(Entry with { Reason = "" }, []).ShouldNotBe(hash);
        AuditChain.Hash(Entry with { At = Entry.At.AddTicks(10) }, []).ShouldNotBe(hash);
        AuditChain.Hash(Entry with { Seq = 2 }, []).ShouldNotBe(hash);
        AuditChain.Hash(Entry, hash).ShouldNotBe(hash);
    }

    [Fact]
    public void Hash_FieldsCannotBeShiftedIntoEachOther()
    {
        // Without length prefixes these two would read the same.
        AuditChain.Hash(Entry with { Zone = "a\nb", Name = "c" }, []).ShouldNotBe(AuditChain.Hash(Entry with { Zone = "a", Name = "b\nc" }, []));
    }

    [Fact]
    public void Microseconds_IsPostgresResolution()
    {
        AuditChain.Microseconds(DateTimeOffset.UnixEpoch.AddTicks(15)).ShouldBe(1);
        AuditChain.Microseconds(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2))).ShouldBe(AuditChain.Microseconds(new DateTimeOffset(2025, 12, 31, 22, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("12:" + "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF", true)]
    [InlineData("12:abc", false)]
    [InlineData("0:" + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", false)]
    [InlineData("-1:" + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", false)]
    [InlineData("x:y:z", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void HeadTryParse_OnlySeqColonSha256(string? text, bool valid)
    {
        var head = AuditChainHead.TryParse(text);

        (head is not null).ShouldBe(valid);
        if (head is not null)
        {
            head.Hash.ShouldBe(head.Hash.ToLowerInvariant());
        }
    }
}
