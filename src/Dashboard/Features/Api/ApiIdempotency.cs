using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Data;
using Dashboard.Data.Configurations;
using Dashboard.Features.Zones;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Npgsql;

namespace Dashboard.Features.Api;

/// <summary>
/// <c>Idempotency-Key</c> for the API's change sets: a retried request (a timeout, a broken connection, a 503 while the
/// outcome of COMMIT was unknown) never applies twice. The record is written in the change's own transaction
/// (<see cref="ChangeSetCommands.ApplyAsync(Features.Auth.Actor, string, ChangeSet, string?, CancellationToken, Guid?, Func{ApplyingChange, IEnumerable{NpgsqlBatchCommand}}?)"/>),
/// so it exists exactly when the change does; keys are per API key and kept for <see cref="Retention"/>.
/// Singleton.
/// </summary>
public sealed class ApiIdempotency(RegionDataSources sources, TimeProvider time)
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on an answer replayed from the first request with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private const string Table = $"{DashboardDbContext.Schema}.{ApiIdempotencyConfiguration.Table}";
    private const string PrimaryKey = "PK_" + ApiIdempotencyConfiguration.Table;

    /// <summary>The request's key: none, or printable ASCII of 1 to <see cref="ApiIdempotencyRow.MaxKeyLength"/> characters.</summary>
    public static (string? Key, string? Error) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return (null, null);
        }
        var key = values.Count == 1 ? values[0] ?? "" : "";
        return key.Length is 0 or > ApiIdempotencyRow.MaxKeyLength || key.Any(c => c is < '!' or > '~')
            ? (null, $"{Header} is 1 to {ApiIdempotencyRow.MaxKeyLength} printable ASCII characters without spaces, given once (a UUID is a good one).")
            : (key, null);
    }

    /// <summary>
    /// The operation transformer of an endpoint that honours the header: the handler reads it from the request itself
    /// (to refuse a malformed or repeated one in words), so the document learns of it here, and of the answer's
    /// <see cref="ReplayedHeader"/>.
    /// </summary>
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = $"Makes a retry safe: a second request with the same key (per API key, for {Retention.TotalHours:0} hours) is answered with the change the first applied, and a different request with it is refused (422). A UUID is a good key.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = ApiIdempotencyRow.MaxKeyLength, Pattern = "^[!-~]+$" },
        });
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[ReplayedHeader] = new OpenApiHeader
            {
                Description = $"true when this answers a retry: the change was applied by the first request with the same {Header}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
        return Task.CompletedTask;
    }

    /// <summary>What makes two requests "the same": the zone and the body as read (so formatting and property order do not count).</summary>
    public static byte[] Fingerprint(string zone, ChangeSetRequestDto request) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Dns.DnsName.Normalize(zone)}\n{JsonSerializer.Serialize(request)}"));

    /// <summary>The change applied under this key, if one was within <see cref="Retention"/>.</summary>
    public async Task<ApiIdempotencyRow?> FindAsync(Guid apiKeyId, string key, CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand(
            $"SELECT request_hash, zone, serial, change_id, record_changes, created_at FROM {Table} WHERE api_key_id = @id AND idempotency_key = @key AND created_at >= @since");
        command.Parameters.AddWithValue("id", apiKeyId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("since", time.GetUtcNow() - Retention);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new ApiIdempotencyRow
        {
            ApiKeyId = apiKeyId,
            IdempotencyKey = key,
            RequestHash = reader.GetFieldValue<byte[]>(0),
            Zone = reader.GetString(1),
            Serial = reader.GetInt64(2),
            ChangeId = reader.GetGuid(3),
            RecordChanges = reader.GetInt32(4),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
        };
    }

    /// <summary>
    /// The statements that record the change under the key, for its transaction's write batch. The key's own records past
    /// retention go first, so a key may be used again after a day. A concurrent request with the same key waits there for
    /// the first one's COMMIT and then fails with a unique violation (<see cref="IsDuplicate"/>), rolling its whole apply back.
    /// </summary>
    public IEnumerable<NpgsqlBatchCommand> Record(ApplyingChange applying, Guid apiKeyId, string key, byte[] requestHash)
    {
        var expired = new NpgsqlBatchCommand($"DELETE FROM {Table} WHERE api_key_id = @id AND idempotency_key = @key AND created_at < @since");
        expired.Parameters.AddWithValue("id", apiKeyId);
        expired.Parameters.AddWithValue("key", key);
        expired.Parameters.AddWithValue("since", time.GetUtcNow() - Retention);
        var insert = new NpgsqlBatchCommand(
            $"INSERT INTO {Table} (api_key_id, idempotency_key, request_hash, zone, serial, change_id, record_changes, created_at) VALUES (@id, @key, @hash, @zone, @serial, @change, @changes, @at)");
        insert.Parameters.AddWithValue("id", apiKeyId);
        insert.Parameters.AddWithValue("key", key);
        insert.Parameters.AddWithValue("hash", requestHash);
        insert.Parameters.AddWithValue("zone", applying.Zone);
        insert.Parameters.AddWithValue("serial", applying.Serial);
        insert.Parameters.AddWithValue("change", applying.ChangeId);
        insert.Parameters.AddWithValue("changes", applying.RecordChanges);
        insert.Parameters.AddWithValue("at", time.GetUtcNow());
        return [expired, insert];
    }

    /// <summary>True for the unique violation of a second request with a key already recorded.</summary>
    public static bool IsDuplicate(Exception ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: PrimaryKey };

    /// <summary>Deletes every record past <see cref="Retention"/> (the leader's hourly retention).</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = sources.Primary.CreateCommand($"DELETE FROM {Table} WHERE created_at < @since");
        command.Parameters.AddWithValue("since", time.GetUtcNow() - Retention);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
