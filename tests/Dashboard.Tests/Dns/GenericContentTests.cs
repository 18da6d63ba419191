using Dashboard.Dns;

namespace Dashboard.Tests.Dns;

public class GenericContentTests
{
    [Theory]
    // RFC 3597 §5 examples, stored as PowerDNS 4.7.3's API stores them (checked on the stack)
    [InlineData(@"\# 4 0A000001", @"\# 4 0a000001")]
    [InlineData(@"\# 3 ABCDEF", @"\# 3 abcdef")]
    [InlineData(@"\# 6 0568 656C6C6F", @"\# 6 0568656c6c6f")]
    [InlineData(@"\# 0", @"\# 0 ")]
    public void Validate_Rfc3597Form_StoredAsPowerDnsApiStoresIt(string input, string expected)
    {
        var result = GenericContent.Validate(input);
        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value.ShouldBe(expected);
        GenericContent.Validate(result.Value!).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("abcdef", @"Generic (RFC 3597) content must be \#")]
    [InlineData(@"\# 4 0a0000", "Generic data length says 4 byte(s) but the data has 3")]
    [InlineData(@"\# 2 0a0", "Generic data has 3 hex digits")]
    [InlineData(@"\# 2 0x01", "Generic data must be hexadecimal digits")]
    [InlineData(@"\# 70000 00", "Generic data length must be a whole number from 0 to 65535")]
    public void Validate_Bad_SaysWhat(string input, string message)
    {
        GenericContent.Validate(input).Errors.ShouldContain(e => e.StartsWith(message));
    }

    [Theory]
    [InlineData("TYPE65534", 65534)]
    [InlineData("type65280", 65280)]
    [InlineData("TYPE300", 300)]
    [InlineData("TYPE10", 10)]
    public void RecordTypes_TypeNnnPowerDnsHasNoNameFor_IsAGenericType(string text, int code)
    {
        RecordTypes.TryParse(text, out var type).ShouldBeTrue();
        ((int)type).ShouldBe(code);
        type.IsGeneric().ShouldBeTrue();
        type.Mnemonic().ShouldBe(text.ToUpperInvariant());
        RecordContent.Validate(type, @"\# 1 ff").Value.ShouldBe(@"\# 1 ff");
    }

    [Theory]
    [InlineData("TYPE1", "TYPE1 is A; enter it as A with its usual content")]
    [InlineData("TYPE13", "TYPE13 is HINFO, which PowerDNS stores in its own format")]
    [InlineData("TYPE65400", "TYPE65400 is ADDR, which PowerDNS stores in its own format")]
    [InlineData("TYPE0", "TYPE0 is reserved")]
    [InlineData("TYPE200", "TYPE200 is in the range 128-255 kept for query and meta types")]
    [InlineData("TYPE65535", "TYPE65535 is reserved")]
    public void RecordTypes_TypeNnnThatCannotBeGeneric_ExplainsWhy(string text, string message)
    {
        RecordTypes.TryParse(text, out _).ShouldBeFalse();
        RecordTypes.Explain(text).ShouldNotBeNull().ShouldContain(message);
    }

    [Fact]
    public void Mnemonic_NamedType_IsItsName() => RecordType.HTTPS.Mnemonic().ShouldBe("HTTPS");
}
