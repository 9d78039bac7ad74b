namespace ParSurvey.SurveyApi.Staff;

/// <summary>
/// A personal API token: a script acts as the staff member it was issued for (same role and unit scope), with
/// <c>Authorization: Bearer pst_…</c> instead of the sign-in form. Only its hash is stored; shown once when issued.
/// </summary>
public sealed record ApiToken(Guid Id, Guid StaffId, string Name, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
