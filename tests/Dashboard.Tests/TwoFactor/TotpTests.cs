using System.Text;
using Dashboard.Features.TwoFactor;

namespace Dashboard.Tests.TwoFactor;

public sealed class TotpTests
{
    // RFC 6238 appendix B, the SHA-1 rows: the 20-byte ASCII key "12345678901234567890", 8 digits.
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Code_Rfc6238Vectors_Match(long unixSeconds, string expected)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Totp.Code(RfcKey, step, digits: 8).ShouldBe(expected);
        // Six digits are the same number mod 10^6.
        Totp.Code(RfcKey, step).ShouldBe(expected[2..]);
    }

    [Fact]
    public void Code_AgreesWithAnIndependentImplementation()
    {
        var key = Base32.Decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        var otp = new OtpNet.Totp(key);
        var time = new DateTimeOffset(2026, 12, 1, 16, 0, 7, TimeSpan.Zero);

        Totp.Code(key, Totp.StepAt(time)).ShouldBe(otp.ComputeTotp(time.UtcDateTime));
    }

    [Fact]
    public void MatchingStep_OneStepEitherSide_IsAcceptedAndTwoAreNot()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        var step = Totp.StepAt(now);

        Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step), now, null).ShouldBe(step);
        Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step - 1), now, null).ShouldBe(step - 1);
        Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step + 1), now, null).ShouldBe(step + 1);
        Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step - 2), now, null).ShouldBeNull();
        Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step + 2), now, null).ShouldBeNull();
    }

    [Fact]
    public void MatchingStep_AtOrBeforeTheLastAcceptedStep_IsRefused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        var step = Totp.StepAt(now);
        var code = Totp.Code(RfcKey, step);

        Totp.MatchingStep(RfcKey, code, now, afterStep: step).ShouldBeNull();
        Totp.MatchingStep(RfcKey, code, now, afterStep: step + 1).ShouldBeNull();
        Totp.MatchingStep(RfcKey, code, now, afterStep: step - 1).ShouldBe(step);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public void MatchingStep_NotSixDigits_IsRefused(string code) =>
        Totp.MatchingStep(RfcKey, code, DateTimeOffset.UnixEpoch.AddDays(1), null).ShouldBeNull();

    [Fact]
    public void Base32_DecodesRfc4648AndIgnoresCaseAndSpaces()
    {
        Encoding.ASCII.GetString(Base32.Decode("MZXW6YTBOI")).ShouldBe("foobar");
        Encoding.ASCII.GetString(Base32.Decode("mzxw 6ytb oi======")).ShouldBe("foobar");
        Should.Throw<FormatException>(() => Base32.Decode("MZXW1"));
    }

    [Fact]
    public void AuthenticatorUri_NamesIssuerAndUserEscaped()
    {
        Totp.AuthenticatorUri("Dashboard", "ops@example.org", "ABCDEFGH")
            .ShouldBe("otpauth://totp/Dashboard:ops%40example.org?secret=ABCDEFGH&issuer=Dashboard&digits=6&period=30");
        Totp.Grouped("ABCDEFGHIJ").ShouldBe("ABCD EFGH IJ");
    }
}

public sealed class RecoveryCodesTests
{
    [Fact]
    public void Generate_TenDistinctCodesOfTwoFiveCharacterGroups()
    {
        var codes = RecoveryCodes.Generate();

        codes.Count.ShouldBe(RecoveryCodes.Count);
        codes.Distinct().Count().ShouldBe(codes.Count);
        codes.ShouldAllBe(c => System.Text.RegularExpressions.Regex.IsMatch(c, "^[a-z2-9]{5}-[a-z2-9]{5}$"));
    }

    [Fact]
    public void Hash_IgnoresCaseDashesAndSpaces_AndIsNotTheCode()
    {
        var hash = RecoveryCodes.Hash("abcde-fghjk");

        RecoveryCodes.Hash(" ABCDE FGHJK ").ShouldBe(hash);
        RecoveryCodes.Hash("abcdefghjk").ShouldBe(hash);
        RecoveryCodes.Hash("abcde-fghjm").ShouldNotBe(hash);
        hash.ShouldNotContain("abcde");
    }
}

public sealed class TwoFactorOptionsTests
{
    [Theory]
    [InlineData("none", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("Admin,Operator", new[] { "Admin", "Operator" })]
    [InlineData(" operator , admin ,Operator", new[] { "Admin", "Operator" })]
    [InlineData("OnCall", new[] { "OnCall" })]
    public void ParseRoles_KnownRolesOrNone(string value, string[] expected) =>
        TwoFactorOptions.ParseRoles(value).ShouldBe(expected);

    [Fact]
    public void ParseRoles_UnknownRole_IsNull() => TwoFactorOptions.ParseRoles("Admin,Boss").ShouldBeNull();

    [Fact]
    public void Default_IsAdminAndOperator() => new TwoFactorOptions().DefaultRoles.ShouldBe(["Admin", "Operator"]);

    [Fact]
    public void PolicyState_RequiresWhenAnyRoleIsListed()
    {
        var state = new TwoFactorPolicyState(["Admin", "Operator"], null, null);

        state.Requires(["OnCall", "Operator"]).ShouldBeTrue();
        state.Requires(["OnCall"]).ShouldBeFalse();
        state.Requires([]).ShouldBeFalse();
        state.IsDefault.ShouldBeTrue();
    }
}
