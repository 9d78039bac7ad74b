using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Notifications;

/// <summary>What the console shows about e-mail: whether it is configured, and the outbox's counts.</summary>
public sealed record MailStatus(bool Configured, bool CityOfficeConfigured, int UnitHeadsConfigured, long Pending, long Sent, long Failed,
    string? LastError, DateTimeOffset? OldestPendingAt);

public static class NotificationsServices
{
    /// <summary>E-mail notifications (MailKit) through the store's outbox; settings checked at start-up.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>>(new ProblemsValidation<MailOptions>(o => o.Problems()));
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>>(new ProblemsValidation<NotificationOptions>(o => o.Problems()));
        services.AddSingleton<FeedbackNotifier>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        return services;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/notifications").WithTags("Feedback (PAKN)").RequireAuthorization(Policies.Feedback)
            .MapGet("/mail", Status)
            .WithSummary("E-mail notifications: whether an SMTP server and recipients are configured, and the outbox (pending, sent, failed)");
        return routes;
    }

    private static async Task<Ok<MailStatus>> Status(IMailOutbox outbox, IOptions<MailOptions> mail, IOptions<NotificationOptions> recipients, CancellationToken ct)
    {
        var counts = await outbox.CountsAsync(ct);
        return TypedResults.Ok(new MailStatus(mail.Value.Configured, !string.IsNullOrWhiteSpace(recipients.Value.CityOffice), recipients.Value.UnitHeads.Count,
            counts.Pending, counts.Sent, counts.Failed, counts.LastError, counts.OldestPendingAt));
    }
}

/// <summary>Start-up validation that names every wrong key with what it should be.</summary>
internal sealed class ProblemsValidation<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var found = problems(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
