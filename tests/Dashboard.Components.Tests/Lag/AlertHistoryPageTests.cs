using System.Reflection;
using Bunit;
using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Features.Auth;
using Dashboard.Features.Lag;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Components.Tests.Lag;

public sealed class AlertHistoryPageTests : DashboardTestContext
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly TestAlerts _alerts = new(
    [
        new AlertDto(2, "ap", AlertSeverity.Critical, "ap: replica unreachable (database not answering)", Opened.AddMinutes(5), null, null, null, null, null),
        new AlertDto(1, "eu", AlertSeverity.Warning, "eu: heartbeat lag at or over warning", Opened, Opened.AddSeconds(95), 1480, "oncall-ann", Opened.AddSeconds(30), "looking"),
    ]);

    public AlertHistoryPageTests()
    {
        Services.AddSingleton<IAlertQueries>(_alerts);
        Services.AddSingleton<IAlertCommands>(_alerts);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            Regions = [new() { Name = "us", Role = RegionRole.Primary }, new() { Name = "eu", Role = RegionRole.Replica }, new() { Name = "ap", Role = RegionRole.Replica }],
        }));
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<AlertHistoryPage> Page) RenderPage(string url = DashboardUrls.LagAlertsPath)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AlertHistoryPage>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=alert-region]").Count.ShouldBeGreaterThan(0));
        return (dialogs, page);
    }

    [Fact]
    public void Page_RequiresReadAllPolicy()
    {
        typeof(AlertHistoryPage).GetCustomAttribute<AuthorizeAttribute>()!.Policy.ShouldBe(nameof(Permission.ReadAll));
    }

    [Fact]
    public void Render_OnCall_ShowsEveryColumnAndAcknowledgeOnlyOnUnacknowledged()
    {
        SignInAs(Roles.OnCall);

        var (_, page) = RenderPage();

        page.FindAll("[data-testid=alert-region]").Select(e => e.TextContent).ShouldBe(["ap", "eu"]);
        page.FindAll("[data-testid=alert-closed]").Select(e => e.TextContent).ShouldBe(["open", "2026-11-30 12:01:35"]);
        page.FindAll("[data-testid=alert-peak]").Select(e => e.TextContent).ShouldBe(["unknown", "1480 ms"]);
        page.Markup.ShouldContain("1 min 35 s");
        page.FindAll("[data-testid=alert-ack]")[1].TextContent.ShouldContain("oncall-ann");
        page.FindAll("[data-testid=alert-ack-button]").Count.ShouldBe(1);
    }

    [Fact]
    public void Acknowledge_OnCallWithNote_AcknowledgesAndReloads()
    {
        SignInAs(Roles.OnCall);
        var (dialogs, page) = RenderPage();

        page.Find("[data-testid=alert-ack-button]").Click();
        dialogs.WaitForElement("textarea[data-testid=ack-note]").Input("  restarting ap  ");
        dialogs.Find("[data-testid=ack-submit]").Click();

        _alerts.Acknowledged.ShouldBe([(2L, "restarting ap", "test-user")]);
        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid=ack-dialog]").ShouldBeEmpty());
        page.WaitForAssertion(() => page.FindAll("[data-testid=alert-ack-button]").ShouldBeEmpty());
        page.FindAll("[data-testid=alert-ack]")[0].TextContent.ShouldContain("restarting ap");
    }

    [Fact]
    public void Acknowledge_BlankNote_ErrorInDialogNothingWritten()
    {
        SignInAs(Roles.OnCall);
        var (dialogs, page) = RenderPage();

        page.Find("[data-testid=alert-ack-button]").Click();
        dialogs.WaitForElement("textarea[data-testid=ack-note]").Input("   ");
        dialogs.Find("[data-testid=ack-submit]").Click();

        dialogs.WaitForElement("[data-testid=ack-error]").TextContent.ShouldContain("A note is required");
        dialogs.FindAll("[data-testid=ack-dialog]").ShouldNotBeEmpty();
        _alerts.Acknowledged.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public void Render_AcknowledgeButton_OnlyForThoseWhoMayAcknowledge(string role)
    {
        SignInAs(role);

        var (_, page) = RenderPage();

        page.FindAll("[data-testid=alert-ack-button]").Count.ShouldBe(RolePermissions.Allows(role, Permission.AcknowledgeAlerts) ? 1 : 0);
        RolePermissions.Allows(Roles.Operator, Permission.AcknowledgeAlerts).ShouldBeFalse();
    }

    [Fact]
    public void Render_Abuse_SeesNoAlertsAndNothingIsQueried()
    {
        SignInAs(Roles.Abuse);
        Services.GetRequiredService<NavigationManager>().NavigateTo(DashboardUrls.LagAlertsPath);

        var page = Render<AlertHistoryPage>();

        page.Find("[data-testid=alerts-denied]").TextContent.ShouldContain("may not read this");
        page.FindAll("[data-testid=alert-region]").ShouldBeEmpty();
        _alerts.Queries.ShouldBe(0);
    }

    [Fact]
    public void Render_FilterInUrl_ReachesTheQueryAndBadValuesAreNamed()
    {
        SignInAs(Roles.OnCall);
        Services.GetRequiredService<NavigationManager>().NavigateTo(DashboardUrls.LagAlertsUrl(region: "ap", severity: "critical", from: "2026-11-30", to: "2026-11-30", openOnly: true));

        var page = Render<AlertHistoryPage>();

        page.WaitForAssertion(() => _alerts.LastFilter.ShouldBe(new AlertFilter("ap", AlertSeverity.Critical, Opened.Date.ToUniversalTimeOffset(), Opened.Date.AddDays(1).ToUniversalTimeOffset(), true)));
    }

    [Fact]
    public void Render_UnusableFilterInUrl_IgnoredAndNamed()
    {
        SignInAs(Roles.OnCall);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/lag/alerts?region=mars&severity=bogus");

        var page = Render<AlertHistoryPage>();

        page.WaitForAssertion(() => _alerts.LastFilter.ShouldBe(new AlertFilter()));
        var ignored = page.Find("[data-testid=ignored-query]").TextContent;
        ignored.ShouldContain("region=mars");
        ignored.ShouldContain("severity=bogus");
    }
}

