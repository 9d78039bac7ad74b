using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Memory;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// What a QR link's token says: the unit and counter; for a dossier receipt the dossier number and an expiry; for a
/// counter poster the poster's id (revocable); and the id of the key that signed it.
/// </summary>
public sealed record SurveyToken(
    [property: JsonPropertyName("u")] string UnitId,
    [property: JsonPropertyName("c")] string CounterId,
    [property: JsonPropertyName("d")] string? Dossier,
    [property: JsonPropertyName("e")] long? ExpiresUnix,
    [property: JsonPropertyName("i")] string? PosterId = null,
    [property: JsonPropertyName("k")] string? KeyId = null)
{
    [JsonIgnore] public bool IsDossier => Dossier is not null;
    [JsonIgnore] public DateTimeOffset? ExpiresAt => ExpiresUnix is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null;

    /// <summary>One rating per dossier of a unit, however many receipts are printed for it.</summary>
    [JsonIgnore] public string? OneTimeId => Dossier is null ? null
        : "dossier:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(UnitId + "\n" + Dossier)))[..32];
}

/// <param name="Revoked">A poster link an admin or supervisor revoked.</param>
/// <param name="Retired">Signed with a key an admin retired.</param>
public enum TokenCheck { Valid, Malformed, Forged, Expired, Revoked, Retired }

/// <summary>
/// Signs and checks QR-link tokens with HMAC-SHA256: base64url(JSON) "." base64url(MAC). Plain ASCII, so the QR code
/// holds a URL every phone reads. The keys are a ring (<see cref="QrKeyRing"/>); the token names its key.
/// </summary>
public sealed class SurveyTokens(QrKeyRing ring, IPosterStore posters, IMemoryCache cache, IChangeFeed changes)
{
    private static readonly TimeSpan RevocationCheck = TimeSpan.FromSeconds(2);

    // A poster revoked on another server is refused here at once too, not after the cache's few seconds.
    private readonly bool _subscribed = Subscribe(changes, cache);

    private static bool Subscribe(IChangeFeed changes, IMemoryCache cache)
    {
        changes.Subscribe(signal =>
        {
            if (signal.Kind == ChangeKind.PosterRevoked && Guid.TryParse(signal.Subject, out var id)) Forget(cache, id);
        });
        return true;
    }

    public async Task<string> SignAsync(SurveyToken token, CancellationToken ct)
    {
        var key = await ring.ActiveAsync(ct);
        var payload = JsonSerializer.SerializeToUtf8Bytes(token with { KeyId = key.Id }, SerializerOptions);
        var mac = HMACSHA256.HashData(key.Secret, payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    public async Task<(TokenCheck Check, SurveyToken? Token)> CheckAsync(string? text, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 1024) return (TokenCheck.Malformed, null);
        var dot = text.IndexOf('.');
        if (dot <= 0 || dot == text.Length - 1) return (TokenCheck.Malformed, null);
        byte[] payload, mac;
        SurveyToken? token;
        try
        {
            payload = Base64Url.DecodeFromChars(text.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
            // Read before the MAC is checked only to learn which key to check it with; nothing else is trusted yet.
            token = JsonSerializer.Deserialize<SurveyToken>(payload, SerializerOptions);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return (TokenCheck.Malformed, null);
        }
        if (token is null) return (TokenCheck.Malformed, null);
        if (await ring.FindAsync(token.KeyId, ct) is not { } key || !CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(key.Secret, payload)))
            return (TokenCheck.Forged, null);
        if (string.IsNullOrEmpty(token.CounterId) || string.IsNullOrEmpty(token.UnitId)) return (TokenCheck.Malformed, null);
        if (key.IsRetired) return (TokenCheck.Retired, token);
        if (token.ExpiresAt is { } expires && expires <= now) return (TokenCheck.Expired, token);
        if (token.PosterId is { } poster && await IsRevokedAsync(poster, ct)) return (TokenCheck.Revoked, token);
        return (TokenCheck.Valid, token);
    }

    /// <summary>Called when a poster is revoked on this server, so its next use is refused at once.</summary>
    public void ForgetPoster(Guid id) => Forget(cache, id);

    private static void Forget(IMemoryCache cache, Guid id) => cache.Set(PosterKey(id.ToString("N")), true, RevocationCheck);

    private async Task<bool> IsRevokedAsync(string posterId, CancellationToken ct)
    {
        if (!Guid.TryParseExact(posterId, "N", out var id)) return true;
        if (cache.TryGetValue(PosterKey(posterId), out bool revoked)) return revoked;
        revoked = await posters.FindAsync(id, ct) is not { IsRevoked: false };
        cache.Set(PosterKey(posterId), revoked, RevocationCheck);
        return revoked;
    }

    private static string PosterKey(string id) => "poster:" + id;

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
