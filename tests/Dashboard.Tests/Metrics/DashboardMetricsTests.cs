using System.Net;
using System.Text;
using Dashboard.Client.Live;
using Dashboard.Configuration;
using Dashboard.Features.Lag;
using Dashboard.Features.Metrics;
using Dashboard.Features.Regions;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.Metrics;

public sealed class DashboardMetricsTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T03:12:00Z");

    private static async Task<string> ExportAsync(DashboardMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Export_HasEachReplicasLagAndState_AndUnknownLagIsAbsentNotZero()
    {
        var lag = new LagStore(TimeProvider.System);
        var alerts = new AlertStore(TimeProvider.System);
        var metrics = new DashboardMetrics(lag, alerts, new RegionStatusStore(TimeProvider.System));
        lag.Publish(new LagSnapshot(
        [
            new LagSampleDto("eu", T0, ReplicaState.Streaming, 512, 480, 1, 1, 4096, 0, "streaming", null),
            new LagSampleDto("ap", T0, ReplicaState.Unreachable, null, null, null, null, null, null, null, "connection refused"),
        ], 1, T0));
        alerts.Publish([
            new AlertDto(1, "ap", AlertSeverity.Critical, "unreachable", T0, null, null, null, null, null),
            new AlertDto(2, "ap", AlertSeverity.Warning, "not yet visible in ap", T0, null, null, null, null, null, AlertKind.Propagation),
        ]);

        await metrics.StartAsync(TestContext.Current.CancellationToken);
        var text = await ExportAsync(metrics);

        text.ShouldContain("dashboard_replica_lag_heartbeat_seconds{region=\"eu\"} 0.512");
        text.ShouldNotContain("dashboard_replica_lag_heartbeat_seconds{region=\"ap\"}");
        text.ShouldContain("dashboard_replica_lag_bytes{region=\"eu\"} 4096");
        text.ShouldContain("dashboard_replica_state{region=\"ap\",state=\"unreachable\"} 1");
        text.ShouldContain("dashboard_replica_state{region=\"ap\",state=\"streaming\"} 0");
        text.ShouldContain("dashboard_lag_alerts_open{severity=\"critical\"} 1");
        text.ShouldContain("dashboard_lag_alerts_open{severity=\"warning\"} 0");
        text.ShouldContain("dashboard_propagation_alerts_open{severity=\"warning\"} 1");
        text.ShouldContain("dashboard_propagation_alerts_open{severity=\"critical\"} 0");
        await metrics.StopAsync(TestContext.Current.CancellationToken);
    }

    private static HttpContext Request(string remote, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        return context;
    }

    [Theory]
    [InlineData("127.0.0.1", null, null, null)]
    [InlineData("::1", null, null, null)]
    [InlineData("10.1.2.3", null, null, 403)]
    [InlineData("10.1.2.3", "s3cret", "Bearer s3cret", null)]
    [InlineData("127.0.0.1", "s3cret", null, 401)]
    [InlineData("10.1.2.3", "s3cret", "Bearer wrong", 401)]
    [InlineData("10.1.2.3", "s3cret", "Basic s3cret", 401)]
    public void Refusal_WithoutATokenOnlyLoopback_WithOneOnlyThatToken(string remote, string? token, string? authorization, int? expected) =>
        MetricsEndpoint.Refusal(Request(remote, authorization), token).ShouldBe(expected);
}
