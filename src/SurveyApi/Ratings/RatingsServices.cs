using ParSurvey.SurveyApi.Catalog;

namespace ParSurvey.SurveyApi.Ratings;

public static class RatingsServices
{
    /// <summary>Ingest: what a client may send (<see cref="IngestOptions"/>), its parser and the group-commit writer.</summary>
    public static IServiceCollection AddRatings(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RatingParser>();
        services.AddSingleton<RatingWriter>();
        // Started first among the hosted services: it creates or upgrades the store before anything else uses it.
        services.AddHostedService(sp => sp.GetRequiredService<RatingWriter>());
        return services;
    }
}
