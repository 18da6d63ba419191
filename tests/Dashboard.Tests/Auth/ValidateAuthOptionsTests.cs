using Dashboard.Features.Auth;

namespace Dashboard.Tests.Auth;

public sealed class ValidateAuthOptionsTests
{
    private static IReadOnlyList<string> Errors(AuthOptions options) =>
        new ValidateAuthOptions().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        new ValidateAuthOptions().Validate(null, new AuthOptions()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Validate_OutOfRange_NamesEachSetting()
    {
        var errors = Errors(new AuthOptions
        {
            RevalidationInterval = TimeSpan.Zero,
            SessionOutageGrace = TimeSpan.FromDays(1),
            SessionRenewInterval = TimeSpan.FromSeconds(1),
        });

        errors.Count.ShouldBe(3);
        errors.ShouldContain(e => e.StartsWith("Dashboard:RevalidationInterval is 00:00:00;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:SessionOutageGrace is 1.00:00:00;"));
        errors.ShouldContain(e => e.StartsWith("Dashboard:SessionRenewInterval is 00:00:01;"));
    }

    [Fact]
    public void Validate_GraceShorterThanOneCheck_IsRefused()
    {
        Errors(new AuthOptions { RevalidationInterval = TimeSpan.FromSeconds(30), SessionOutageGrace = TimeSpan.FromSeconds(10) })
            .ShouldHaveSingleItem().ShouldContain("at least Dashboard:RevalidationInterval");
    }
}
