using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.TestSupport;

/// <summary>Signs in through the real sign-in form over HTTP (antiforgery token included).</summary>
public static partial class HttpSignIn
{
    /// <summary>Signs in as <paramref name="user"/> and returns the cookie header; throws if the form refuses.</summary>
    public static async Task<string> CookieAsync(Uri baseAddress, TestUsers.TestUser user, CancellationToken cancellationToken = default)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        using var response = await PostAsync(http, user.UserName, user.Password, _ => { }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains(DashboardUrls.SignInPath, StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Sign-in as {user.UserName} failed: {(int)response.StatusCode}.");
        }
        return cookies.GetCookieHeader(baseAddress);
    }

    /// <summary>
    /// Fetches the form for its antiforgery token, then posts the name and password with <paramref name="http"/> (which
    /// must keep cookies and not follow redirects). <paramref name="posting"/> runs just before the POST, so a caller can
    /// time the POST alone. The caller disposes the response.
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string userName, string password, Action<HttpClient> posting, CancellationToken cancellationToken = default)
    {
        var token = AntiforgeryToken(await http.GetStringAsync(DashboardUrls.SignInPath, cancellationToken))
            ?? throw new InvalidOperationException("No antiforgery token on the sign-in page.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        posting(http);
        return await http.PostAsync(DashboardUrls.SignInPath, content, cancellationToken);
    }

    /// <summary>The first antiforgery token of a page's forms, decoded; null when the page has none.</summary>
    public static string? AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
