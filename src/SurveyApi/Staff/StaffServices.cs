namespace ParSurvey.SurveyApi.Staff;

public static class StaffServices
{
    /// <summary>Staff accounts, their administration and API tokens, and the first administrator at start-up.</summary>
    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddSingleton<StaffService>();
        services.AddSingleton<StaffAdministration>();
        services.AddSingleton<ApiTokens>();
        services.AddHostedService<FirstAdmin>();
        return services;
    }
}
