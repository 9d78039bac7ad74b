namespace ParSurvey.SurveyApi.Audit;

public static class AuditServices
{
    /// <summary>The audit trail of admin changes.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddSingleton<AuditTrail>();
}
