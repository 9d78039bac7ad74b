using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// "Authorization: Bearer pst_…" — a script acting as the staff member a personal API token was issued for, with the
/// same role and unit scope as their sign-in, without scraping the sign-in form. A disabled account or a revoked token
/// stops working at the next request; so does a token whose account must change its password (403), and an admin's
/// password reset revokes the account's tokens.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "ApiToken";
    public const string HeaderPrefix = "Bearer ";
    /// <summary>The problem's <c>code</c> when a token's account must still change its one-time password.</summary>
    public const string PasswordChangeRequiredCode = "token-account-must-change-password";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var account = await tokens.AuthenticateAsync(header[HeaderPrefix.Length..].Trim(), Context.RequestAborted);
        if (account is null)
            return AuthFailure.Fail(Context, "Mã truy cập API không hợp lệ hoặc đã bị thu hồi / the API token is unknown or revoked");
        if (account.MustChangePassword)
            return AuthFailure.Fail(Context,
                "Tài khoản của mã truy cập này phải đổi mật khẩu dùng một lần trước khi dùng mã (đăng nhập tại /login) / the token's account must change its one-time password first (sign in at /login)",
                PasswordChangeRequiredCode, StatusCodes.Status403Forbidden);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(StaffClaims.Identity(account, Scheme)), Scheme));
    }

    /// <summary>Policies name both the cookie and this scheme: a browser without a token keeps the cookie's redirect to /login.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Request.Headers.Authorization.ToString().StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)) return Task.CompletedTask;
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Request.Headers.Authorization.ToString().StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase)
            ? base.HandleForbiddenAsync(properties)
            : Task.CompletedTask;
}
