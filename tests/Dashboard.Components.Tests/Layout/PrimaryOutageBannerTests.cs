using Bunit;
using Dashboard.Components.Layout;
using Dashboard.Configuration;
using Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Components.Tests.Layout;

public sealed class PrimaryOutageBannerTests : DashboardTestContext
{
    private readonly PrimaryAvailability _primary = new(new FixedTime(DateTimeOffset.Parse("2026-11-30T12:00:00Z")));

    public PrimaryOutageBannerTests()
    {
        Services.AddSingleton(_primary);
        Services.AddSingleton(Options.Create(new DashboardOptions
        {
            Regions = [new RegionOptions { Name = "us", Role = RegionRole.Primary }, new RegionOptions { Name = "eu", Role = RegionRole.Replica }],
        }));
        AddAuthorization().SetAuthorized("operator");
    }

    [Fact]
    public void Banner_ShowsWhileThePrimaryIsUnreachable_AndGoesWhenItIsBack()
    {
        var banner = Render<PrimaryOutageBanner>();
        banner.FindAll("[data-testid=primary-unreachable]").ShouldBeEmpty();

        _primary.ReportUnreachable("connection refused");

        banner.WaitForAssertion(() => banner.Find("[data-testid=primary-unreachable]").TextContent
            .ShouldContain("The primary database (us) is unreachable since 12:00:00 UTC: connection refused."));

        _primary.ReportReachable();

        banner.WaitForAssertion(() => banner.FindAll("[data-testid=primary-unreachable]").ShouldBeEmpty());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
