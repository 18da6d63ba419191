using Bunit;
using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Checks;
using Dashboard.PowerDns;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Components.Tests.Checks;

public sealed class ChecksPageTests : DashboardTestContext
{
    private static readonly DashboardOptions Settings = new()
    {
        Regions =
        [
            new RegionOptions { Name = "us", Role = RegionRole.Primary },
            new RegionOptions { Name = "eu", Role = RegionRole.Replica },
            new RegionOptions { Name = "ap", Role = RegionRole.Replica },
            new RegionOptions { Name = "sa", Role = RegionRole.Replica },
        ],
    };

    public ChecksPageTests()
    {
        var options = Microsoft.Extensions.Options.Options.Create(Settings);
        Services.AddSingleton(options);
        Services.AddSingleton(new ResolutionChecks(new TestResolver(), new TestExpectations(), new PowerDnsApiClient(new NoHttp(), options), options, NullLogger<ResolutionChecks>.Instance));
        SignInAs(Roles.OnCall);
    }

    [Fact]
    public void Url_ShortCheck_RunsAndEveryRegionGetsItsColumnAndCells()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(DashboardUrls.ChecksUrl(["a.test", "b.test"], ["A"]));

        var page = Render<ChecksPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=check-progress]").TextContent.ShouldBe("8 of 8 cells"));
        page.FindAll("th[data-testid^=check-col-]").Select(h => h.TextContent).ShouldBe(["us", "eu", "ap", "sa"]);
        page.FindAll("[data-testid=check-row]").Count.ShouldBe(2);
        page.FindAll("[data-testid=check-cell][data-region=ap]").ShouldAllBe(c => c.GetAttribute("data-outcome") == "timeout");
        page.FindAll("[data-testid=check-cell]:not([data-region=ap])").ShouldAllBe(c => c.GetAttribute("data-outcome") == "NOERROR");
        page.Find("[data-testid=check-summary]").TextContent.ShouldContain("2 timeout(s)");
    }

    [Fact]
    public void Url_BadName_SaysWhatAndRunsNothing()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(DashboardUrls.ChecksUrl(["bad..name"], ["A"]));

        var page = Render<ChecksPage>();

        page.Find("[data-testid=check-errors]").TextContent.ShouldContain("Line 1:");
        page.FindAll("[data-testid=check-results]").ShouldBeEmpty();
    }

    [Fact]
    public void Render_NoUrl_EveryConfiguredRegionIsOfferedAndChecked()
    {
        var page = Render<ChecksPage>();

        page.FindAll("[data-testid^=check-region-]").Count.ShouldBe(4);
        page.FindAll("[data-testid=check-results]").ShouldBeEmpty();
    }

    /// <summary>ap never answers; every other region answers one A record.</summary>
    private sealed class TestResolver : ICheckResolver
    {
        public Task<DnsReply> QueryAsync(RegionOptions region, string name, RecordType type, CancellationToken cancellationToken) =>
            Task.FromResult(region.Name == "ap"
                ? new DnsReply(CheckOutcome.Timeout, "none", false, [], null, TimeSpan.FromSeconds(1), "no answer within 1000 ms")
                : new DnsReply(CheckOutcome.NoError, "NoError", true, [new CheckRecord(name + ".", RecordType.A, 60, "192.0.2.1")], null, TimeSpan.FromMilliseconds(1)));
    }

    private sealed class TestExpectations : ICheckExpectations
    {
        public Task<IReadOnlyDictionary<string, CheckRules.Expected>> ReadAsync(IReadOnlyList<string> names, IReadOnlyList<RecordType> types, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, CheckRules.Expected>>(names.ToDictionary(n => n, n => CheckRules.Expected.Of([new Dashboard.Data.PowerDns.StoredRecord(1, n, "A", "192.0.2.1", 60, null, false)])));
    }

    /// <summary>A flush that reaches no server: the timeouts' flushes fail, which the page reports.</summary>
    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new Refusing());

        private sealed class Refusing : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                throw new HttpRequestException("connection refused");
        }
    }
}
