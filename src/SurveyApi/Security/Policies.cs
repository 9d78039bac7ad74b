using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Security;

/// <summary>Who may call what. Every endpoint group names one of these, or is deliberately anonymous.</summary>
public static class Policies
{
    /// <summary>Any signed-in staff member, even one who must still change a one-time password.</summary>
    public const string SignedIn = "signed-in";
    /// <summary>Any staff member with a usable password.</summary>
    public const string Staff = "staff";
    /// <summary>Reads analytics: supervisors (their subtree), reporters and admins (everything).</summary>
    public const string Analytics = "analytics";
    public const string Admin = "admin";
    /// <summary>Submits ratings: a paired kiosk device or a citizen with a signed QR link.</summary>
    public const string RatingSubmitter = "rating-submitter";
    /// <summary>Kiosk devices only (offline queue batches).</summary>
    public const string Device = "device";
    /// <summary>Creates QR links: admins, supervisors, and kiosk devices / one-stop software for their own counter.</summary>
    public const string QrLinks = "qr-links";
    /// <summary>Archives reports for the whole city: reporters (Văn phòng UBND) and admins.</summary>
    public const string Reports = "reports";
    /// <summary>Prints counter posters: admins, and supervisors for their own units' counters.</summary>
    public const string Posters = "posters";
    /// <summary>Handles citizens' feedback: admins, and supervisors for their own units.</summary>
    public const string Feedback = "feedback";

    public static void Add(AuthorizationOptions options)
    {
        var cookie = CookieAuthenticationDefaults.AuthenticationScheme;
        options.AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(cookie, ApiTokenHandler.Scheme).RequireClaim(ParSurveyClaims.Kind, ParSurveyClaims.StaffKind));
        // Staff sign in with the cookie; their scripts use a personal API token (Bearer) with the same claims.
        AuthorizationPolicy StaffWith(params string[] roles) => new AuthorizationPolicyBuilder(cookie, ApiTokenHandler.Scheme)
            .RequireClaim(ParSurveyClaims.Kind, ParSurveyClaims.StaffKind)
            .RequireRole(roles)
            .RequireAssertion(c => !c.User.HasClaim(x => x.Type == ParSurveyClaims.MustChangePassword))
            .Build();
        options.AddPolicy(Staff, StaffWith(Roles.All.ToArray()));
        options.AddPolicy(Analytics, StaffWith(Roles.Admin, Roles.Reporter, Roles.Supervisor));
        options.AddPolicy(Admin, StaffWith(Roles.Admin));
        options.AddPolicy(Reports, StaffWith(Roles.Admin, Roles.Reporter));
        options.AddPolicy(Posters, StaffWith(Roles.Admin, Roles.Supervisor));
        options.AddPolicy(Feedback, StaffWith(Roles.Admin, Roles.Supervisor));
        options.AddPolicy(RatingSubmitter, p => p.AddAuthenticationSchemes(DeviceKeyHandler.Scheme, SurveyTokenHandler.Scheme)
            .RequireClaim(ParSurveyClaims.Kind, ParSurveyClaims.DeviceKind, ParSurveyClaims.SurveyKind));
        options.AddPolicy(Device, p => p.AddAuthenticationSchemes(DeviceKeyHandler.Scheme).RequireClaim(ParSurveyClaims.Kind, ParSurveyClaims.DeviceKind));
        options.AddPolicy(QrLinks, p => p.AddAuthenticationSchemes(cookie, DeviceKeyHandler.Scheme, ApiTokenHandler.Scheme).RequireAssertion(c =>
            c.User.KindOf() == ParSurveyClaims.DeviceKind ||
            (c.User.KindOf() == ParSurveyClaims.StaffKind && c.User.RoleOf() is Roles.Admin or Roles.Supervisor &&
             !c.User.HasClaim(x => x.Type == ParSurveyClaims.MustChangePassword))));
        // No fallback policy: each endpoint group names its policy (or AllowAnonymous) and AnonymousAccessScanTests
        // fails on any endpoint that does not. A fallback would also catch routing's own 404/415 answers and turn
        // a kiosk's "wrong content type" into a misleading "sign in".
    }
}
