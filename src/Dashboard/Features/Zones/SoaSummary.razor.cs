using Microsoft.AspNetCore.Components;

namespace Dashboard.Features.Zones;

/// <summary>The zone's SOA serial and timers, and the negative TTL they make, with the tier's limit. Parameters only.</summary>
public partial class SoaSummary
{
    [Parameter] public ZoneDetail? Detail { get; set; }
}
