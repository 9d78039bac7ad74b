namespace ParSurvey.SurveyApi.Devices;

/// <summary>
/// A kiosk tablet at a counter. An admin creates it and gets a short pairing code; the tablet trades the code once for
/// a device key. Only hashes of the code and the key are stored.
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
    DateTimeOffset? RevokedAt)
{
    public string State => RevokedAt is not null ? "revoked" : KeyHash is not null ? "paired" : "waiting";
}
