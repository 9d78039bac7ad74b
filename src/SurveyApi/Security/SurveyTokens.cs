using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Security;

/// <summary>What a QR link's token says: the unit and counter, and for a dossier receipt the dossier number and an expiry.</summary>
public sealed record SurveyToken(
    [property: JsonPropertyName("u")] string UnitId,
    [property: JsonPropertyName("c")] string CounterId,
    [property: JsonPropertyName("d")] string? Dossier,
    [property: JsonPropertyName("e")] long? ExpiresUnix)
{
    [JsonIgnore] public bool IsDossier => Dossier is not null;
    [JsonIgnore] public DateTimeOffset? ExpiresAt => ExpiresUnix is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null;

    /// <summary>One rating per dossier of a unit, however many receipts are printed for it.</summary>
    [JsonIgnore] public string? OneTimeId => Dossier is null ? null
        : "dossier:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(UnitId + "\n" + Dossier)))[..32];
}

public enum TokenCheck { Valid, Malformed, Forged, Expired }

/// <summary>
/// Signs and checks QR-link tokens with HMAC-SHA256: base64url(JSON) "." base64url(MAC). Plain ASCII, so the QR code
/// holds a URL every phone reads. The key is configured, or made once and kept in the data folder.
/// </summary>
public sealed class SurveyTokens
{
    private readonly byte[] _key;

    public SurveyTokens(IOptions<SecurityOptions> security, IOptions<ParSurveyOptions> options)
    {
        _key = LoadKey(security.Value.QrSigningKey, SafePath.Under(options.Value.DataDirectoryFullPath, "qr-signing.key"));
    }

    public string Sign(SurveyToken token)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(token, SerializerOptions);
        var mac = HMACSHA256.HashData(_key, payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    public TokenCheck Check(string? text, DateTimeOffset now, out SurveyToken? token)
    {
        token = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 1024) return TokenCheck.Malformed;
        var dot = text.IndexOf('.');
        if (dot <= 0 || dot == text.Length - 1) return TokenCheck.Malformed;
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(text.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return TokenCheck.Malformed;
        }
        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload))) return TokenCheck.Forged;
        try
        {
            token = JsonSerializer.Deserialize<SurveyToken>(payload, SerializerOptions);
        }
        catch (JsonException)
        {
            return TokenCheck.Malformed;
        }
        if (token is null || string.IsNullOrEmpty(token.CounterId) || string.IsNullOrEmpty(token.UnitId)) return TokenCheck.Malformed;
        if (token.ExpiresAt is { } expires && expires <= now) return TokenCheck.Expired;
        return TokenCheck.Valid;
    }

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static byte[] LoadKey(string? configured, string file)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var key = Convert.FromBase64String(configured);
            if (key.Length < 32) throw new OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions),
                ["ParSurvey:Security:QrSigningKey must be at least 32 bytes, base64-encoded"]);
            return key;
        }
        if (File.Exists(file)) return Convert.FromBase64String(File.ReadAllText(file).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var fresh = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(file, Convert.ToBase64String(fresh));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return fresh;
    }
}
