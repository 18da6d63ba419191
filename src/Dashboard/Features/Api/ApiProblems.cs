using Dashboard.Data;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Features.Api;

/// <summary>
/// Every refusal of the HTTP API as RFC 9457 problem details (<c>application/problem+json</c>), one factory per
/// status, so endpoints and the key handler say the same things the same way. Validation failures carry one entry
/// per invalid field (<see cref="Invalid"/>).
/// </summary>
public static class ApiProblems
{
    /// <summary>How long a client should wait before trying again while the primary is unreachable (as the hub and exports say).</summary>
    public const int OutageRetryAfterSeconds = 5;

    public static ProblemHttpResult Unauthorized() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "API key required",
        detail: "Send a working API key as 'Authorization: Bearer dash_…'. The key is missing, unknown, expired or revoked, or its owner is disabled.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail, extensions: extensions);

    /// <summary>A request that is well-formed but refused by the rules (422), with what is wrong.</summary>
    public static ProblemHttpResult Unprocessable(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refused", detail: detail, extensions: extensions);

    /// <summary>400 with one entry per invalid field (field name as the client sent it, camelCase).</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more fields are invalid.");

    public static ValidationProblem Invalid(string field, string error) => Invalid(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>503 with Retry-After: the primary database could not be reached; nothing was done.</summary>
    public static IResult Unavailable(string detail) => new WithRetryAfter(
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Primary database unreachable", detail: detail),
        OutageRetryAfterSeconds);

    /// <summary>
    /// 503 with Retry-After when the connection broke during COMMIT: the change may or may not be written. With an
    /// Idempotency-Key the retry is safe (it applies at most once); without, read the data before trying again.
    /// </summary>
    public static IResult InDoubt(string reason, bool idempotent) => new WithRetryAfter(
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Outcome unknown",
            detail: $"The connection to the primary database broke during COMMIT ({reason}), so the change may or may not have been written. "
                + (idempotent
                    ? "Send the same request with the same Idempotency-Key again: it applies at most once."
                    : "Read the data to see which before trying again (an Idempotency-Key makes such a retry safe).")),
        OutageRetryAfterSeconds);

    /// <summary>429 with Retry-After (seconds, at least 1).</summary>
    public static IResult TooManyRequests(int retryAfterSeconds) => new WithRetryAfter(
        TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"This API key has used its requests for now; try again in {retryAfterSeconds} s."),
        retryAfterSeconds);

    /// <summary>
    /// The group's filter: what the services throw becomes its problem (refused 403, sign-in gone 401, primary
    /// unreachable 503), so no endpoint catches these itself. Anything else is a fault, answered by <see cref="UseApiFaults"/>.
    /// </summary>
    public static async ValueTask<object?> MapExceptionsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AccessDeniedException ex)
        {
            return Forbidden(ex.Message);
        }
        catch (NotSignedInException)
        {
            return Unauthorized();
        }
        catch (CommitInDoubtException ex)
        {
            // Not "nothing was done": the connection broke during COMMIT, so the change may have been written.
            return InDoubt(ex.Reason, context.HttpContext.Request.Headers.ContainsKey(ApiIdempotency.Header));
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex) && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable($"The primary database is unreachable ({DatabaseFaults.Describe(ex)}); nothing was done. Try again shortly.");
        }
    }

    /// <summary>
    /// After routing: an exception that escapes a request routed to the API (from the key handler, the rate limiter or
    /// the endpoint) is answered as <see cref="InternalError"/>, problem+json a program can parse, never the HTML error
    /// page meant for people. It is logged with the trace id the answer carries. A client that went away, or a response
    /// already started, is left to the host as before.
    /// </summary>
    public static IApplicationBuilder UseApiFaults(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!ApiEndpoint.IsTarget(context))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiProblems))
                .LogError(ex, "API request {Method} {Path} failed (trace {TraceId})", context.Request.Method, context.Request.Path.Value, traceId);
            await InternalError(traceId, idempotent: context.Request.Headers.ContainsKey(ApiIdempotency.Header)).ExecuteAsync(context);
        }
    });

    /// <summary>
    /// 500: the dashboard failed on a request it should have handled. Whether a write was made is not known to the
    /// client (the failure may follow its COMMIT), so it says how to find out, as <see cref="InDoubt"/> does.
    /// </summary>
    public static ProblemHttpResult InternalError(string traceId, bool idempotent) => TypedResults.Problem(
        statusCode: StatusCodes.Status500InternalServerError,
        title: "Internal error",
        detail: $"The dashboard failed while handling this request; the error is logged with trace id {traceId}. "
            + (idempotent
                ? "Sending the same request with the same Idempotency-Key again is safe: it applies at most once."
                : "If the request writes, read the data to see whether it was written before trying again."),
        extensions: new Dictionary<string, object?> { ["traceId"] = traceId });

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
