using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Feedback;

public sealed record FeedbackReceipt(string Code, DateOnly DueDate, string TrackUrl);

/// <summary>What anyone holding the tracking code sees: never the text's author, never the contact.</summary>
public sealed record FeedbackTracking(string Code, FeedbackStatus Status, string Category, string CategoryLabel, string UnitName,
    DateTimeOffset ReceivedAt, DateOnly DueDate, bool Overdue, string? Answer, DateTimeOffset? AnsweredAt, string? ClosedReason);

/// <summary>A handler's view; the contact only in the detail (and only while it is kept).</summary>
public sealed record FeedbackView(Guid Id, string Code, FeedbackStatus Status, string UnitId, string UnitName, string? CounterId, string Category,
    string CategoryLabel, string Text, string Channel, DateTimeOffset ReceivedAt, DateOnly DueDate, bool Overdue, string? AssignedUnitId,
    string? AssignedTo, string? Answer, DateTimeOffset? AnsweredAt, string? AnsweredBy, DateTimeOffset? PublishedAt, string? ClosedReason,
    bool HasContact, string? Contact);

public static class FeedbackApi
{
    private const int MaxBodyBytes = 32 * 1024;

    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Holidays.All(h => ReportPeriod.TryParseDate(h, out _)), "ParSurvey:Feedback:Holidays must be dates as yyyy-MM-dd")
            .ValidateOnStart();
        services.AddSingleton<FeedbackService>();
        services.AddHostedService<FeedbackSweeper>();
        return services;
    }

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder routes)
    {
        var open = routes.MapGroup("/api/feedback").WithTags("Feedback (PAKN)");
        open.MapPost("/", File).AllowAnonymous().RequireRateLimiting(RateLimits.Feedback)
            .WithSummary("A citizen files feedback (phản ánh, kiến nghị); answers 201 with a tracking code")
            .WithDescription("Body: unitId (or counterId), category (a code of the catalog's feedbackCategories), text (5–2000 characters), " +
                             "optional contact (phone or e-mail) with consent=true (Nghị định 13/2023/NĐ-CP), channel web|qr|kiosk. " +
                             "The contact is stored apart, shown only to handlers and deleted after ParSurvey:Feedback:ContactRetentionDays.")
            .Accepts<FeedbackRequest>("application/json").Produces<FeedbackReceipt>(StatusCodes.Status201Created).ProducesValidationProblem();
        open.MapGet("/track/{code}", Track).AllowAnonymous()
            .WithSummary("Status and answer of a piece of feedback, by its tracking code (no sign-in)");

        // A paired kiosk's queue: the counter is the tablet's; it brings the id, its own tracking code and the filing time.
        routes.MapGroup("/api/kiosk/feedback").WithTags("Feedback (PAKN)").RequireAuthorization(Policies.Device).RequireRateLimiting(RateLimits.Submit)
            .MapPost("/", KioskFile)
            .WithSummary("A kiosk files a citizen's feedback from its offline queue (Authorization: Device <key>); 201 new, 200 a resend")
            .WithDescription("Body as POST /api/feedback plus id (UUID, the idempotency key), code (PA-XXXX-XXXX, made on the tablet so the " +
                             "citizen gets it even offline) and submittedAt (when it was filed). The counter is the kiosk's own; the channel is kiosk. " +
                             "The same id and content again answers 200 with the same receipt; the same id with other content, or a code already " +
                             "used by other feedback, answers 409 naming id or code.")
            .Accepts<FeedbackRequest>("application/json").Produces<FeedbackReceipt>(StatusCodes.Status201Created).Produces<FeedbackReceipt>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        var staff = routes.MapGroup("/api/feedback").WithTags("Feedback (PAKN)").RequireAuthorization(Policies.Feedback);
        staff.MapGet("/", List).WithSummary("Feedback in the caller's units, newest first; filter by unitId and status");
        staff.MapGet("/{id:guid}", Detail).WithSummary("One item with the citizen's contact (while it is kept); the viewing is audited");
        staff.MapPost("/{id:guid}/{step}", Step)
            .WithSummary("assign {unitId, assignedTo} · answer {text} · publish · close {reason}; each step audited");

        routes.MapGet("/admin/feedback", (IWebHostEnvironment env) =>
                TypedResults.Stream(env.WebRootFileProvider.GetFileInfo("console/feedback.html").CreateReadStream(), "text/html; charset=utf-8"))
            .RequireAuthorization(Policies.Feedback).ExcludeFromDescription();
        FeedbackPages.Map(routes);
        return routes;
    }

    private static Task<Results<Created<FeedbackReceipt>, Ok<FeedbackReceipt>, ValidationProblem, ProblemHttpResult>> File(
        HttpRequest request, FeedbackService service, CancellationToken ct) => FileAsync(request, service, null, ct);

    private static Task<Results<Created<FeedbackReceipt>, Ok<FeedbackReceipt>, ValidationProblem, ProblemHttpResult>> KioskFile(
        HttpRequest request, ClaimsPrincipal kiosk, FeedbackService service, CancellationToken ct) => FileAsync(request, service, kiosk.CounterOf(), ct);

    private static async Task<Results<Created<FeedbackReceipt>, Ok<FeedbackReceipt>, ValidationProblem, ProblemHttpResult>> FileAsync(
        HttpRequest request, FeedbackService service, string? kioskCounterId, CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, ct);
        if (problem is not null) return problem;
        FeedbackRequest? body;
        try
        {
            body = document!.Deserialize<FeedbackRequest>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "body"] = ["Sai kiểu dữ liệu / wrong type"] },
                title: "Phản ánh không hợp lệ / Invalid feedback");
        }
        var filed = await service.FileAsync(body ?? new FeedbackRequest(null, null, null, null, null, null, null), kioskCounterId, ct);
        return filed.Outcome switch
        {
            FilingOutcome.Created => TypedResults.Created("/phan-anh/" + filed.Item!.Code, Receipt(filed.Item)),
            FilingOutcome.Repeated => TypedResults.Ok(Receipt(filed.Item!)),
            FilingOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Phản ánh trùng mã / Conflicting feedback",
                detail: string.Join(" ", filed.Errors.Values.SelectMany(v => v)), extensions: new Dictionary<string, object?> { ["errors"] = filed.Errors }),
            _ => TypedResults.ValidationProblem(filed.Errors, title: "Phản ánh không hợp lệ / Invalid feedback"),
        };
    }

    private static FeedbackReceipt Receipt(FeedbackItem item) => new(item.Code, item.DueDate, "/phan-anh/" + item.Code);

    private static async Task<Results<Ok<FeedbackTracking>, ProblemHttpResult>> Track(string code, FeedbackService service, CatalogProvider catalogs, CancellationToken ct)
    {
        if (await service.TrackAsync(code, ct) is not { } item)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy mã / Unknown code",
                detail: "Kiểm tra lại mã theo dõi (dạng PA-XXXX-XXXX) / check the tracking code");
        return TypedResults.Ok(Tracking(item, catalogs.Current, service));
    }

    public static FeedbackTracking Tracking(FeedbackItem item, SurveyCatalog catalog, FeedbackService service) =>
        new(item.Code, item.Status, item.Category, catalog.FindFeedbackCategory(item.Category)?.Label ?? item.Category,
            catalog.FindUnit(item.UnitId)?.Name ?? item.UnitId, item.ReceivedAt, item.DueDate, service.IsOverdue(item),
            item.Status is FeedbackStatus.Answered or FeedbackStatus.Published ? item.Answer : null, item.AnsweredAt,
            item.Status == FeedbackStatus.Closed ? item.ClosedReason : null);

    private static async Task<Results<Ok<FeedbackView[]>, ValidationProblem>> List(string? unitId, string? status, ClaimsPrincipal user,
        FeedbackService service, CatalogProvider catalogs, CancellationToken ct)
    {
        FeedbackStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<FeedbackStatus>(status.Trim(), ignoreCase: true, out var s) || int.TryParse(status, out _))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["received, assigned, answered, published hoặc closed"] });
            wanted = s;
        }
        var catalog = catalogs.Current;
        var items = await service.ListAsync(user, string.IsNullOrWhiteSpace(unitId) ? null : unitId.Trim(), wanted, ct);
        return TypedResults.Ok(items.Select(i => View(i, catalog, service, null)).ToArray());
    }

    private static async Task<Results<Ok<FeedbackView>, NotFound, ForbidHttpResult>> Detail(Guid id, ClaimsPrincipal user, FeedbackService service,
        CatalogProvider catalogs, AuditTrail audit, CancellationToken ct)
    {
        var (item, contact, allowed) = await service.DetailAsync(user, id, ct);
        if (item is null) return TypedResults.NotFound();
        if (!allowed) return TypedResults.Forbid();
        if (contact is not null) await audit.RecordAsync(user.Actor(), "feedback.contact-viewed", item.Code, null, ct);
        return TypedResults.Ok(View(item, catalogs.Current, service, contact?.Contact));
    }

    private static async Task<Results<Ok<FeedbackView>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> Step(
        Guid id, string step, HttpRequest request, ClaimsPrincipal user, FeedbackService service, CatalogProvider catalogs, CancellationToken ct)
    {
        var body = new FeedbackStep(null, null, null, null);
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var (document, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, ct);
            if (problem is not null) return problem;
            try { body = document!.Deserialize<FeedbackStep>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? body; }
            catch (JsonException) { return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Sai kiểu dữ liệu / wrong type"] }); }
        }
        var (outcome, item, errors) = await service.StepAsync(user, id, step, body, ct);
        return outcome switch
        {
            StepOutcome.Done => TypedResults.Ok(View(item!, catalogs.Current, service, null)),
            StepOutcome.NotFound => TypedResults.NotFound(),
            StepOutcome.Forbidden => TypedResults.Forbid(),
            StepOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Không thể thực hiện bước này / Not possible now",
                detail: string.Join(" ", errors.Values.SelectMany(v => v)), extensions: new Dictionary<string, object?> { ["errors"] = errors }),
            _ => TypedResults.ValidationProblem(errors, title: "Dữ liệu không hợp lệ / Invalid input"),
        };
    }

    private static FeedbackView View(FeedbackItem i, SurveyCatalog catalog, FeedbackService service, string? contact) =>
        new(i.Id, i.Code, i.Status, i.UnitId, catalog.FindUnit(i.UnitId)?.Name ?? i.UnitId, i.CounterId, i.Category,
            catalog.FindFeedbackCategory(i.Category)?.Label ?? i.Category, i.Text, i.Channel, i.ReceivedAt, i.DueDate, service.IsOverdue(i),
            i.AssignedUnitId, i.AssignedTo, i.Answer, i.AnsweredAt, i.AnsweredBy, i.PublishedAt, i.ClosedReason, i.HasContact, contact);
}

/// <summary>Deletes contacts past retention and flags overdue feedback on the board, every SweepSeconds.</summary>
public sealed class FeedbackSweeper(FeedbackService service, Microsoft.Extensions.Options.IOptions<FeedbackOptions> options, ILogger<FeedbackSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepSeconds));
        do
        {
            try { await service.SweepAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Feedback sweep failed; trying again next time"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
