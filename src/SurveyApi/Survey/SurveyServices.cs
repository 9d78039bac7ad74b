namespace ParSurvey.SurveyApi.Survey;

public static class SurveyServices
{
    /// <summary>The QR survey's options and its per-phone rule.</summary>
    public static IServiceCollection AddSurvey(this IServiceCollection services)
    {
        services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PhoneCookie>();
        services.AddSingleton<RepeatGuard>();
        return services;
    }
}
