using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Security;

public static class SecuritySetup
{
    private const string ByCredential = "ByCredential";

    public static WebApplicationBuilder AddParSurveySecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QrKeyRing>();
        services.AddSingleton<SurveyTokens>();

        // One default scheme that picks by what the request carries, so the caller is known before rate limiting
        // (a kiosk is limited per device, a phone per address), not only once authorization runs. A survey link is
        // looked at first: when one is present its rules apply, whatever else the request carries (and a device key
        // beside it is refused, see MixedCredentials).
        services.AddAuthentication(ByCredential)
            .AddPolicyScheme(ByCredential, "Cookie, device key or survey link", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(SurveyTokenHandler.Header) ? SurveyTokenHandler.Scheme
                    : context.Request.Headers.Authorization.ToString().StartsWith(DeviceKeyHandler.Scheme + " ", StringComparison.OrdinalIgnoreCase)
                    ? DeviceKeyHandler.Scheme
                    : context.Request.Headers.Authorization.ToString().StartsWith(ApiTokenHandler.HeaderPrefix, StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenHandler.Scheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "ParSurvey.Auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/login";
                options.Events.OnValidatePrincipal = ValidateStaffAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, DeviceKeyHandler>(DeviceKeyHandler.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, SurveyTokenHandler>(SurveyTokenHandler.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.Scheme, null);
        services.AddAuthorization(Policies.Add);
        services.AddMemoryCache();
        services.AddSingleton<SessionConnections>();
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<SessionHubFilter>();
        services.AddHostedService<SessionSweep>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SharedRateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>, SharedRateLimits>((o, s, counters) => RateLimits.Add(o, s.Value, counters));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ParSurvey.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = RequestForgery.HeaderName;
        });
        return builder;
    }

    /// <summary>
    /// A cookie is good while its session is open in the store (ended by sign-out, a password change, an admin or
    /// disabling), and while the account is enabled with the role and unit the cookie names.
    /// </summary>
    private static async Task ValidateStaffAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var ct = context.HttpContext.RequestAborted;
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var session = SessionConnections.SessionOf(context.Principal);
        var open = session is { } s && await services.GetRequiredService<StaffSessions>().IsOpenAsync(s, ct);
        var account = open && Guid.TryParse(id, out var guid) ? await services.GetRequiredService<IStaffStore>().FindAsync(guid, ct) : null;
        if (account is null || account.Disabled || account.Role != context.Principal!.RoleOf() || account.UnitId != context.Principal!.UnitOf())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
