using Dashboard.Configuration;
using Dashboard.Data;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Dashboard.Features.Propagation;
using Dashboard.Features.Zones;
using Dashboard.TestSupport;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

[assembly: AssemblyFixture(typeof(Dashboard.EndToEndTests.EditingServices))]

namespace Dashboard.EndToEndTests;

/// <summary>
/// The dashboard's real write services on the test stack, for what a test arranges or checks outside the browser:
/// a zone of its own (created and deleted through <see cref="ZoneCommands"/>), a record written "underneath" as the
/// tunnel service would, and the replication gate.
/// </summary>
public sealed class EditingServices : IAsyncDisposable
{
    /// <summary>Who arranges test data; the audit trail records this name.</summary>
    public static readonly Actor Setup = new("e2e-setup", "e2e-setup", new HashSet<string> { Roles.Operator });

    private readonly AppServices _services;
    private readonly SemaphoreSlim _setupUserLock = new(1, 1);
    private bool _setupUserMade;

    public EditingServices()
    {
        Stack = TestStack.Load();
        _services = AppServices.Build(Stack, AppServices.ArrangementTimeouts);
    }

    public TestStack Stack { get; }

    public T Get<T>() where T : notnull => _services.Get<T>();

    /// <summary>A new zone <c>e2e-xxxxxxxx.test</c> (or <paramref name="name"/>) from the tier's template, made as <see cref="Setup"/>; dispose it to delete it.</summary>
    public async Task<ThrowawayZone> CreateZoneAsync(ZoneTier tier = ZoneTier.Free, string? name = null)
    {
        await EnsureSetupUserAsync();
        return await ThrowawayZone.CreateAsync(_services, Setup, tier, name, prefix: "e2e");
    }

    /// <summary>A reverse zone <c>x.y.10.in-addr.arpa</c> of the test's own, made as <see cref="Setup"/>.</summary>
    public async Task<ThrowawayZone> CreateReverseZoneAsync()
    {
        await EnsureSetupUserAsync();
        return await ThrowawayZone.CreateReverseAsync(_services, Setup);
    }

    /// <summary>
    /// Audit entries name real users: <see cref="Setup"/>'s user row is made on first use, once the dashboard under test
    /// has migrated the schema (and again on the next use if that failed).
    /// </summary>
    private async Task EnsureSetupUserAsync()
    {
        await _setupUserLock.WaitAsync();
        try
        {
            if (!_setupUserMade)
            {
                await TestActors.EnsureUsersAsync(Get<RegionDataSources>().Primary, [Setup], CancellationToken.None);
                _setupUserMade = true;
            }
        }
        finally
        {
            _setupUserLock.Release();
        }
    }

    /// <summary>Deletes the zone as <see cref="Setup"/> (NotFound when it is already gone).</summary>
    public async Task<ZoneCommandResult> DeleteZoneAsync(string name)
    {
        await EnsureSetupUserAsync();
        return await Get<ZoneCommands>().DeleteZoneAsync(Setup, name, name, CancellationToken.None);
    }

    /// <summary>Applies records through the real change-set command (arranging state without the browser).</summary>
    public async Task ApplyAsync(string zone, params (string Name, RecordType Type, string Content, int Ttl)[] records)
    {
        await EnsureSetupUserAsync();
        var reads = Get<ZoneEditingReads>();
        var set = new ChangeSet(zone, (await reads.PolicyAsync(Setup, zone, CancellationToken.None)).ShouldNotBeNull());
        foreach (var (name, type, content, ttl) in records)
        {
            var owner = DnsName.ResolveOwner(name, zone).Value!;
            set.Add(name, type, content, ttl, set.Find(new RRsetKey(owner, type)) is null
                ? await reads.RRsetAsync(Setup, zone, owner, type, CancellationToken.None)
                : null).Staged.ShouldBeTrue();
        }
        var applied = await Get<ChangeSetCommands>().ApplyAsync(Setup, zone, set, CancellationToken.None);
        await ThrowawayZone.ShouldBeVisibleEverywhereAsync(applied.ShouldBeOfType<ApplyResult.Applied>(applied.ToString()).Propagation);
    }

