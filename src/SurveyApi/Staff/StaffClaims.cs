using System.Security.Claims;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>Who a staff member is to the authorization policies, the same whether they signed in or use an API token.</summary>
public static class StaffClaims
{
    public static ClaimsIdentity Identity(StaffAccount account, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new(ClaimTypes.Email, account.Email),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Role, account.Role),
            new(ParSurveyClaims.Kind, ParSurveyClaims.StaffKind),
        };
        if (account.UnitId is not null) claims.Add(new Claim(ParSurveyClaims.Unit, account.UnitId));
        if (account.MustChangePassword) claims.Add(new Claim(ParSurveyClaims.MustChangePassword, "true"));
        return new ClaimsIdentity(claims, scheme);
    }
}
