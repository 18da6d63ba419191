using Bunit;
using Dashboard.Dns;
using Dashboard.Features.Zones;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Components.Tests.Zones;

public sealed class RecordEditorDialogTests : DashboardTestContext
{
    private static readonly ZonePolicy Free = new(new TtlBounds(10, 3600, "free"), 30, 30);
    private readonly List<RecordDraft> _staged = [];

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(RRsetRow? existing = null, string zone = "free.tunnel.test")
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<RecordEditorDialog>
        {
            { d => d.Zone, zone },
            { d => d.Policy, Free },
            { d => d.Existing, existing },
            { d => d.TryStage, draft => { _staged.Add(draft); return Task.FromResult(StageResult.Ok); } },
        };
        await provider.InvokeAsync(() => dialogs.ShowAsync<RecordEditorDialog>("Add", parameters));
        return provider;
    }

    private static void Type(IRenderedComponent<MudDialogProvider> provider, string testId, string value) =>
        provider.Find($"input[data-testid={testId}]").Input(value);

    [Fact]
    public async Task Typing_BadIPv4_ShowsMessageNextToField()
    {
        var provider = await OpenAsync();

        Type(provider, "field-address-0", "192.0.2.300");

        var field = provider.Find("input[data-testid=field-address-0]").Closest(".mud-input-control")!;
        field.ClassList.ShouldContain("mud-input-error");
        field.TextContent.ShouldContain("192.0.2.300");
        _staged.ShouldBeEmpty();
    }

    [Fact]
    public async Task Typing_TtlAboveTier_ShowsTierBound()
    {
        var provider = await OpenAsync();

        Type(provider, "field-ttl", "7200");

        provider.Markup.ShouldContain("maximum of 3600 seconds (free tier)");
    }

    [Fact]
    public async Task Typing_NameOutsideZone_ShowsNotInsideZone()
    {
        var provider = await OpenAsync();

        Type(provider, "field-name", "www.example.org.");

        provider.Markup.ShouldContain("not inside zone");
    }

    [Fact]
    public async Task Stage_ValidRecord_ReturnsDraftWithNormalizedContent()
    {
        var provider = await OpenAsync();
        Type(provider, "field-name", "www");
        Type(provider, "field-address-0", "192.0.2.1");

        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        _staged.ShouldHaveSingleItem().ShouldBe(new RecordDraft("www", RecordType.A, 30, [new RecordEdit(null, "192.0.2.1", false)]), new DraftComparer());
    }

    [Fact]
    public async Task Stage_InvalidRecord_StagesNothingAndShowsErrors()
    {
        var provider = await OpenAsync();
        Type(provider, "field-name", "www");

        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        _staged.ShouldBeEmpty();
        provider.FindAll(".mud-input-error").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task EditMx_ShowsPreferenceAndExchangeFields()
    {
        var existing = new RRsetRow("free.tunnel.test", RecordType.MX, 300, [new RecordRow(1, "10 mx1.free.tunnel.test", false)], "v");
        var provider = await OpenAsync(existing);

        provider.Find("input[data-testid=field-preference-0]").GetAttribute("value").ShouldBe("10");
        provider.Find("input[data-testid=field-exchange-0]").GetAttribute("value").ShouldBe("mx1.free.tunnel.test.");
        Type(provider, "field-preference-0", "70000");

        provider.Markup.ShouldContain("Preference must be a whole number from 0 to 65535");
    }

    [Fact]
    public async Task Typing_RelativeCnameTarget_HelperTextShowsTheAbsoluteName()
    {
        var provider = await OpenAsync();
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("CNAME"));

        Type(provider, "field-target-0", "ux-a");

        var field = provider.Find("input[data-testid=field-target-0]").Closest(".mud-input-control")!;
        field.QuerySelector(".mud-input-helper-text")!.TextContent.ShouldBe("Means ux-a.free.tunnel.test.");
    }

    [Fact]
    public async Task Stage_RelativeCnameTarget_DraftHoldsTheAbsoluteTarget()
    {
        var provider = await OpenAsync();
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("CNAME"));
        Type(provider, "field-name", "alias");
        Type(provider, "field-target-0", "ux-a");

        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        _staged.ShouldHaveSingleItem().Records.ShouldHaveSingleItem().Content.ShouldBe("ux-a.free.tunnel.test");
    }

    [Fact]
    public async Task Stage_EmptyName_SaysToWriteTheApexAndStagesNothing()
    {
        var provider = await OpenAsync();
        Type(provider, "field-address-0", "192.0.2.1");

        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        _staged.ShouldBeEmpty();
        provider.Markup.ShouldContain("Enter a name: @ for the zone apex (free.tunnel.test itself)");
    }

    [Fact]
    public async Task Stage_OtherTypeByNumber_DraftHoldsTheGenericTypeAndData()
    {
        var provider = await OpenAsync();
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(RecordForm.TypeLabel(RecordForm.OtherType)));
        Type(provider, "field-name", "private");
        Type(provider, "field-type-code", "65280");
        Type(provider, "field-content-0", @"\# 3 abcdef");

        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        var draft = _staged.ShouldHaveSingleItem();
        draft.Type.Mnemonic().ShouldBe("TYPE65280");
        draft.Records.ShouldHaveSingleItem().Content.ShouldBe(@"\# 3 abcdef");
    }

    [Theory]
    [InlineData("", "Enter the type's number")]
    [InlineData("1", "TYPE1 is A; enter it as A")]
    [InlineData("200", "range 128-255")]
    [InlineData("70000", "a whole number from 1 to 65535")]
    public async Task Stage_OtherTypeWithBadNumber_SaysWhyAndStagesNothing(string code, string message)
    {
        var provider = await OpenAsync();
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(RecordForm.TypeLabel(RecordForm.OtherType)));
        Type(provider, "field-name", "private");
        Type(provider, "field-type-code", code);
        Type(provider, "field-content-0", @"\# 0");

        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        _staged.ShouldBeEmpty();
        provider.Markup.ShouldContain(message);
    }

    /// <summary>
    /// Each type's form, as the operator fills it: "field=value" pairs joined by |, then the content the draft holds. Names
    /// outside the zone are typed with their trailing dot. What each content is served as in every region is the
    /// integration suite's job (ChangeSetApplyTests); the browser suite walks A, SRV and PTR end to end. Reopened, a
    /// field shows what was staged; TXT shows its zone-file form (quoted strings: the one form that can hold several).
    /// </summary>
    public static TheoryData<string, string, string, string, string, string, string?> EveryTypeForm => new()
    {
        { "A", "www", "address=192.0.2.10", "192.0.2.10", "address=192.0.2.20", "192.0.2.20", null },
        { "AAAA", "www", "address=2001:db8::10", "2001:db8::10", "address=2001:DB8:0:0::20", "2001:db8::20", null },
        { "CNAME", "shop", "target=shops.example.net.", "shops.example.net", "target=storefront.example.net.", "storefront.example.net", null },
        { "MX", "@", "preference=10|exchange=mx1.example.net.", "10 mx1.example.net", "preference=20|exchange=mx2", "20 mx2.free.tunnel.test", null },
        { "TXT", "_dmarc", "text=v=DMARC1; p=none", "\"v=DMARC1; p=none\"", "text=v=DMARC1; p=reject", "\"v=DMARC1; p=reject\"", "text=\"v=DMARC1; p=none\"" },
        { "SRV", "_sip._tcp", "priority=10|weight=5|port=5060|target=sip1.example.net.", "10 5 5060 sip1.example.net", "priority=20|weight=0|port=5061|target=sip2.example.net.", "20 0 5061 sip2.example.net", null },
        { "CAA", "@", "flags=0|tag=issue|value=letsencrypt.org", "0 issue \"letsencrypt.org\"", "flags=128|tag=issuewild|value=pki.goog", "128 issuewild \"pki.goog\"", null },
        { "NS", "customer", "target=ns1.customer-dns.example.net.", "ns1.customer-dns.example.net", "target=ns2.customer-dns.example.net.", "ns2.customer-dns.example.net", null },
        { "PTR", "10", "target=host-10.example.net.", "host-10.example.net", "target=mail.example.net.", "mail.example.net", null },
    };

    [Theory]
    [MemberData(nameof(EveryTypeForm))]
    public async Task EveryType_AddThenEdit_FormFieldsRoundTripToTheDraftsContent(string type, string name, string add, string added, string edit, string edited, string? reopened)
    {
        var zone = type == "PTR" ? "2.0.192.in-addr.arpa" : "free.tunnel.test";
        var provider = await OpenAsync(zone: zone);
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(type));
        Type(provider, "field-name", name);
        foreach (var (field, value) in Fields(add))
        {
            Type(provider, $"field-{field}-0", value);
        }

        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        var draft = _staged.ShouldHaveSingleItem();
        draft.Type.Mnemonic().ShouldBe(type);
        draft.Records.ShouldHaveSingleItem().Content.ShouldBe(added);

        // Opened again on what was staged: every field shows what was typed (relative names as absolute), and the edit
        // replaces that record.
        _staged.Clear();
        var fqdn = name == "@" ? zone : $"{name}.{zone}";
        var existing = new RRsetRow(fqdn, draft.Type, 30, [new RecordRow(1, added, false)], "v");
        provider = await OpenAsync(existing, zone);
        foreach (var (field, value) in Fields(reopened ?? add))
        {
            provider.Find($"input[data-testid=field-{field}-0]").GetAttribute("value").ShouldBe(value);
        }
        foreach (var (field, value) in Fields(edit))
        {
            Type(provider, $"field-{field}-0", value);
        }
        await provider.Find("[data-testid=record-stage]").ClickAsync(new());

        var edited1 = _staged.ShouldHaveSingleItem().Records.ShouldHaveSingleItem();
        edited1.Content.ShouldBe(edited);
        edited1.From.ShouldBe(added);
    }

    private static IEnumerable<(string Field, string Value)> Fields(string spec) =>
        spec.Split('|').Select(pair => pair.Split('=', 2)).Select(kv => (kv[0], kv[1]));

    private sealed class DraftComparer : IEqualityComparer<RecordDraft>
    {
        public bool Equals(RecordDraft? x, RecordDraft? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Type == y.Type && x.Ttl == y.Ttl && x.Records.SequenceEqual(y.Records);

        public int GetHashCode(RecordDraft obj) => obj.Name.GetHashCode();
    }
}
