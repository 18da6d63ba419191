using OtpNet;

namespace Dashboard.TestSupport;

/// <summary>Authenticator codes as a phone would compute them, by an implementation independent of the dashboard's (Otp.NET).</summary>
public static class TotpCodes
{
    /// <param name="key">The key as the enrolment page shows it (Base32, spaces allowed).</param>
    public static string At(string key, DateTimeOffset time) =>
        new Totp(Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal))).ComputeTotp(time.UtcDateTime);
}
