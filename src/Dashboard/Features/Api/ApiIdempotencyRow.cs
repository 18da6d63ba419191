namespace Dashboard.Features.Api;

/// <summary>
/// A change set applied through the API under an <c>Idempotency-Key</c>: written in the change's own transaction, so it
/// exists exactly when the change committed. A retry with the same key and key id finds it and is answered with the
/// same change instead of applying again. Kept for <see cref="ApiIdempotency.Retention"/>.
/// </summary>
public sealed class ApiIdempotencyRow
{
    public const int MaxKeyLength = 200;

    public Guid ApiKeyId { get; set; }
    public string IdempotencyKey { get; set; } = "";

    /// <summary>SHA-256 of the request (zone and body): the same key with another request is refused, not replayed.</summary>
    public byte[] RequestHash { get; set; } = [];

    public string Zone { get; set; } = "";
    public long Serial { get; set; }
    public Guid ChangeId { get; set; }
    public int RecordChanges { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
