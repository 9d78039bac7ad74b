using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Jobs;
using ParSurvey.SurveyApi.KioskPages;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.StaffConsole;
using ParSurvey.SurveyApi.Survey;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Feedback;
using ParSurvey.SurveyApi.Notifications;
using ParSurvey.SurveyApi.Pages;
using ParSurvey.SurveyApi.PublicResults;
using ParSurvey.SurveyApi.Reports;
using ParSurvey.SurveyApi.Satisfaction;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Postgres;

namespace ParSurvey.SurveyApi.Hosting;

/// <summary>The whole application: Program.cs and the tests build it the same way.</summary>
public static class ParSurveyApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings and the bundled catalog sit beside the program, wherever it is started from; relative data paths
        // (ParSurvey:DataDirectory) start at the working directory, so `dotnet run` from the repository uses ./data.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            // Names the static web assets manifest (SurveyApi.staticwebassets.runtime.json) even when a test host starts the app.
            ApplicationName = "SurveyApi",
        });
        // Serve src/Kiosk's and this project's static files from a plain build too, not only after publish.
        builder.WebHost.UseStaticWebAssets();
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
        builder.AddParSurveyHost();
        services.AddServerPages();
        services.AddCatalog();
        builder.AddStorage();
        // Hosted services start in this order: the rating writer first (it creates or upgrades the store), then the
        // first administrator, the session sweep, the board and the report schedule.
        services.AddRatings();
        services.AddStaff();
        builder.AddParSurveySecurity();
        services.AddPublicAddress();
        services.AddSatisfaction();
        services.AddBoard();
        services.AddReports();
        services.AddSurvey();
        services.AddDevices();
        services.AddAudit();
        services.AddKioskPages();
        services.AddPublicResults();
        services.AddFeedback();
        services.AddNotifications();
        return builder;
    }

    /// <summary>What every feature stands on: the host's options, the clock, JSON, compression, data protection, ProblemDetails, OpenAPI.</summary>
    private static void AddParSurveyHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ParSurveyOptions>().BindConfiguration(ParSurveyOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.CatalogPath) || File.Exists(o.CatalogFullPath),
                "ParSurvey:CatalogPath names a catalog file that does not exist").ValidateOnStart();
        // Phones on 3G: scripts, styles and JSON travel compressed. Not HTML: the sign-in page carries an antiforgery
        // token next to reflected input, which compression over HTTPS would expose (BREACH).
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml"];
        });
        services.AddSingleton(TimeProvider.System);

        // Sign-in cookies and antiforgery tokens stay valid across restarts and servers: keys live in the store.
        SharedKeyRing.AddTo(services);

        // Behind a balancer (deploy/nginx): the client's address and scheme come from the trusted proxy's headers.
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) => proxy.Value.ApplyTo(forwarded));

        services.AddProblemDetails(o => o.CustomizeProblemDetails = DescribeUnavailableStore);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
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
        var catalogs = app.Services.GetRequiredService<CatalogProvider>();
        var catalog = catalogs.Current;
        var options = app.Services.GetRequiredService<IOptions<ParSurveyOptions>>().Value;
        app.Logger.LogInformation("Catalog '{Name}' from {Source}: {Units} units, {Counters} counters, {Fields} fields{Demo}; data in {Data}",
            catalog.Name, catalogs.Source, catalog.Units.Count, catalog.Counters.Count, catalog.Fields.Count, catalog.IsDemo ? " (DEMO DATA)" : "",
            options.DataDirectoryFullPath);

        PrivateFiles.WarnAboutLooser(options.DataDirectoryFullPath, app.Logger);

        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
        app.UseStatusCodePages();
        app.UseResponseCompression();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseRequestForgeryGuard();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapParSurvey(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapHealth();
        app.MapLoginPages();
        app.MapAntiforgeryToken();
        app.MapInvitationPages();
        app.MapConsolePages();
        app.MapKioskPages();
        app.MapStaff();
        app.MapApiTokens();
        app.MapDevices();
        app.MapAudit();
        app.MapCatalog();
        app.MapSurveyLinks();
        app.MapQrKeys();
        app.MapPublicAddress();
        app.MapRatings();
        app.MapSatisfaction();
        app.MapPublicResults();
        app.MapFeedback();
        app.MapNotifications();
        app.MapBoard();
        app.MapReports();
        app.MapJobsDashboard();
        return app;
    }

    private static int StatusFor(Exception exception) => exception switch
    {
        _ when IsStoreUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static bool IsStoreUnavailable(Exception exception) =>
        exception is StoreUnavailableException || PostgresFailures.IsUnavailable(exception);

    /// <summary>
    /// The store away for a moment (a PostgreSQL restart or fail-over): 503 in words, with Retry-After, so a kiosk keeps
    /// the rating in its outbox and retries with the same id; nothing was acknowledged, so nothing is lost.
    /// </summary>
    private static void DescribeUnavailableStore(ProblemDetailsContext context)
    {
        if (context.Exception is not { } exception || !IsStoreUnavailable(exception)) return;
        context.ProblemDetails.Title = "Máy chủ tạm thời không lưu được / The store is temporarily unavailable";
        context.ProblemDetails.Detail = "Chưa lưu gì; vui lòng gửi lại sau ít giây với cùng mã / nothing was stored; please retry in a few seconds with the same id";
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
    }

    private const string RetryAfterSeconds = "2";
}
