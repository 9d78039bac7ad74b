using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Devices;

namespace ParSurvey.SurveyApi.Security;

/// <summary>"Authorization: Device &lt;key&gt;" — a kiosk tablet proving it was paired and not revoked.</summary>
public sealed class DeviceKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    DeviceService devices) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "Device";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        if (MixedCredentials.In(Request)) return MixedCredentials.Fail(Context);
        var device = await devices.AuthenticateAsync(header[(Scheme.Length + 1)..].Trim(), Context.RequestAborted);
        if (device is null)
            return AuthFailure.Fail(Context, "Khóa thiết bị không hợp lệ hoặc đã bị thu hồi; ghép nối lại thiết bị / the device key is unknown or revoked; pair the device again");
        var identity = new ClaimsIdentity(
        [
            new Claim(ParSurveyClaims.Kind, ParSurveyClaims.DeviceKind),
            new Claim(ParSurveyClaims.Device, device.Id.ToString()),
            new Claim(ParSurveyClaims.Counter, device.CounterId),
            new Claim(ParSurveyClaims.Unit, device.UnitId),
        ], Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme));
    }
}

/// <summary>"X-Survey-Token: &lt;token&gt;" — a citizen's phone holding a signed QR link.</summary>
public sealed class SurveyTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    SurveyTokens tokens, Catalog.CatalogProvider catalog, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "SurveyToken";
    public const string Header = "X-Survey-Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return AuthenticateResult.NoResult();
        if (MixedCredentials.In(Request)) return MixedCredentials.Fail(Context);
        var (check, token) = await tokens.CheckAsync(values.ToString(), clock.GetUtcNow(), Context.RequestAborted);
        return check switch
        {
            TokenCheck.Expired => AuthFailure.Fail(Context, "Liên kết khảo sát đã hết hạn / this survey link has expired", "expired"),
            TokenCheck.Revoked or TokenCheck.Retired => AuthFailure.Fail(Context,
                "Mã QR này đã ngừng sử dụng; vui lòng quét mã mới tại quầy / this QR code has been withdrawn; please scan the new one at the counter", "revoked"),
            TokenCheck.Valid when catalog.Current.FindCounter(token!.CounterId) is null =>
                AuthFailure.Fail(Context, "Quầy của liên kết này không còn trong danh mục / this link's counter is no longer in the catalog", "invalid"),
            TokenCheck.Valid => AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
                new[]
                {
                    new Claim(ParSurveyClaims.Kind, ParSurveyClaims.SurveyKind),
                    new Claim(ParSurveyClaims.Counter, token.CounterId),
                    new Claim(ParSurveyClaims.Unit, token.UnitId),
                }.Concat(token.OneTimeId is { } id ? [new Claim(ParSurveyClaims.OneTimeToken, id)] : []), Scheme)), Scheme)),
            _ => AuthFailure.Fail(Context, "Liên kết khảo sát không hợp lệ (bị sửa hoặc giả mạo) / this survey link is not valid (altered or forged)", "invalid"),
        };
    }
}

/// <summary>
/// A device key and a survey link in one request are refused, whichever scheme looks first: otherwise the link's
/// rules (one rating per dossier, per-phone limits) could be lifted to a kiosk's by adding any device key.
/// </summary>
public static class MixedCredentials
{
    public const string Code = "mixed-credentials";

    public static bool In(HttpRequest request) =>
        request.Headers.ContainsKey(SurveyTokenHandler.Header) &&
        request.Headers.Authorization.ToString().StartsWith(DeviceKeyHandler.Scheme + " ", StringComparison.OrdinalIgnoreCase);

    public static AuthenticateResult Fail(HttpContext context) => AuthFailure.Fail(context,
        "Không gửi cùng lúc khóa thiết bị và liên kết khảo sát / send either a device key or a survey link, not both", Code);
}

/// <summary>Keeps why authentication failed, so the 401 can say it in words.</summary>
public static class AuthFailure
{
    private const string Key = "parsurvey:auth-failure";

    /// <param name="Status">401 (who are you?) unless the caller is known but refused as it stands (403).</param>
    public sealed record Reason(string Detail, string? Code, int Status = StatusCodes.Status401Unauthorized);

    public static AuthenticateResult Fail(HttpContext context, string detail, string? code = null, int status = StatusCodes.Status401Unauthorized)
    {
        context.Items[Key] = new Reason(detail, code, status);
        return AuthenticateResult.Fail(detail);
    }

    public static Reason? Of(HttpContext context) => context.Items.TryGetValue(Key, out var r) ? r as Reason : null;
}
