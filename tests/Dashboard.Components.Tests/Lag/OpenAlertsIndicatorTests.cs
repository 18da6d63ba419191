using Bunit;
using Dashboard.Client.Live;
using Dashboard.Components.Layout;
using Dashboard.Features.Auth;
using Dashboard.Features.Lag;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Components.Tests.Lag;

public sealed class OpenAlertsIndicatorTests : DashboardTestContext
{
    private readonly AlertStore _alerts = new(TimeProvider.System);

    public OpenAlertsIndicatorTests() => Services.AddSingleton(_alerts);

    private static Actor As(string role) => new("id", role.ToLowerInvariant(), new HashSet<string> { role });

    private static AlertDto Alert(long id, string region, AlertSeverity severity) =>
        new(id, region, severity, "heartbeat lag over the threshold", DateTimeOffset.UtcNow.AddMinutes(-id), null, 1200, null, null, null);

    [Fact]
    public void OpenAlerts_ShowTheirCountAndTheWorst_AndFollowTheStoreLive()
    {
        var bar = Render<OpenAlertsIndicator>(p => p.Add(c => c.Actor, As(Roles.OnCall)));
        bar.Find("[data-testid=open-alerts]").GetAttribute("data-count").ShouldBe("0");

        _alerts.Publish([Alert(1, "eu", AlertSeverity.Warning), Alert(2, "ap", AlertSeverity.Critical)]);

        bar.WaitForAssertion(() =>
        {
            var indicator = bar.Find("[data-testid=open-alerts]");
            indicator.GetAttribute("data-count").ShouldBe("2");
            indicator.GetAttribute("data-severity").ShouldBe("critical");
            indicator.TextContent.ShouldContain("ap: critical");
        });
    }

    [Fact]
    public void AnActorWhoMayNotRead_SeesNothing()
    {
        _alerts.Publish([Alert(1, "eu", AlertSeverity.Warning)]);

        var bar = Render<OpenAlertsIndicator>(p => p.Add(c => c.Actor, As(Roles.Abuse)));

        bar.FindAll("[data-testid=open-alerts]").ShouldBeEmpty();
    }
}
