using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Data;
using Dashboard.Features.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Dashboard.Features.ApiKeys;

/// <summary>The API's authentication scheme: <c>Authorization: Bearer dash_…</c>, checked by <see cref="ApiKeyResolver"/>.</summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";

    /// <summary>The claim naming the key (its id) on an API principal.</summary>
    public const string KeyIdClaimType = "dashboard:api_key_id";

    /// <summary>Set on a request whose key could not be checked because the primary did not answer (503, not 401).</summary>
    internal const string UncheckedItem = "dashboard:api_key_unchecked";

    /// <summary>The actor the request's key was resolved to at authentication, so the request's commands do not read the key again.</summary>
    internal const string ActorItem = "dashboard:api_actor";

    /// <summary>The bearer token of the request, or null when there is none.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header[Bearer.Length..].Trim() : null;
    }
}

/// <summary>
/// Authenticates an API request by its key on every request, against the database. Answers for itself as problem
/// details: 401 with <c>WWW-Authenticate: Bearer</c> for no key or one that does not work (unknown, wrong, expired,
/// revoked, owner disabled: the caller is not told which), 503 with Retry-After when the primary cannot be reached
/// to check, 403 when a policy refuses.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyResolver resolver)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeyAuthentication.BearerOf(Request) is not { Length: > 0 } key)
        {
            return AuthenticateResult.NoResult();
        }
        try
        {
            var (actor, refusal) = await resolver.ResolveAsync(key, Context.Connection.RemoteIpAddress, Context.RequestAborted);
            if (actor?.Key is not { } scope)
            {
                Logger.LogInformation("API key refused from {Address}: {Refusal}", Context.Connection.RemoteIpAddress, refusal);
                return AuthenticateResult.Fail("The API key does not work.");
            }
            // Checked against the database once per request, here; the endpoint's ICurrentActor takes this one.
            Context.Items[ApiKeyAuthentication.ActorItem] = actor;
            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, actor.UserId),
                    new Claim(ClaimTypes.Name, actor.UserName),
                    new Claim(ApiKeyAuthentication.KeyIdClaimType, scope.KeyId.ToString("N")),
                ],
                ApiKeyAuthentication.Scheme);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme));
        }
        catch (PrimaryUnavailableException ex)
        {
            Context.Items[ApiKeyAuthentication.UncheckedItem] = ex.Reason;
            return AuthenticateResult.Fail(ex.Message);
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(ApiKeyAuthentication.UncheckedItem))
        {
            return ApiProblems.Unavailable("The primary database is unreachable, so the API key cannot be checked; try again shortly.").ExecuteAsync(Context);
        }
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"dashboard\"";
        return ApiProblems.Unauthorized().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Forbidden("The API key may not do this.").ExecuteAsync(Context);
}