    /// <summary>
    /// Rewrites the one <paramref name="type"/> record at <paramref name="fqdn"/> on the primary to <paramref name="content"/>,
    /// underneath the dashboard as the tunnel service would, and waits until every region serves the new row.
    /// </summary>
    public async Task RewriteUnderneathAsync(string zone, string fqdn, RecordType type, string content)
    {
        (await ScalarAsync(
            "WITH changed AS (UPDATE records SET content = @content WHERE name = @name AND type = @type AND domain_id = (SELECT id FROM domains WHERE name = @zone) RETURNING 1) SELECT count(*) FROM changed",
            ("content", content), ("name", fqdn), ("type", type.ToString()), ("zone", zone))).ShouldBe(1);
        await PropagateAsync(fqdn);
    }

    /// <summary>Waits until every replica has replayed what the primary has now, then flushes <paramref name="names"/> on every region.</summary>
    public async Task PropagateAsync(params string[] names)
    {
        var gate = Get<ReplicationGate>();
        var lsn = await gate.CurrentPrimaryLsnAsync(CancellationToken.None);
        var propagation = await gate.PropagateAsync(lsn, names, Stack.Options.PropagationTimeout, CancellationToken.None);
        propagation.ShouldAllBe(p => p.Visible);
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Get<RegionDataSources>().Primary.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>What every region's PowerDNS answers, asked directly (no cache in the client).</summary>
public static class RegionDns
{
    /// <summary>The test stack's configured regions, in configuration order (never a fixed list: the stack may run any number).</summary>
    public static IReadOnlyList<string> Regions => TestStack.Current.RegionNames;

    /// <summary>PowerDNS's default cache-ttl (packet and query cache), which the stack keeps: the most a served TTL counts down.</summary>
    public const int CacheTtl = 20;

    /// <summary>
    /// The RDATA (presentation form) and TTL of every record of <paramref name="type"/> at <paramref name="name"/> in one
    /// region's answer, or in its referral for a delegation's NS set; with the response code.
    /// </summary>
    public static async Task<(DnsHeaderResponseCode Code, IReadOnlyList<(string Data, int Ttl)> Records)> AskAsync(TestStack stack, string region, string name, RecordType type)
    {
        var client = StackDns.For(stack.Region(region));
        var response = await client.QueryAsync(name, Enum.Parse<QueryType>(type.ToString()));
        // A timeout or a SERVFAIL fails here; NXDOMAIN is an answer (the caller decides whether it is the expected one).
        (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            .ShouldBeFalse($"{region}: {name} {type}: {response.ErrorMessage}");
        var records = response.Answers.Concat(type == RecordType.NS ? response.Authorities : [])
            .Where(r => DnsName.Normalize(r.DomainName.Value) == DnsName.Normalize(name) && r.RecordType.ToString() == type.ToString())
            .Select(r => (Data(r), r.TimeToLive))
            .ToList();
        return (response.Header.ResponseCode, records);
    }

    /// <summary>Every region answers exactly <paramref name="expected"/> (RDATA, any order) with TTL <paramref name="ttl"/>.</summary>
    public static async Task ShouldServeAsync(TestStack stack, string name, RecordType type, int ttl, params string[] expected)
    {
        foreach (var region in stack.RegionNames)
        {
            var (code, records) = await AskAsync(stack, region, name, type);
            code.ShouldBe(DnsHeaderResponseCode.NoError, $"{region}: {name} {type}");
            records.Select(r => r.Data).Order().ShouldBe(expected.Order(), $"{region}: {name} {type}");
            // PowerDNS's caches answer with the TTL counting down for up to their cache-ttl (20 s by default), so "the TTL is
            // the one set" means within that window of it. A narrower window is a timing assertion that a loaded machine breaks.
            records.ShouldAllBe(r => r.Ttl <= ttl && r.Ttl > ttl - CacheTtl, $"{region}: {name} {type} TTL");
        }
    }

    /// <summary>Every region answers no record of <paramref name="type"/> at <paramref name="name"/> (NXDOMAIN or NODATA).</summary>
    public static async Task ShouldNotServeAsync(TestStack stack, string name, RecordType type)
    {
        foreach (var region in stack.RegionNames)
        {
            var (code, records) = await AskAsync(stack, region, name, type);
            code.ShouldBeOneOf([DnsHeaderResponseCode.NotExistentDomain, DnsHeaderResponseCode.NoError], $"{region}: {name} {type}");
            records.ShouldBeEmpty($"{region}: {name} {type}");
        }
    }

    /// <summary>The zone's SOA serial as a region's PowerDNS answers it.</summary>
    public static async Task<uint> SerialAsync(TestStack stack, string region, string zone)
    {
        var response = await StackDns.For(stack.Region(region)).QueryAsync(zone, QueryType.SOA);
        response.Header.ResponseCode.ShouldBe(DnsHeaderResponseCode.NoError, $"{region}: {zone} SOA");
        return response.Answers.SoaRecords().Single().Serial;
    }

    private static string Data(DnsResourceRecord record) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        CNameRecord cname => Host(cname.CanonicalName),
        NsRecord ns => Host(ns.NSDName),
        PtrRecord ptr => Host(ptr.PtrDomainName),
        MxRecord mx => $"{mx.Preference} {Host(mx.Exchange)}",
        SrvRecord srv => $"{srv.Priority} {srv.Weight} {srv.Port} {Host(srv.Target)}",
        CaaRecord caa => $"{caa.Flags} {caa.Tag} {caa.Value}",
        TxtRecord txt => string.Concat(txt.Text),
        _ => record.ToString(),
    };

    private static string Host(DnsString name) => DnsName.Normalize(name.Value);
}

/// <summary>The zone page as an operator drives it (page object): add, edit, delete, apply.</summary>
public sealed class ZonePageUi(IPage page)
{
    public IPage Page { get; } = page;

    public async Task OpenAsync(string zone)
    {
        await Page.GotoAsync(DashboardUrls.ZoneUrl(zone));
        await Expect(Page.GetByTestId("zone-name")).ToHaveTextAsync(zone);
        await Expect(Page.GetByTestId("rrset-grid")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Waits until the page's leave guard (NavigationLock's beforeunload handler) is armed or disarmed. The guard is
    /// switched by a JS call after the render that shows the staged count, so a reload right after the diff appears
    /// can beat it; this dispatches a synthetic, cancelable beforeunload and reads whether a handler cancelled it.
    /// </summary>
    public Task ExpectLeaveGuardAsync(bool armed) =>
        Page.WaitForFunctionAsync(
            """
            armed => {
                const e = new Event('beforeunload', { cancelable: true });
                window.dispatchEvent(e);
                return e.defaultPrevented === armed;
            }
            """,
            armed);

    public ILocator RRset(string fqdn, RecordType type) =>
        Page.Locator($"[data-testid=rrset][data-name='{fqdn}'][data-type='{type}']");

    /// <summary>The record editor dialog (MudDialog puts its data-testid on the content, not on the actions).</summary>
    public ILocator Editor => Page.Locator(".mud-dialog").Filter(new() { Has = Page.GetByTestId("record-editor") });

    /// <summary>Opens the record editor on a new record and fills it; does not stage.</summary>
    public async Task FillNewRecordAsync(string name, RecordType type, IReadOnlyDictionary<string, string> fields, int? ttl = null)
    {
        await Page.GetByTestId("add-record").ClickAsync();
        await Expect(Editor).ToBeVisibleAsync();
        // The dialog opens with the focus in its first field, as a form should.
        await Expect(Editor.GetByTestId("field-name")).ToBeFocusedAsync();
        await Editor.GetByTestId("field-name").FillAsync(name);
        if (type != RecordType.A)
        {
            await SelectTypeAsync(type);
        }
        if (ttl is { } t)
        {
            await Editor.GetByTestId("field-ttl").FillAsync(t.ToString());
        }
        await FillFieldsAsync(0, fields);
    }

    public async Task FillFieldsAsync(int row, IReadOnlyDictionary<string, string> fields)
    {
        foreach (var (key, value) in fields)
        {
            await Editor.GetByTestId($"field-{key}-{row}").FillAsync(value);
        }
    }

    public async Task SelectTypeAsync(RecordType type)
    {
        await Editor.GetByTestId("field-type").ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").GetByText(type.ToString(), new() { Exact = true }).ClickAsync();
        await Expect(Editor.GetByTestId("field-type")).ToHaveTextAsync(type.ToString());
    }

    /// <summary>Clicks Stage and expects the editor to close (something was staged).</summary>
    public async Task StageAsync()
    {
        await Editor.GetByTestId("record-stage").ClickAsync();
        await Expect(Editor).ToHaveCountAsync(0);
    }

    /// <summary>Adds a record as an operator at the keyboard would: fills the form and presses Enter in its last field.</summary>
    public async Task AddRecordAsync(string name, RecordType type, IReadOnlyDictionary<string, string> fields, int? ttl = null)
    {
        await FillNewRecordAsync(name, type, fields, ttl);
        await Editor.GetByTestId($"field-{fields.Keys.Last()}-0").PressAsync("Enter");
        await Expect(Editor).ToHaveCountAsync(0);
    }

    /// <summary>Opens the editor on an RRset, changes the first record's fields and the TTL, stages.</summary>
    public async Task EditRRsetAsync(string fqdn, RecordType type, IReadOnlyDictionary<string, string> fields, int? ttl = null)
    {
        await RRset(fqdn, type).GetByTestId("edit-rrset").ClickAsync();
        await Expect(Editor).ToBeVisibleAsync();
        await FillFieldsAsync(0, fields);
        if (ttl is { } t)
        {
            await Editor.GetByTestId("field-ttl").FillAsync(t.ToString());
        }
        await StageAsync();
    }

    public async Task StageDeleteAsync(string fqdn, RecordType type)
    {
        var before = await StagedCountAsync();
        await RRset(fqdn, type).GetByTestId("delete-record").First.ClickAsync();
        await Expect(Page.GetByTestId("changeset-count")).ToHaveTextAsync($"({before + 1})");
    }

    /// <summary>The staged count in the change-set panel's header, "(n)".</summary>
    public ILocator StagedCount => Page.GetByTestId("changeset-count");

    public Task ExpectStagedAsync(int count) => Expect(StagedCount).ToHaveTextAsync($"({count})");

    /// <summary>The discard confirmation (MudDialog puts its data-testid on the content).</summary>
    public ILocator DiscardDialog => Page.Locator(".mud-dialog").Filter(new() { Has = Page.GetByTestId("discard-dialog") });

    /// <summary>Discards the staged set, confirming when asked.</summary>
    public async Task DiscardAsync()
    {
        await Page.GetByTestId("changeset-discard").ClickAsync();
        await DiscardDialog.GetByTestId("discard-confirm").ClickAsync();
    }

    /// <summary>The import dialog's file chooser.</summary>
    public ILocator ImportFile => Page.GetByTestId("import-file");

    /// <summary>The import dialog's paste box.</summary>
    public ILocator ImportText => Page.GetByTestId("import-text");

    /// <summary>Opens the import dialog and waits for it (the circuit can be slow to answer on a loaded machine).</summary>
    public async Task OpenImportAsync()
    {
        await Page.GetByTestId("import").ClickAsync();
        await Expect(ImportFile).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Pastes <paramref name="zoneFile"/> into the open import dialog and clicks Stage.</summary>
    public async Task ImportTextAsync(string zoneFile)
    {
        await ImportText.FillAsync(zoneFile);
        await StageImportAsync();
    }

    /// <summary>Clicks the import dialog's Stage (what it stages is the caller's to check).</summary>
    public Task StageImportAsync() => Page.GetByTestId("import-stage").ClickAsync();

    public async Task<int> StagedCountAsync() =>
        int.Parse((await Page.GetByTestId("changeset-count").InnerTextAsync()).Trim('(', ')'));

    /// <summary>Clicks Apply and waits for the result; expects it applied and confirmed in every region.</summary>
    public async Task ApplyAsync()
    {
        var applied = Page.GetByTestId("changeset-applied");
        // Staging clears the previous result, so the alert seen next is this apply's.
        await Expect(applied).ToHaveCountAsync(0);
        await Page.GetByTestId("changeset-apply").ClickAsync();
        await Expect(applied.Or(Page.GetByTestId("changeset-conflict")).Or(Page.GetByTestId("changeset-invalid")).Or(Page.GetByTestId("changeset-error"))).ToBeVisibleAsync();
        await Expect(applied).ToBeVisibleAsync();
        // The apply returns at COMMIT; the timeline then fills in until every region is confirmed by a DNS answer.
        await Expect(applied).ToHaveAttributeAsync("data-state", "visible");
        foreach (var region in RegionDns.Regions)
        {
            await Expect(applied.GetByTestId($"propagation-{region}")).ToContainTextAsync(new Regex(@"done, confirmed by DNS \+\d+ ms \(replayed \+\d+ ms, flushed \+\d+ ms\)"));
        }
        await Expect(Page.GetByTestId("changeset-count")).ToHaveTextAsync("(0)");
    }
}
