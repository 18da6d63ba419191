using System.Collections.Concurrent;
using System.Net;
using Dashboard.Configuration;
using Dashboard.Data.PowerDns;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Checks;
using Dashboard.PowerDns;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Checks;

/// <summary>
/// The check engine with a scripted resolver, primary and PowerDNS API: which cells it streams and which names it
/// flushes when the primary's rows come late or never. No timing is asserted; waits are bounded only so that a hang
/// fails instead of blocking the run.
/// </summary>
public sealed class ResolutionChecksTests
{
    private const string Zone = "z.test";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private static readonly Actor OnCall = new("u-oncall", "oncall", new HashSet<string> { Roles.OnCall });
    private static readonly CheckRecord Soa = new($"{Zone}.", RecordType.SOA, 300, $"ns1.{Zone}. hostmaster.{Zone}. 1 10800 3600 604800 60");

    [Fact]
    public async Task Run_AnswersBeforeThePrimarysRows_QueriesGoOnAndEveryCellIsCompared()
    {
        // Two query slots for twelve cells, and the primary's rows come only once every question was asked: an answer
        // that held its slot until the rows were read would stop the check at the second question.
        var names = new[] { $"a.{Zone}", $"b.{Zone}", $"c.{Zone}", $"d.{Zone}" };
        var rows = new TaskCompletionSource<IReadOnlyDictionary<string, CheckRules.Expected>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolver = new ScriptedResolver(_ => CheckOutcome.NoError);
        resolver.Asked += count =>
        {
            if (count == names.Length * 3)
            {
                rows.TrySetResult(names.ToDictionary(n => n, n => CheckRules.Expected.Of([new StoredRecord(1, n, "A", "192.0.2.1", 60, null, false)])));
            }
        };
        var checks = Checks(resolver, new ScriptedExpectations(rows.Task), new FlushRecorder(), maxConcurrentQueries: 2);

        var events = await CollectAsync(checks.RunAsync(OnCall, checks.Validate(names, ["A"], []).Plan!, TestContext.Current.CancellationToken)).WaitAsync(HangGuard, TestContext.Current.CancellationToken);

        var cells = events.OfType<CellChecked>().Select(e => e.Cell).ToList();
        cells.Select(c => (c.Name, c.Region)).Order().ShouldBe(names.SelectMany(n => new[] { "us", "eu", "ap" }.Select(r => (n, r))).Order());
        cells.ShouldAllBe(c => c.Comparison == CheckComparison.Matches);
        events.OfType<MissesFlushed>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_StoppedWhileThePrimaryIsRead_TheMissesAlreadyDrawnAreStillFlushed()
    {
        // Every question draws NXDOMAIN; the primary's rows never come; the reader stops once every question was answered.
        var names = new[] { $"a.{Zone}", $"b.{Zone}", $"c.{Zone}" };
        var resolver = new ScriptedResolver(_ => CheckOutcome.NxDomain);
        var allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        resolver.Answered += count =>
        {
            if (count == names.Length * 3)
            {
                allAnswered.TrySetResult();
            }
        };
        var flushes = new FlushRecorder();
        var checks = Checks(resolver, new ScriptedExpectations(new TaskCompletionSource<IReadOnlyDictionary<string, CheckRules.Expected>>().Task), flushes);
        using var stop = new CancellationTokenSource();

        var reading = CollectAsync(checks.RunAsync(OnCall, checks.Validate(names, ["A"], []).Plan!, stop.Token));
        await allAnswered.Task.WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        (await Record.ExceptionAsync(() => reading)).ShouldBeAssignableTo<OperationCanceledException>();

        var flushed = await flushes.WaitForAsync(names.Length * 3).WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        flushed.Order().ShouldBe(names.SelectMany(n => new[] { "us", "eu", "ap" }.Select(r => $"{r} {n}.")).Order());
    }

    [Fact]
    public async Task Run_StoppedWhileAQuestionIsInFlight_ThatNameIsFlushedToo()
    {
        // One name's questions never come back (PowerDNS got them and may have cached the miss); the reader stops then.
        var slow = $"slow.{Zone}";
        var names = new[] { $"a.{Zone}", slow };
        var resolver = new ScriptedResolver(_ => CheckOutcome.NoError) { Hangs = slow };
        var slowAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hanging = 0;
        resolver.Hanging += () =>
        {
            if (Interlocked.Increment(ref hanging) == 3)
            {
                slowAsked.TrySetResult();
            }
        };
        var flushes = new FlushRecorder();
        var rows = names.ToDictionary(n => n, _ => CheckRules.Expected.Of([]));
        var checks = Checks(resolver, new ScriptedExpectations(Task.FromResult<IReadOnlyDictionary<string, CheckRules.Expected>>(rows)), flushes);
        using var stop = new CancellationTokenSource();

        var reading = CollectAsync(checks.RunAsync(OnCall, checks.Validate(names, ["A"], []).Plan!, stop.Token));
        await slowAsked.Task.WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        (await Record.ExceptionAsync(() => reading)).ShouldBeAssignableTo<OperationCanceledException>();

        var flushed = await flushes.WaitForAsync(3).WaitAsync(HangGuard, TestContext.Current.CancellationToken);
        flushed.Order().ShouldBe(new[] { "us", "eu", "ap" }.Select(r => $"{r} {slow}.").Order());
    }

    private static ResolutionChecks Checks(ICheckResolver resolver, ICheckExpectations expectations, FlushRecorder flushes, int maxConcurrentQueries = 64)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            Regions =
            [
                new RegionOptions { Name = "us", Role = RegionRole.Primary, PowerDnsApiUrl = "http://us.invalid/" },
                new RegionOptions { Name = "eu", Role = RegionRole.Replica, PowerDnsApiUrl = "http://eu.invalid/" },
                new RegionOptions { Name = "ap", Role = RegionRole.Replica, PowerDnsApiUrl = "http://ap.invalid/" },
            ],
            Checks = new ChecksOptions { MaxConcurrentQueries = maxConcurrentQueries },
        });
        return new ResolutionChecks(resolver, expectations, new PowerDnsApiClient(flushes, options), options, NullLogger<ResolutionChecks>.Instance);
    }

    private static async Task<List<CheckEvent>> CollectAsync(IAsyncEnumerable<CheckEvent> stream)
    {
        var events = new List<CheckEvent>();
        await foreach (var item in stream)
        {
            events.Add(item);
        }
        return events;
    }

    /// <summary>Answers every question at once with the outcome the script gives for the name (a miss carries the zone's SOA).</summary>
    private sealed class ScriptedResolver(Func<string, CheckOutcome> outcome) : ICheckResolver
    {
        private int _asked;
        private int _answered;

        /// <summary>Raised with the number of questions asked so far, before the answer is returned.</summary>
        public event Action<int>? Asked;

        /// <summary>Raised with the number of answers returned so far, just after one was.</summary>
        public event Action<int>? Answered;

        /// <summary>A name whose questions are never answered: they wait until the check is stopped.</summary>
        public string? Hangs { get; init; }

        /// <summary>Raised when a question to <see cref="Hangs"/> starts waiting.</summary>
        public event Action? Hanging;

        public async Task<DnsReply> QueryAsync(RegionOptions region, string name, RecordType type, CancellationToken cancellationToken)
        {
            Asked?.Invoke(Interlocked.Increment(ref _asked));
            if (name == Hangs)
            {
                var never = Task.Delay(Timeout.Infinite, cancellationToken);
                Hanging?.Invoke();
                await never;
            }
            await Task.Yield();
            var result = outcome(name);
            var reply = result == CheckOutcome.NoError
                ? new DnsReply(result, "NoError", true, [new CheckRecord(name + ".", RecordType.A, 60, "192.0.2.1")], null, TimeSpan.FromMilliseconds(1))
                : new DnsReply(result, result == CheckOutcome.NxDomain ? "NotExistentDomain" : "NoError", true, [], Soa, TimeSpan.FromMilliseconds(1));
            _ = Task.Run(() => Answered?.Invoke(Interlocked.Increment(ref _answered)), CancellationToken.None);
            return reply;
        }
    }

    /// <summary>The primary's rows when <paramref name="rows"/> completes; a cancelled read ends as the real one does.</summary>
    private sealed class ScriptedExpectations(Task<IReadOnlyDictionary<string, CheckRules.Expected>> rows) : ICheckExpectations
    {
        public Task<IReadOnlyDictionary<string, CheckRules.Expected>> ReadAsync(IReadOnlyList<string> names, IReadOnlyList<RecordType> types, CancellationToken cancellationToken) =>
            rows.WaitAsync(cancellationToken);
    }

    /// <summary>The PowerDNS API: records every cache flush as "region name." and answers it as PowerDNS does.</summary>
    private sealed class FlushRecorder : IHttpClientFactory
    {
        private readonly ConcurrentQueue<string> _flushed = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public HttpClient CreateClient(string name) => new(new Handler(this));

        /// <summary>Every flush so far, once there are at least <paramref name="count"/>.</summary>
        public async Task<IReadOnlyList<string>> WaitForAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await _arrived.WaitAsync();
            }
            return [.. _flushed];
        }

        private sealed class Handler(FlushRecorder recorder) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var uri = request.RequestUri!;
                var domain = Uri.UnescapeDataString(uri.Query.Split("domain=")[1]);
                recorder._flushed.Enqueue($"{uri.Host.Split('.')[0]} {domain}");
                recorder._arrived.Release();
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"count": 1, "result": "Flushed cache."}""") });
            }
        }
    }
}
