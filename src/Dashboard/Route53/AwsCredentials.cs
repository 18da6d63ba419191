using Amazon.Runtime.Credentials;

namespace Dashboard.Route53;

/// <summary>The keys a request is signed with; <see cref="SessionToken"/> is set for temporary credentials (a role, SSO, STS).</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    // The secret must not reach a log through a record's generated ToString.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SessionToken = {(SessionToken is null ? "none" : "set")} }}";
}

/// <summary>
/// Where the Route 53 client gets its credentials, asked before every request so that refreshed temporary credentials
/// are used as soon as the source has them. The seam tests replace with fixed credentials.
/// </summary>
public interface IAwsCredentialSource
{
    Task<AwsCredentials> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The AWS SDK's own default credential chain (AWSSDK.Core): environment variables, the shared credentials and config
/// files (AWS_PROFILE or "default", SSO and role profiles included), web identity, and the container or EC2 instance
/// role. The SDK caches what it finds and refreshes temporary credentials before they expire. Credentials never come
/// from the dashboard's own configuration.
/// </summary>
public sealed class SdkAwsCredentialSource : IAwsCredentialSource
{
    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken)
    {
        // The chain may ask the instance metadata service; it has no cancellation of its own, so the caller's is honoured here.
        var resolved = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().WaitAsync(cancellationToken);
        var immutable = await resolved.GetCredentialsAsync().WaitAsync(cancellationToken);
        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey, immutable.UseToken ? immutable.Token : null);
    }
}
