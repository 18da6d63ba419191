namespace TunnelSimulator;

public enum TunnelAction
{
    Create,
    Remove,
}

/// <summary>
/// Keeps the live tunnels bounded: below <see cref="MaxLive"/> it creates, at (or above) it removes. Once the population
/// reaches the bound it therefore removes as many as it creates, alternating around it.
/// </summary>
public sealed class PopulationPolicy
{
    public PopulationPolicy(int maxLive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLive, 1);
        MaxLive = maxLive;
    }

    public int MaxLive { get; }

    public TunnelAction Decide(int live) => live < MaxLive ? TunnelAction.Create : TunnelAction.Remove;
}
