using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Regions;

public partial class RegionCard
{
    [Parameter, EditorRequired]
    public required RegionStatus Status { get; set; }

    private string HealthAttribute => Status.IsHealthy ? "healthy" : "down";
    private string HealthLabel => Status.IsHealthy ? "Healthy" : "Down";
    private Color HealthColor => Status.IsHealthy ? Color.Success : Color.Error;
    private string HealthIcon => Status.IsHealthy ? Icons.Material.Filled.CheckCircle : Icons.Material.Filled.Error;
    private string RoleLabel => Status.ConfiguredRole.ToString().ToLowerInvariant();

    private string DatabaseText => Status.Database switch
    {
        { IsUp: false } => "down",
        { ActualRole: { } role } => $"up, {role.ToString().ToLowerInvariant()}",
        _ => "up",
    };

    private static Severity LintSeverityOf(LintFinding finding) =>
        finding.Severity == LintSeverity.Warning ? Severity.Warning : Severity.Info;

    private string PowerDnsText => Status.PowerDns.IsUp ? $"PowerDNS {Status.PowerDns.Version}" : "down";
}
