using Dashboard.Features.Account;
using Dashboard.Features.Auth;
using Dashboard.Features.Users;

namespace Dashboard.Tests.Auth;

public sealed class SignInTests
{
    [Theory]
    [InlineData("/zones/free.tunnel.test?prefix=a", "/zones/free.tunnel.test?prefix=a")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void LocalReturnUrl_OnlyPathsOnThisSite(string? returnUrl, string expected)
    {
        LoginPage.LocalReturnUrl(returnUrl).ShouldBe(expected);
    }

    [Fact]
    public void GeneratePassword_IsLongAndVaried()
    {
        var passwords = Enumerable.Range(0, 20).Select(_ => UserSeeder.GeneratePassword()).ToList();

        passwords.ShouldAllBe(p => p.Length == 24 && p.All(char.IsAsciiLetterOrDigit));
        passwords.Distinct().Count().ShouldBe(20);
    }

    [Theory]
    [InlineData("operator-2", null)]
    [InlineData("jo.smith@example.test", null)]
    [InlineData("", "Enter a user name.")]
    [InlineData("<script>", "Use letters, digits and - . _ @ only.")]
    [InlineData("two words", "Use letters, digits and - . _ @ only.")]
    public void ValidateUserName_PlainWords(string value, string? expected)
    {
        UserFormDialog.ValidateUserName(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("correct-horse-battery", null)]
    [InlineData("short", "At least 12 characters.")]
    [InlineData("aaaaaaaaaaaaaaaa", "Use at least 4 different characters.")]
    public void ValidatePassword_MatchesServerPolicy(string value, string? expected)
    {
        UserFormDialog.ValidatePassword(value).ShouldBe(expected);
    }
}
