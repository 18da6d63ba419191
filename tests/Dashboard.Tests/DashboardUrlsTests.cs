using System.Reflection;
using Dashboard.Components.Pages;
using Dashboard.Dns;
using Dashboard.Features.Account;
using Dashboard.Features.Audit;
using Dashboard.Features.Checks;
using Dashboard.Features.Lag;
using Dashboard.Features.Regions;
using Dashboard.Features.Search;
using Dashboard.Features.Users;
using Dashboard.Features.Zones;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests;

public sealed class DashboardUrlsTests
{
    /// <summary>Every page of the console with the constant its <c>@page</c> directive must match.</summary>
    private static readonly (Type Page, string Route)[] PageRoutes =
    [
        (typeof(Home), DashboardUrls.HomePath),
        (typeof(NotFound), DashboardUrls.NotFoundPath),
        (typeof(Error), DashboardUrls.ErrorPath),
        (typeof(ZonesPage), DashboardUrls.ZonesPath),
        (typeof(ZonePage), DashboardUrls.ZonePageRoute),
        (typeof(SearchPage), DashboardUrls.SearchPath),
        (typeof(AuditPage), DashboardUrls.AuditPath),
        (typeof(RegionsPage), DashboardUrls.RegionsPath),
        (typeof(ChecksPage), DashboardUrls.ChecksPath),
        (typeof(LagPage), DashboardUrls.LagPath),
        (typeof(AlertHistoryPage), DashboardUrls.LagAlertsPath),
        (typeof(UsersPage), DashboardUrls.UsersPath),
        (typeof(LoginPage), DashboardUrls.SignInPath),
        (typeof(AccessDeniedPage), DashboardUrls.AccessDeniedPath),
        (typeof(TwoFactorCodePage), DashboardUrls.SignInCodePath),
        (typeof(TwoFactorPage), DashboardUrls.TwoFactorPath),
        (typeof(Dashboard.Features.Wallboard.WallboardPage), DashboardUrls.WallboardPath),
        (typeof(Dashboard.Features.Takedowns.TakedownsPage), DashboardUrls.TakedownsPath),
        (typeof(Dashboard.Features.Takedowns.TakedownPage), DashboardUrls.TakedownRoute),
        (typeof(Dashboard.Features.Routing.RoutingPage), DashboardUrls.RoutingPath),
        (typeof(Dashboard.Features.ApiKeys.KeysPage), DashboardUrls.KeysPath),
    ];

    public static TheoryData<Type, string> Pages => new(PageRoutes);

    [Theory]
    [MemberData(nameof(Pages))]
    public void PageDirective_EveryPage_MatchesItsConstant(Type page, string route) =>
        page.GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ShouldBe([route]);

