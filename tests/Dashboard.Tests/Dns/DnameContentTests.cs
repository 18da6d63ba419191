using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class DnameContentTests
{
    [Theory]
    [InlineData("Target.Example.Com.", "target.example.com")]
    [InlineData("_tenant.example.net.", "_tenant.example.net")]
    public void Validate_AbsoluteName_StoredWithoutTrailingDot(string input, string expected)
    {
        DnameContent.Validate(input, "example.com").Value.ShouldBe(expected);
        RecordContent.Validate(RecordType.DNAME, expected).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(".", "DNAME target: It must be a name, not the root '.'")]
    [InlineData("", "DNAME target: A name must not be empty")]
    [InlineData("exa mple.net.", "DNAME target: ")]
    public void Validate_Bad_SaysWhat(string input, string message)
    {
        var result = RecordContent.Validate(RecordType.DNAME, input, "example.com");
        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith(message), string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_RelativeTarget_CompletedWithTheOrigin()
    {
        RecordContent.Validate(RecordType.DNAME, "new", "example.com").Value.ShouldBe("new.example.com");
        RecordContent.Validate(RecordType.DNAME, "new.example.net.", "example.com").Value.ShouldBe("new.example.net");
    }
}
