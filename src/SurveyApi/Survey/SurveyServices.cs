namespace ParSurvey.SurveyApi.Survey;

public static class SurveyServices
{
    /// <summary>The QR survey's options, its per-phone rule and the counters' poster links.</summary>
    public static IServiceCollection AddSurvey(this IServiceCollection services)
    {
        services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PhoneCookie>();
        services.AddSingleton<RepeatGuard>();
        services.AddSingleton<PosterLinks>();
        return services;
    }
}
