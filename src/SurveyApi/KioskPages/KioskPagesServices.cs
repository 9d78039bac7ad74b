namespace ParSurvey.SurveyApi.KioskPages;

public static class KioskPagesServices
{
    /// <summary>The kiosk page's timings (<see cref="KioskOptions"/>); the server's press filter reads its cooldown.</summary>
    public static IServiceCollection AddKioskPages(this IServiceCollection services)
    {
        services.AddOptions<KioskOptions>().BindConfiguration(KioskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
