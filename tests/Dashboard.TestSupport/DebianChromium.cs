namespace Dashboard.TestSupport;

/// <summary>
/// Debian's Chromium as the browser tests and the benchmarks launch it through Playwright (its bundled driver, never its
/// own browser download): which binary each runs, and the flags both need here.
/// </summary>
public static class DebianChromium
{
    /// <summary>The full browser, as users run it: what the benchmarks measure.</summary>
    public const string Browser = "/usr/bin/chromium";

    /// <summary>
    /// Chromium's headless shell (Debian's chromium-headless-shell, the same Chromium release as <see cref="Browser"/>):
    /// the same Blink, V8 and network stack without the desktop browser around them, as Playwright itself runs headless
    /// Chromium. The browser tests run it: with the full browser, Chromium spent 643 CPU-seconds of the end-to-end suite
    /// (55 % of both cores, 549 s); with the shell, 290 (338 s).
    /// </summary>
    public const string HeadlessShell = "/usr/bin/chromium-headless-shell";

    /// <summary>
    /// No sandbox and no GPU (a container as root); without the background-networking flags Chromium tries to reach the
    /// network, which is closed here.
    /// </summary>
    public static readonly IReadOnlyList<string> Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
}
