using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Satisfaction;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Hosting;

/// <summary>The whole application: Program.cs and the tests build it the same way.</summary>
public static class ParSurveyApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings and the bundled catalog sit beside the program, wherever it is started from; relative data paths
        // (ParSurvey:DataDirectory) start at the working directory, so `dotnet run` from the repository uses ./data.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddParSurvey();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseParSurvey();
        app.MapParSurvey();
        return app;
    }

    public static WebApplicationBuilder AddParSurvey(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ParSurveyOptions>().BindConfiguration(ParSurveyOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.CatalogPath) || File.Exists(o.CatalogFullPath),
                "ParSurvey:CatalogPath names a catalog file that does not exist").ValidateOnStart();
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CatalogLoader.Load(sp.GetRequiredService<IOptions<ParSurveyOptions>>().Value.CatalogFullPath));
        services.AddSingleton<IRatingStore>(sp => new SqliteRatingStore(sp.GetRequiredService<IOptions<ParSurveyOptions>>().Value.DatabasePath));
        services.AddSingleton<RatingWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<RatingWriter>());
        services.AddSingleton<RatingParser>();
        services.AddSingleton<SatisfactionService>();

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        return builder;
    }

    /// <summary>JSON as the API speaks it: camelCase, enums as words, Vietnamese letters unescaped (HTML-sensitive ones still are).</summary>
    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    public static WebApplication UseParSurvey(this WebApplication app)
    {
        // Load the catalog now: a broken catalog file stops the server at start-up with the list of problems.
        var catalog = app.Services.GetRequiredService<SurveyCatalog>();
        var options = app.Services.GetRequiredService<IOptions<ParSurveyOptions>>().Value;
        app.Logger.LogInformation("Catalog '{Name}': {Units} units, {Counters} counters, {Fields} fields{Demo}; data in {Data}",
            catalog.Name, catalog.Units.Count, catalog.Counters.Count, catalog.Fields.Count, catalog.IsDemo ? " (DEMO DATA)" : "", options.DataDirectoryFullPath);

        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapParSurvey(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok"))).WithTags("Health")
            .WithSummary("Liveness: answers as long as the process serves requests");
        app.MapCatalog();
        app.MapRatings();
        app.MapSatisfaction();
        return app;
    }

    private static int StatusFor(Exception exception) => exception switch
    {
        StoreUnavailableException => StatusCodes.Status503ServiceUnavailable,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };
}

public sealed record HealthStatus(string Status);
