using Microsoft.Extensions.Options;

namespace ParSurvey.SurveyApi.Satisfaction;

public static class SatisfactionServices
{
    /// <summary>
    /// How satisfaction is judged (<see cref="AnalyticsOptions"/>): the one <see cref="ParSurvey.Analytics.SatisfactionPolicy"/>,
    /// registered once and injected into the API, the board and the reports, and the API's service.
    /// </summary>
    public static IServiceCollection AddSatisfaction(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value.ToPolicy());
        services.AddSingleton<SatisfactionService>();
        return services;
    }
}