    [Fact]
    public void PageDirective_EveryRoutableComponent_IsListed()
    {
        var listed = PageRoutes.Select(p => p.Page).ToHashSet();

        var routable = typeof(DashboardUrls).Assembly.GetTypes().Where(t => t.GetCustomAttributes<RouteAttribute>().Any());

        routable.Where(t => !listed.Contains(t)).Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void ChecksUrl_ShortList_CarriesNamesTypesAndRegions() =>
        DashboardUrls.ChecksUrl(["a.test", "_dmarc.b.test"], ["A", "TXT"], ["us", "eu"])
            .ShouldBe("/checks?names=a.test%2C_dmarc.b.test&types=A%2CTXT&regions=us%2Ceu");

    [Fact]
    public void ChecksUrl_LongList_IsThePageAlone() =>
        DashboardUrls.ChecksUrl(Enumerable.Range(0, DashboardUrls.ChecksQuery.MaxNamesInUrl + 1).Select(i => $"n{i}.test").ToList(), ["A"]).ShouldBe("/checks");

    [Theory]
    [InlineData("free.tunnel.test", "/zones/free.tunnel.test")]
    [InlineData("é.test", "/zones/%C3%A9.test")]
    [InlineData("a/b?c#d.test", "/zones/a%2Fb%3Fc%23d.test")]
    public void ZoneUrl_Name_IsEscapedAsOneSegment(string zone, string expected) =>
        DashboardUrls.ZoneUrl(zone).ShouldBe(expected);

    [Fact]
    public void ZoneUrl_DefaultFilter_HasNoQuery() =>
        DashboardUrls.ZoneUrl("free.tunnel.test", new RRsetFilter()).ShouldBe("/zones/free.tunnel.test");

    [Fact]
    public void ZoneUrl_EveryFilter_InTheUrlEscaped() =>
        DashboardUrls.ZoneUrl("z.test", new RRsetFilter("a&b", "<x y>", RecordType.MX, RRsetSort.Type, Descending: true, Page: 2, PageSize: 100))
            .ShouldBe("/zones/z.test?prefix=a%26b&contains=%3Cx%20y%3E&type=MX&sort=-type&page=3&size=100");

    [Fact]
    public void ZoneUrl_UrlReadBack_GivesTheSameFilter()
    {
        var filter = new RRsetFilter("us.edge", "192.0.2", RecordType.AAAA, RRsetSort.Name, Descending: true, Page: 4, PageSize: 25);

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), DashboardUrls.ZoneUrl("z.test", filter)).Query);

        RRsetFilter.FromQuery(query[DashboardUrls.ZoneQuery.Prefix], query[DashboardUrls.ZoneQuery.Contains], query[DashboardUrls.ZoneQuery.Type],
            query[DashboardUrls.ZoneQuery.Sort], int.Parse(query[DashboardUrls.ZoneQuery.Page]!), int.Parse(query[DashboardUrls.ZoneQuery.Size]!))
            .ShouldBe(filter);
    }

    [Fact]
    public void ZoneFilteredTo_Name_IsThePrefixFilter() =>
        DashboardUrls.ZoneFilteredTo("free.tunnel.test", "us.edge").ShouldBe("/zones/free.tunnel.test?prefix=us.edge");

    [Fact]
    public void ZoneExportAndImportUrl_NameEscaped_UnderTheZone()
    {
        DashboardUrls.ZoneExportUrl("a b.test").ShouldBe("/zones/a%20b.test/export");
        DashboardUrls.ZoneImportUrl("a b.test").ShouldBe("/zones/a%20b.test/import");
    }

    [Theory]
    [InlineData(null, null, "/search")]
    [InlineData("", 1, "/search")]
    [InlineData("192.0.2.10", null, "/search?q=192.0.2.10")]
    [InlineData("192.0.2.10", 1, "/search?q=192.0.2.10")]
    [InlineData("a&page=9", 2, "/search?q=a%26page%3D9&page=2")]
    [InlineData("\n", null, "/search?q=%0A")]
    public void SearchUrl_FirstPageAndNoText_LeftOut(string? text, int? page, string expected) =>
        DashboardUrls.SearchUrl(text, page).ShouldBe(expected);

    [Fact]
    public void AuditUrl_NoFilter_IsThePage() => DashboardUrls.AuditUrl().ShouldBe("/audit");

    [Fact]
    public void AuditUrl_EmptyValues_LeftOut() =>
        DashboardUrls.AuditUrl(actor: "", zone: "z.test", action: null, to: "").ShouldBe("/audit?zone=z.test");

    [Fact]
    public void AuditUrl_EveryFilter_InOrderEscaped() =>
        DashboardUrls.AuditUrl("ann+1", "z.test", "www.z.test", AuditActions.UserDisable, DashboardUrls.AuditDate(new DateTime(2026, 1, 2)), "2026-01-31")
            .ShouldBe("/audit?actor=ann%2B1&zone=z.test&name=www.z.test&action=user.disable&from=2026-01-02&to=2026-01-31");

    [Theory]
    [InlineData(null, "/account/login")]
    [InlineData("/", "/account/login?ReturnUrl=%2F")]
    [InlineData("/zones/z.test?prefix=a&page=2", "/account/login?ReturnUrl=%2Fzones%2Fz.test%3Fprefix%3Da%26page%3D2")]
    public void SignInUrl_ReturnUrl_EscapedWhole(string? returnUrl, string expected) =>
        DashboardUrls.SignInUrl(returnUrl).ShouldBe(expected);

    [Fact]
    public void SignInQuery_ReturnUrl_IsTheCookieHandlers() =>
        DashboardUrls.SignInQuery.ReturnUrl.ShouldBe(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.ReturnUrlParameter);

    [Theory]
    [InlineData("/account/login", true)]
    [InlineData("/Account/Denied", true)]
    [InlineData("/wallboard", true)]
    [InlineData("/Error", true)]
    [InlineData("/accounts", false)]
    [InlineData("/zones", false)]
    public void IsStaticRoute_AccountErrorAndWallboard_Static(string path, bool expected) =>
        DashboardUrls.IsStaticRoute(path).ShouldBe(expected);

    [Fact]
    public void LagAlertsUrl_Filter_DefaultsLeftOutValuesEscaped()
    {
        DashboardUrls.LagAlertsUrl().ShouldBe("/lag/alerts");
        DashboardUrls.LagAlertsUrl(region: "ap", severity: "Critical", from: "2026-11-01", to: "2026-11-30", openOnly: true)
            .ShouldBe("/lag/alerts?region=ap&severity=critical&from=2026-11-01&to=2026-11-30&open=true");
        DashboardUrls.LagAlertsUrl(region: "a&b").ShouldBe("/lag/alerts?region=a%26b");
    }
}
