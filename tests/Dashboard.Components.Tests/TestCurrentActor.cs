using Dashboard.Features.Auth;

namespace Dashboard.Components.Tests;

/// <summary>A signed-in actor with the given roles, for components that ask <see cref="ICurrentActor"/>.</summary>
public sealed class TestCurrentActor(params string[] roles) : ICurrentActor
{
    public Actor Actor { get; } = new("test-user-id", "test-user", roles.ToHashSet());

    public Task<Actor> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Actor);
}
