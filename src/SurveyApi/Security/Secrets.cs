using System.Security.Cryptography;
using System.Text;

namespace ParSurvey.SurveyApi.Security;

/// <summary>Random codes and keys, and the one-way hashes under which they are stored.</summary>
public static class Secrets
{
    // No 0/O, 1/I/L: a pairing code is read off one screen and typed on another.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>An 8-character pairing code shown as "ABCD-EFGH".</summary>
    public static string NewPairingCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(CodeAlphabet, 8);
        return new string(chars, 0, 4) + "-" + new string(chars, 4, 4);
    }

    public static string NormalisePairingCode(string code) =>
        new string(code.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();

    /// <summary>A device key: 256 random bits, base64url.</summary>
    public static string NewDeviceKey() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string NewOneTimePassword() =>
        System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    /// <summary>Hash for high-entropy secrets (device keys, pairing codes), which need no slow password hash.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
