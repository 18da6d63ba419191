using System.Net;
using Dashboard.Dns;
using Dashboard.Features.Zones;
using Dashboard.IntegrationTests.Zones;
using Dashboard.TestSupport;
using DnsClient;
using DnsClient.Protocol;

namespace Dashboard.IntegrationTests;

/// <summary>
/// Whatever regions the stack has: a change is applied, confirmed by DNS in every one and answered by each, and the
/// dashboard's <c>/healthz</c> is 200 with every region in it. It runs in the three-region suite, and again on a
/// five-region stack in <c>./test.sh</c>'s <c>five</c> step, which sets <c>DASHBOARD_TEST_EXPECT_REGIONS=5</c> so that
/// it cannot pass on a smaller stack by mistake. Names no region.
/// </summary>
public sealed class RegionCountSmokeTests(StackFixture fixture)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AChange_IsConfirmedAndAnsweredInEveryRegion_AndHealthzIs200WithEveryRegion()
    {
        var regions = fixture.Stack.Options.Regions;
        if (Environment.GetEnvironmentVariable("DASHBOARD_TEST_EXPECT_REGIONS") is { Length: > 0 } expected)
        {
            regions.Count.ShouldBe(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), "the stack's region count");
        }
        await using var zone = await EditingZone.CreateAsync(fixture, ct: Cancel);
        var set = await zone.NewSetAsync(Cancel);
        set.Add("smoke", RecordType.A, "192.0.2.77", 30, null).Staged.ShouldBeTrue();

        var applied = (await zone.Commands.ApplyAsync(EditingZone.Operator, zone.Name, set, Cancel)).ShouldBeOfType<ApplyResult.Applied>();
        var ended = await applied.Propagation.Ended.WaitAsync(TimeSpan.FromMinutes(2), Cancel);

        ended.Regions.Select(r => r.Region).ShouldBe(regions.Select(r => r.Name));
        ended.AllVisible.ShouldBeTrue(string.Join("; ", ended.Regions.Select(r => $"{r.Region}: {r.State} {r.Detail}")));
        foreach (var region in regions)
        {
            var answer = await StackDns.For(region).QueryAsync(zone.Fqdn("smoke"), QueryType.A, QueryClass.IN, Cancel);
            answer.Answers.OfType<ARecord>().ShouldHaveSingleItem(region.Name).Address.ToString().ShouldBe("192.0.2.77", region.Name);
        }

        await using var server = await DashboardServer.StartAsync(fixture.Stack, cancellationToken: Cancel);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        // A region's first probe may still be on its way just after start: healthy is what the page settles on.
        HttpResponseMessage? health = null;
        for (var attempt = 0; attempt < 30 && health?.StatusCode != HttpStatusCode.OK; attempt++)
        {
            health?.Dispose();
            health = await http.GetAsync(new Uri(server.BaseAddress, DashboardUrls.HealthzPath), Cancel);
            if (health.StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(1_000, Cancel);
            }
        }
        using var last = health.ShouldNotBeNull();
        var body = await last.Content.ReadAsStringAsync(Cancel);
        last.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        foreach (var region in regions)
        {
            body.ShouldContain($"\"{region.Name}\"");
        }
    }
}
