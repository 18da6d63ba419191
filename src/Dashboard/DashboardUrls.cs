using System.Globalization;
using System.Text;
using Dashboard.Features.Zones;

namespace Dashboard;

/// <summary>
/// Every route of the console and every link into it, with its query string, built in one place: pages, endpoints,
/// navigation and tests never spell a path or a query parameter by hand. Values are escaped here; a parameter left
/// at its default is left out of the URL. Razor's <c>@page</c> needs a literal, so pages keep theirs, and
/// <c>DashboardUrlsTests</c> checks each one against the constant here.
/// </summary>
public static class DashboardUrls
{
    public const string HomePath = "/";
    public const string ZonesPath = "/zones";
    public const string ZonePageRoute = ZonesPath + "/{Zone}";
    public const string ZoneExportRoute = ZonesPath + "/{zone}/export";
    public const string ZoneImportRoute = ZonesPath + "/{zone}/import";
    public const string SearchPath = "/search";
    public const string LagPath = "/lag";
    public const string LagAlertsPath = LagPath + "/alerts";
    public const string ChecksPath = "/checks";
    public const string TakedownsPath = "/takedowns";
    public const string TakedownRoute = TakedownsPath + "/{Id:long}";
    public const string TakedownsExportPath = TakedownsPath + "/export";
    public const string RoutingPath = "/routing";
    public const string AuditPath = "/audit";
    public const string RegionsPath = "/regions";
    public const string UsersPath = "/users";
    public const string KeysPath = "/keys";
    /// <summary>The HTTP API's version 1: every endpoint under it authenticates with an API key only.</summary>
    public const string ApiV1Path = "/api/v1";
    /// <summary>The OpenAPI document's route; <c>{documentName}</c> is <c>v1</c>, so it is served at <see cref="ApiOpenApiPath"/>.</summary>
    public const string ApiOpenApiRoute = "/api/{documentName}/openapi.json";
    public const string ApiOpenApiPath = ApiV1Path + "/openapi.json";
    /// <summary>The API's browsable reference (Swagger UI), for signed-in users.</summary>
    public const string ApiReferencePath = "/api/reference";
    public const string HealthzPath = "/healthz";
    public const string LivezPath = "/livez";
    public const string MetricsPath = "/metrics";
    public const string WallboardPath = "/wallboard";
    public const string AccountPath = "/account";
    public const string SignInPath = AccountPath + "/login";
    public const string SignOutPath = AccountPath + "/logout";
    public const string AccessDeniedPath = AccountPath + "/denied";
    /// <summary>The second step of signing in: the code from the authenticator app, or a recovery code.</summary>
    public const string SignInCodePath = SignInPath + "/code";
    /// <summary>Two-factor enrolment and management for the signed-in user (and for one who must enrol before signing in).</summary>
    public const string TwoFactorPath = AccountPath + "/two-factor";
    public const string NotFoundPath = "/not-found";
    public const string ErrorPath = "/Error";

    /// <summary>The zone page's query parameters (<see cref="RRsetFilter"/>).</summary>
    public static class ZoneQuery
    {
        public const string Prefix = "prefix";
        public const string Contains = "contains";
        public const string Type = "type";
        public const string Sort = "sort";
        /// <summary>1-based.</summary>
        public const string Page = "page";
        public const string Size = "size";
    }

    /// <summary>The search page's query parameters.</summary>
    public static class SearchQuery
    {
        public const string Text = "q";
        /// <summary>1-based.</summary>
        public const string Page = "page";
    }

    /// <summary>The checks page's query parameters: comma-separated lists, for short checks (a long list is not put in the URL).</summary>
    public static class ChecksQuery
    {
        public const string Names = "names";
        public const string Types = "types";
        public const string Regions = "regions";

        /// <summary>At most this many names go into the URL; a longer check keeps its names on the page only.</summary>
        public const int MaxNamesInUrl = 20;
    }

    /// <summary>The lag page's query parameters.</summary>
    public static class LagQuery
    {
        /// <summary>The chart's range: one of <see cref="Features.Lag.LagRange"/>'s names (5m, 1h, 24h, 7d).</summary>
        public const string Range = "range";
    }

    /// <summary>The audit page's filter; dates are <see cref="AuditDateFormat"/>.</summary>
    public static class AuditQuery
    {
        public const string Actor = "actor";
        public const string Zone = "zone";
        public const string Name = "name";
        public const string Action = "action";
        public const string From = "from";
        public const string To = "to";
    }

    /// <summary>The takedowns list's filter; dates are <see cref="AuditDateFormat"/> (UTC days), <see cref="To"/> inclusive.</summary>
    public static class TakedownsQuery
    {
        public const string Status = "status";
        public const string Reason = "reason";
        public const string Actor = "actor";
        public const string Zone = "zone";
        public const string From = "from";
        public const string To = "to";
    }

    /// <summary>The alert history's filter; dates are <see cref="AuditDateFormat"/> (UTC days), <see cref="Open"/> is <c>true</c> or absent.</summary>
    public static class LagAlertsQuery
    {
        public const string Region = "region";
        public const string Severity = "severity";
        public const string From = "from";
        public const string To = "to";
        public const string Open = "open";
    }

    /// <summary>
    /// The sign-in page's query parameter: the cookie handler's own (<c>CookieAuthenticationDefaults.ReturnUrlParameter</c>,
    /// not a constant), which it adds when it sends someone to sign in.
    /// </summary>
    public static class SignInQuery
    {
        public const string ReturnUrl = "ReturnUrl";
    }

    public const string AuditDateFormat = "yyyy-MM-dd";

    public static string ZoneUrl(string zone) => $"{ZonesPath}/{Uri.EscapeDataString(zone)}";

