using System.Net;
using Dashboard.Client.Live;
using Dashboard.Features.Api;
using Dashboard.Features.Auth;
using Dashboard.TestSupport;

namespace Dashboard.IntegrationTests.Api;

/// <summary>Replica lag over the API, in the same words as every other API answer.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiLagReadTests(ApiServerFixture api)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The state was written as the enum's C# name ("Streaming") while every other API word is camelCase.</summary>
    [Fact]
    public async Task Lag_EveryReplicaNamed_StateInCamelCase()
    {
        var owner = await api.CreateOwnerAsync(Cancel, Roles.OnCall);
        var (key, _, _) = await api.CreateKeyAsync(owner.Id, [Permission.ReadAll], Cancel);
        var replicas = TestStack.Current.Replicas.Select(r => r.Name).Order().ToArray();
        var words = Enum.GetValues<ReplicaState>().Select(s => ApiWords.Of(s)).ToArray();

        // The dashboard's sampler may not have taken its first round yet: until then the list is empty.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await api.GetAsync("/api/v1/lag", key, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
            var lag = await ApiServerFixture.JsonAsync(response, Cancel);
            var sampled = lag.GetProperty("replicas").EnumerateArray().ToList();
            if (sampled.Count > 0 || DateTime.UtcNow > deadline)
            {
                sampled.Select(r => r.GetProperty("region").GetString()).Order().ShouldBe(replicas);
                foreach (var replica in sampled)
                {
                    replica.GetProperty("state").GetString().ShouldBeOneOf(words);
                }
                return;
            }
            await Task.Delay(500, Cancel);
        }
    }
}
