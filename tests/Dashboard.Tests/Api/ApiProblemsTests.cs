using Dashboard.Data;
using Dashboard.Features.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Api;

/// <summary>The API group's exception filter: whatever an endpoint throws, a program gets problem+json back.</summary>
public sealed class ApiProblemsTests
{
    [Fact]
    public async Task MapExceptions_UnexpectedFault_Is500ProblemWithATraceIdThatIsLoggedWithTheException()
    {
        var logged = new LoggedErrors();
        var context = Invocation(logged, idempotencyKey: null);
        var fault = new InvalidOperationException("something nobody expected");

        var result = await ApiProblems.MapExceptionsAsync(context, _ => throw fault);

        var problem = result.ShouldBeOfType<ProblemHttpResult>();
        problem.StatusCode.ShouldBe(StatusCodes.Status500InternalServerError);
        problem.ContentType.ShouldBe("application/problem+json");
        var traceId = problem.ProblemDetails.Extensions["traceId"].ShouldBeOfType<string>();
        traceId.ShouldNotBeNullOrWhiteSpace();
        problem.ProblemDetails.Detail.ShouldNotBeNull().ShouldContain(traceId);
        problem.ProblemDetails.Detail.ShouldContain("read the data");
        // The client is not told the exception's text; the log has it, under the same trace id.
        problem.ProblemDetails.Detail.ShouldNotContain(fault.Message);
        var entry = logged.Entries.ShouldHaveSingleItem();
        entry.Exception.ShouldBeSameAs(fault);
        entry.Message.ShouldContain(traceId);
        entry.Message.ShouldContain("POST /api/v1/zones/pro.tunnel.test/changesets");
    }

    [Fact]
    public async Task MapExceptions_UnexpectedFaultWithAnIdempotencyKey_SaysTheRetryIsSafe()
    {
        var context = Invocation(new LoggedErrors(), idempotencyKey: "k-1");

        var result = await ApiProblems.MapExceptionsAsync(context, _ => throw new InvalidOperationException("boom"));

        result.ShouldBeOfType<ProblemHttpResult>().ProblemDetails.Detail.ShouldNotBeNull().ShouldContain("same Idempotency-Key");
    }

    [Fact]
    public async Task MapExceptions_ClientWentAway_IsNotTurnedIntoA500()
    {
        var logged = new LoggedErrors();
        using var aborted = new CancellationTokenSource();
        var context = Invocation(logged, idempotencyKey: null);
        context.HttpContext.RequestAborted = aborted.Token;
        await aborted.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () =>
            await ApiProblems.MapExceptionsAsync(context, _ => throw new OperationCanceledException(aborted.Token)));
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

    private static DefaultEndpointFilterInvocationContext Invocation(LoggedErrors logged, string? idempotencyKey)
    {
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(logged)).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "POST";
        http.Request.Path = "/api/v1/zones/pro.tunnel.test/changesets";
        if (idempotencyKey is not null)
        {
            http.Request.Headers[ApiIdempotency.Header] = idempotencyKey;
        }
        return new DefaultEndpointFilterInvocationContext(http);
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