internal static class DateExtensions
{
    public static DateTimeOffset ToUniversalTimeOffset(this DateTime day) => new(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), TimeSpan.Zero);
}

/// <summary>Alert queries and commands over a list; both demand their permission as the real ones do.</summary>
internal sealed class TestAlerts(List<AlertDto> alerts) : IAlertQueries, IAlertCommands
{
    public List<(long Id, string Note, string By)> Acknowledged { get; } = [];
    public int Queries { get; private set; }
    public AlertFilter? LastFilter { get; private set; }

    public Task<AlertPage> PageAsync(Actor actor, AlertFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        actor.Demand(Permission.ReadAll);
        Queries++;
        LastFilter = filter;
        var matching = alerts.Where(a => filter.Region is null || a.Region == filter.Region).ToList();
        return Task.FromResult(new AlertPage(matching.Skip(page * pageSize).Take(pageSize).ToList(), matching.Count));
    }

    public Task<AlertDto> AcknowledgeAsync(Actor actor, long alertId, string note, CancellationToken cancellationToken)
    {
        actor.Demand(Permission.AcknowledgeAlerts);
        var clean = AlertCommands.ValidateNote(note);
        var index = alerts.FindIndex(a => a.Id == alertId);
        alerts[index] = alerts[index] with { AcknowledgedBy = actor.UserName, AcknowledgedAt = DateTimeOffset.UtcNow, AcknowledgeNote = clean };
        Acknowledged.Add((alertId, clean, actor.UserName));
        return Task.FromResult(alerts[index]);
    }
}
