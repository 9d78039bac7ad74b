using Microsoft.AspNetCore.SignalR;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Board;

public static class BoardServices
{
    /// <summary>The live board: its options, today's tallies fed by the rating writer once durable, the pushes and the hub.</summary>
    public static IServiceCollection AddBoard(this IServiceCollection services)
    {
        services.AddOptions<BoardOptions>().BindConfiguration(BoardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveBoard>();
        services.AddSingleton<BoardAudience>();
        // Fed by this server's writer, or by the store's rating sequence where servers share the store (BoardFeed).
        services.AddSingleton<BoardFeed>();
        services.AddSingleton<IRatingObserver>(sp => sp.GetRequiredService<BoardFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<BoardFeed>());
        services.AddHostedService<BoardBroadcaster>();
        services.AddSignalR(o => o.AddFilter<SessionHubFilter>()).AddJsonProtocol(o => ParSurveyApp.Configure(o.PayloadSerializerOptions));
        return services;
    }
}
