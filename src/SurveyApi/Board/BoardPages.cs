using Microsoft.Extensions.FileProviders;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Board;

public static class BoardPages
{
    public static IEndpointRouteBuilder MapBoard(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<BoardHub>("/hubs/board").RequireAuthorization(Policies.Analytics);
        routes.MapGet("/board", (IWebHostEnvironment env) =>
                TypedResults.Stream(env.WebRootFileProvider.GetFileInfo("board/board.html").CreateReadStream(), "text/html; charset=utf-8"))
            .RequireAuthorization(Policies.Analytics).ExcludeFromDescription();
        // The SignalR browser client, copied from npm by the build (see SurveyApi.csproj).
        routes.MapGet("/lib/signalr.min.js", () =>
                TypedResults.PhysicalFile(SafePath.Under(AppContext.BaseDirectory, "lib", "signalr.min.js"), "text/javascript"))
            .AllowAnonymous().ExcludeFromDescription();
        return routes;
    }
}
