using System.Net.Sockets;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// Tells "the database cannot be reached or does not answer" (connection refused, shutting down, timed out) apart from
/// a refusal by the database (a constraint, a permission) or a bug, and says which in plain words.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>True when <paramref name="exception"/> (or one it wraps) means the database is unreachable, shutting down or not answering.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PrimaryUnavailableException:
                    return true;
                case PostgresException pg:
                    // 08: connection exception; 57P: shutting down or starting up; 53300: too many connections.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == PostgresErrorCodes.TooManyConnections;
                case NpgsqlException:
                    // Not a PostgresException: the server never answered (socket, timeout, broken connection).
                    return true;
                case TimeoutException or SocketException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>Why the database could not be used, in a few words (e.g. "connection refused", "timed out").</summary>
    public static string Describe(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PrimaryUnavailableException unavailable:
                    return unavailable.Reason;
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown }:
                    return "the database is shutting down";
                case PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow }:
                    return "the database is starting up";
                case PostgresException pg:
                    return $"{pg.SqlState}: {pg.MessageText}";
                case TimeoutException:
                    return "timed out";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException socket:
                    return socket.Message;
            }
        }
        return exception.Message;
    }
}

/// <summary>
/// The primary database could not be reached or did not answer, so nothing could be checked or written. Not a
/// refusal: the same request may succeed once the primary is back.
/// </summary>
public sealed class PrimaryUnavailableException(string reason, Exception? inner = null)
    : Exception($"The primary database is unreachable ({reason}).", inner)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// The connection to the primary broke while COMMIT was under way: the transaction may or may not have been
/// committed, and only reading the data again can tell.
/// </summary>
public sealed class CommitInDoubtException(string reason, Exception inner)
    : Exception($"The connection to the primary database broke during COMMIT ({reason}): the change may or may not have been written.", inner)
{
    public string Reason { get; } = reason;
}
