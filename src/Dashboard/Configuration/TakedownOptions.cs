using Dashboard.Features.Takedowns;

namespace Dashboard.Configuration;

/// <summary>Abuse takedowns: how long a taken-down name is held, per reason (<c>Dashboard:Takedowns</c>).</summary>
public sealed class TakedownOptions
{
    /// <summary>The hold for a reason not listed in <see cref="HoldByReason"/>.</summary>
    public TimeSpan DefaultHold { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Holds that differ from <see cref="DefaultHold"/>, e.g. <c>"Malware": "90.00:00:00"</c>.</summary>
    public Dictionary<TakedownReason, TimeSpan> HoldByReason { get; set; } = [];

    /// <summary>How often expired holds are ended (each audited as <c>takedown.expire</c>).</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan HoldFor(TakedownReason reason) => HoldByReason.GetValueOrDefault(reason, DefaultHold);
}
