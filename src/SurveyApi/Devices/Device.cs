namespace ParSurvey.SurveyApi.Devices;

/// <summary>
/// A kiosk tablet at a counter. An admin creates it and gets a short pairing code; the tablet trades the code once for
/// a device key. Only hashes of the code and the key are stored. While online it sends a heartbeat: when it was last
/// seen, how many ratings wait in its outbox, which page version it runs.
/// </summary>
public sealed record Device(
    Guid Id,
    string CounterId,
    string Name,
    string? PairingCodeHash,
    DateTimeOffset? PairingExpiresAt,
    string? KeyHash,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? PairedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastSeenAt = null,
    int? Pending = null,
    string? PageVersion = null)
{
    /// <summary>A kiosk is online while its heartbeat (every 30 s) arrived within this long.</summary>
    public static readonly TimeSpan OnlineWithin = TimeSpan.FromMinutes(2);

    public bool IsOnline(DateTimeOffset now) => RevokedAt is null && LastSeenAt is { } seen && now - seen <= OnlineWithin;

    public string State => RevokedAt is not null ? "revoked" : KeyHash is not null ? "paired" : "waiting";
}
