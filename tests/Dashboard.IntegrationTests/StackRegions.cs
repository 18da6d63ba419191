using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests;

/// <summary>Theory data over the test stack's configured regions, so that no test names the stack's regions.</summary>
public static class StackRegions
{
    /// <summary>Every configured replica's name, in configuration order.</summary>
    public static TheoryData<string> ReplicaNames => new(TestStack.Current.Replicas.Select(r => r.Name));
}
