using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.TestSupport;

/// <summary>Signs in through the real sign-in form over HTTP (antiforgery token included) and returns the cookie header.</summary>
public static partial class HttpSignIn
{
    public static async Task<string> CookieAsync(Uri baseAddress, TestUsers.TestUser user, CancellationToken cancellationToken = default)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await http.GetStringAsync(DashboardUrls.SignInPath, cancellationToken);
        var token = TokenPattern().Match(form) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the sign-in page.");
        using var response = await http.PostAsync(DashboardUrls.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = user.Password,
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains(DashboardUrls.SignInPath, StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Sign-in as {user.UserName} failed: {(int)response.StatusCode}.");
        }
        return cookies.GetCookieHeader(baseAddress);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