    /// <summary>The zone page showing <paramref name="filter"/> (filters, sort, page); defaults are left out.</summary>
    public static string ZoneUrl(string zone, RRsetFilter filter) => WithQuery(ZoneUrl(zone), filter.ToQuery());

    /// <summary>The zone page showing just the RRsets of <paramref name="name"/> (every name starting with it).</summary>
    public static string ZoneFilteredTo(string zone, string name) => ZoneUrl(zone, new RRsetFilter(Prefix: name));

    public static string ZoneExportUrl(string zone) => $"{ZoneUrl(zone)}/export";

    public static string ZoneImportUrl(string zone) => $"{ZoneUrl(zone)}/import";

    /// <summary>The search page; <paramref name="page"/> is 1-based and left out when it is the first.</summary>
    public static string SearchUrl(string? text = null, int? page = null) => WithQuery(SearchPath, new Dictionary<string, object?>
    {
        [SearchQuery.Text] = text,
        [SearchQuery.Page] = page is > 1 ? page : null,
    });

    /// <summary>The audit trail filtered; <paramref name="from"/> and <paramref name="to"/> are days (<see cref="AuditDateFormat"/>).</summary>
    /// <summary>
    /// The checks page running <paramref name="names"/> × <paramref name="types"/> in <paramref name="regions"/> (none:
    /// every region); just the page when there are more than <see cref="ChecksQuery.MaxNamesInUrl"/> names.
    /// </summary>
    public static string ChecksUrl(IReadOnlyCollection<string>? names = null, IEnumerable<string>? types = null, IEnumerable<string>? regions = null) =>
        names is null || names.Count == 0 || names.Count > ChecksQuery.MaxNamesInUrl
            ? ChecksPath
            : WithQuery(ChecksPath, new Dictionary<string, object?>
            {
                [ChecksQuery.Names] = string.Join(',', names),
                [ChecksQuery.Types] = types is null ? null : string.Join(',', types),
                [ChecksQuery.Regions] = regions is null ? null : string.Join(',', regions),
            });

    public static string LagUrl(string? range = null) =>
        WithQuery(LagPath, new Dictionary<string, object?> { [LagQuery.Range] = range });

    public static string AuditUrl(string? actor = null, string? zone = null, string? name = null, string? action = null, string? from = null, string? to = null) =>
        WithQuery(AuditPath, new Dictionary<string, object?>
        {
            [AuditQuery.Actor] = actor,
            [AuditQuery.Zone] = zone,
            [AuditQuery.Name] = name,
            [AuditQuery.Action] = action,
            [AuditQuery.From] = from,
            [AuditQuery.To] = to,
        });

    /// <summary>The alert history filtered; <paramref name="from"/> and <paramref name="to"/> are days (<see cref="AuditDateFormat"/>), <paramref name="to"/> inclusive.</summary>
    public static string LagAlertsUrl(string? region = null, string? severity = null, string? from = null, string? to = null, bool openOnly = false) =>
        WithQuery(LagAlertsPath, new Dictionary<string, object?>
        {
            [LagAlertsQuery.Region] = region,
            [LagAlertsQuery.Severity] = severity?.ToLowerInvariant(),
            [LagAlertsQuery.From] = from,
            [LagAlertsQuery.To] = to,
            [LagAlertsQuery.Open] = openOnly ? "true" : null,
        });

    public static string TakedownUrl(long id) => $"{TakedownsPath}/{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The takedowns list (or, with <paramref name="export"/>, its CSV) filtered; values as the page's filter names them (lowercase).</summary>
    public static string TakedownsUrl(string? status = null, string? reason = null, string? actor = null, string? zone = null, string? from = null, string? to = null, bool export = false) =>
        WithQuery(export ? TakedownsExportPath : TakedownsPath, new Dictionary<string, object?>
        {
            [TakedownsQuery.Status] = status,
            [TakedownsQuery.Reason] = reason,
            [TakedownsQuery.Actor] = actor,
            [TakedownsQuery.Zone] = zone,
            [TakedownsQuery.From] = from,
            [TakedownsQuery.To] = to,
        });

    public static string AuditDate(DateTime day) => day.ToString(AuditDateFormat, CultureInfo.InvariantCulture);

    /// <summary>The sign-in page, returning to <paramref name="returnUrl"/> (a path on this site) afterwards.</summary>
    public static string SignInUrl(string? returnUrl = null) =>
        WithQuery(SignInPath, new Dictionary<string, object?> { [SignInQuery.ReturnUrl] = returnUrl });

    /// <summary>The code page of a sign-in half-way, returning to <paramref name="returnUrl"/> afterwards.</summary>
    public static string SignInCodeUrl(string? returnUrl = null) =>
        WithQuery(SignInCodePath, new Dictionary<string, object?> { [SignInQuery.ReturnUrl] = returnUrl });

    /// <summary>The enrolment page, returning to <paramref name="returnUrl"/> once enrolled.</summary>
    public static string TwoFactorUrl(string? returnUrl = null) =>
        WithQuery(TwoFactorPath, new Dictionary<string, object?> { [SignInQuery.ReturnUrl] = returnUrl });

    /// <summary>Routes rendered as static server-side pages (no interactive circuit).</summary>
    public static bool IsStaticRoute(PathString path) =>
        path.StartsWithSegments(AccountPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ErrorPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(WallboardPath, StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="path"/> with each value that is neither null nor empty, escaped, in the given order.</summary>
    private static string WithQuery(string path, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        var url = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in parameters)
        {
            if (Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                url.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(text));
                separator = '&';
            }
        }
        return url.ToString();
    }
}
