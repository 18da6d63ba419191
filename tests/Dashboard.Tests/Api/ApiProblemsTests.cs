using Dashboard.Data;
using Dashboard.Features.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Api;

/// <summary>The API's fault handling: whatever a request routed to the API throws, a program gets problem+json back.</summary>
public sealed class ApiProblemsTests
{
    [Fact]
    public async Task ApiFaults_UnexpectedFault_Is500ProblemJsonWithATraceIdThatIsLoggedWithTheException()
    {
        var logged = new LoggedErrors();
        var http = Request(logged, idempotencyKey: null, api: true);
        var fault = new InvalidOperationException("something nobody expected");

        await Pipeline(http, _ => throw fault);

        http.Response.StatusCode.ShouldBe(StatusCodes.Status500InternalServerError);
        http.Response.ContentType.ShouldBe("application/problem+json");
        var body = await BodyAsync(http);
        var traceId = body.GetProperty("traceId").GetString().ShouldNotBeNull();
        traceId.ShouldNotBeNullOrWhiteSpace();
        var detail = body.GetProperty("detail").GetString().ShouldNotBeNull();
        detail.ShouldContain(traceId);
        detail.ShouldContain("read the data");
        // The client is not told the exception's text; the log has it, under the same trace id.
        detail.ShouldNotContain(fault.Message);
        var entry = logged.Entries.ShouldHaveSingleItem();
        entry.Exception.ShouldBeSameAs(fault);
        entry.Message.ShouldContain(traceId);
        entry.Message.ShouldContain("POST /api/v1/zones/pro.tunnel.test/changesets");
    }

    [Fact]
    public async Task ApiFaults_UnexpectedFaultWithAnIdempotencyKey_SaysTheRetryIsSafe()
    {
        var http = Request(new LoggedErrors(), idempotencyKey: "k-1", api: true);

        await Pipeline(http, _ => throw new InvalidOperationException("boom"));

        http.Response.StatusCode.ShouldBe(StatusCodes.Status500InternalServerError);
        (await BodyAsync(http)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("same Idempotency-Key");
    }

    [Fact]
    public async Task ApiFaults_NotAnApiEndpoint_IsLeftToTheHostsErrorPage()
    {
        var logged = new LoggedErrors();
        var http = Request(logged, idempotencyKey: null, api: false);

        await Should.ThrowAsync<InvalidOperationException>(() => Pipeline(http, _ => throw new InvalidOperationException("a page's fault")));
        logged.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task ApiFaults_ClientWentAway_IsNotTurnedIntoA500()
    {
        var logged = new LoggedErrors();
        using var aborted = new CancellationTokenSource();
        var http = Request(logged, idempotencyKey: null, api: true);
        http.RequestAborted = aborted.Token;
        await aborted.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => Pipeline(http, _ => throw new OperationCanceledException(aborted.Token)));
        logged.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task ApiFaults_ResponseAlreadyStarted_IsNotRewritten()
    {
        var logged = new LoggedErrors();
        var http = Request(logged, idempotencyKey: null, api: true);
        http.Features.Set<IHttpResponseFeature>(new StartedResponse());

        await Should.ThrowAsync<InvalidOperationException>(() => Pipeline(http, _ => throw new InvalidOperationException("mid-body")));
        logged.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task MapExceptions_PrimaryUnreachable_StaysA503NotA500()
    {
        var context = Invocation(new LoggedErrors(), idempotencyKey: null);

        var unreachable = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:1", new System.Net.Sockets.SocketException(111));
        DatabaseFaults.IsUnavailable(unreachable).ShouldBeTrue();

        var result = await ApiProblems.MapExceptionsAsync(context, _ => throw unreachable);

        await result.ShouldBeAssignableTo<IResult>().ShouldNotBeNull().ExecuteAsync(context.HttpContext);
        context.HttpContext.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        context.HttpContext.Response.Headers.RetryAfter.ToString().ShouldBe(ApiProblems.OutageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static DefaultHttpContext Request(LoggedErrors logged, string? idempotencyKey, bool api = true)
    {
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(logged)).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "POST";
        http.Request.Path = "/api/v1/zones/pro.tunnel.test/changesets";
        http.Response.Body = new MemoryStream();
        if (idempotencyKey is not null)
        {
            http.Request.Headers[ApiIdempotency.Header] = idempotencyKey;
        }
        // As routing leaves it: the endpoint the request goes to, with the API's mark or without.
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, api ? new EndpointMetadataCollection(ApiEndpoint.Instance) : EndpointMetadataCollection.Empty, "test"));
        return http;
    }

    /// <summary>The API's fault handling in front of <paramref name="rest"/> (the rest of the pipeline: auth, the endpoint).</summary>
    private static Task Pipeline(HttpContext http, RequestDelegate rest)
    {
        var app = new ApplicationBuilder(http.RequestServices);
        app.UseApiFaults();
        app.Run(rest);
        return app.Build()(http);
    }

    private static async Task<System.Text.Json.JsonElement> BodyAsync(HttpContext http)
    {
        http.Response.Body.Position = 0;
        return (await System.Text.Json.JsonDocument.ParseAsync(http.Response.Body)).RootElement;
    }

    private static DefaultEndpointFilterInvocationContext Invocation(LoggedErrors logged, string? idempotencyKey) =>
        new(Request(logged, idempotencyKey));

    private sealed class StartedResponse : HttpResponseFeature
    {
        public override bool HasStarted => true;
    }

    private sealed class LoggedErrors : ILoggerProvider, ILogger
    {
        public List<(string Message, Exception? Exception)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (Entries)
                {
                    Entries.Add((formatter(state, exception), exception));
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
