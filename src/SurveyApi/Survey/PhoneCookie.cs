using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>
/// Tells one phone from another behind a hall's shared Wi-Fi without personal data: a random id in an HttpOnly cookie,
/// protected (signed and encrypted, with an expiry) by ASP.NET Core data protection, set by the survey page.
/// The id lives only in memory (<see cref="RepeatGuard"/>) and is never stored with a rating (Decree 13/2023/NĐ-CP).
/// </summary>
public sealed class PhoneCookie(IDataProtectionProvider protection, IOptions<SurveyOptions> options, TimeProvider clock)
{
    public const string Name = "ParSurvey.Phone";
    // The expiry travels inside the protected value and is checked against the app's clock (not the protector's own),
    // so a test clock and the server agree on it.
    private readonly IDataProtector _protector = protection.CreateProtector("ParSurvey.PhoneCookie.v1");

    /// <summary>The phone's id, or null when the request carries no cookie, an altered one or an expired one.</summary>
    public string? Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value) || value.Length > 512) return null;
        try
        {
            var parts = _protector.Unprotect(value).Split(' ');
            return parts.Length == 2 && long.TryParse(parts[1], out var expires) && expires > clock.GetUtcNow().ToUnixTimeSeconds() ? parts[0] : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Gives the phone an id unless it holds a valid one. Lax, so scanning the poster again (a top-level visit) keeps it.</summary>
    public void Ensure(HttpContext context)
    {
        if (Read(context) is not null) return;
        var lifetime = TimeSpan.FromHours(options.Value.PhoneCookieHours);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(Name, _protector.Protect($"{id} {(clock.GetUtcNow() + lifetime).ToUnixTimeSeconds()}"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        });
    }
}
