using System.Text.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Survey;

namespace ParSurvey.SurveyApi.Ratings;

public static class RatingsApi
{
    private const int MaxSingleBytes = 16 * 1024;
    private const int MaxBatchBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapRatings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/ratings").WithTags("Ratings");

        group.MapPost("/", Submit)
            .RequireAuthorization(Policies.RatingSubmitter)
            .RequireRateLimiting(RateLimits.Submit)
            .Accepts<RatingSubmission>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Submit one rating")
            .WithDescription("Stores a citizen's rating and answers 201 once it is on disk; filtered=true when it came from a kiosk within " +
                             "ParSurvey:Kiosk:CooldownSeconds of that device's previous counted rating (kept, counted nowhere). The same id with the same content " +
                             "again answers 200 with duplicate=true and is stored once; the same id with other content is a 409. " +
                             "Send either 'Authorization: Device <key>' (a paired kiosk: channel kiosk, its own counter) or " +
                             "'X-Survey-Token: <token>' (a QR link: channel qr, the link's counter; a dossier link gives one rating; a poster link one " +
                             "rating per phone and counter in ParSurvey:Survey:RepeatMinutes, else 409 code 'already-rated'; the phone is the " +
                             "'ParSurvey.Phone' cookie set by /s/<token>, without it 400 code 'phone-unknown'). Both at once are refused (401 code 'mixed-credentials').");

        group.MapPost("/batch", SubmitBatch)
            .RequireAuthorization(Policies.Device)
            .RequireRateLimiting(RateLimits.Submit)
            .Accepts<RatingSubmission[]>("application/json")
            .WithSummary("Submit many ratings (a kiosk flushing its offline queue)")
            .WithDescription("Answers 200 with one result per item, in order: status 201 (stored), 200 (duplicate), 409 " +
                             "(id reused with other content) or 400 (invalid, with errors). Valid items are stored even when others are not.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<RatingView>, ProblemHttpResult>> (Guid id, IRatingStore store, ClaimsPrincipal user,
                CatalogProvider catalog, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } rating && user.MaySee(catalog.Current, rating.UnitId)
                    ? TypedResults.Ok(RatingView.From(rating))
                    : JsonBody.Problem(StatusCodes.Status404NotFound, "Không tìm thấy / Not found",
                        $"Không có đánh giá {id} / no rating {id}"))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Analytics)
            .WithSummary("Read back a stored rating by its id (staff; a supervisor within their unit)");

        return routes;
    }

    private static async Task<Results<Created<RatingAck>, Ok<RatingAck>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpRequest request, RatingParser parser, RatingWriter writer, RepeatGuard repeats, TimeProvider clock, CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, MaxSingleBytes, ct);
        if (problem is not null) return problem;
        using var _ = document;
        var parsed = parser.Parse(document!.RootElement, clock.GetUtcNow());
        if (!parsed.IsValid)
            return TypedResults.ValidationProblem(parsed.Errors, title: "Đánh giá không hợp lệ, chưa được lưu / Invalid rating, nothing was stored");

        var submitter = Submitter.From(request.HttpContext.User);
        if (submitter.Refuse(parsed.Rating!) is { } refusal) return refusal;
        var rating = submitter.Stamp(parsed.Rating!);
        string? phone = null;
        if (submitter.IsSurvey && repeats.Admit(request.HttpContext, rating, poster: submitter.OneTimeToken is null, out phone) is { } repeated)
            return repeated;
        var result = (await writer.WriteAsync([rating]))[0];
        if (phone is not null && result.Outcome is not (AppendOutcome.Created or AppendOutcome.Duplicate)) repeats.Forget(phone, rating);
        return result.Outcome switch
        {
            AppendOutcome.Created => TypedResults.Created($"/api/ratings/{rating.Id}", new RatingAck(rating.Id, false, result.Filtered)),
            AppendOutcome.Duplicate => TypedResults.Ok(new RatingAck(rating.Id, true, result.Filtered)),
            AppendOutcome.TokenUsed => TypedResults.Problem(Submitter.TokenUsedProblem()),
            _ => TypedResults.Problem(ConflictProblem(rating.Id)),
        };
    }

    private static async Task<Results<Ok<BatchResponse>, ValidationProblem, ProblemHttpResult>> SubmitBatch(
        HttpRequest request, RatingParser parser, RatingWriter writer, TimeProvider clock, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, MaxBatchBytes, ct);
        if (problem is not null) return problem;
        using var _ = document;
        var root = document!.RootElement;
        var max = options.Value.MaxBatchItems;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0 || root.GetArrayLength() > max)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"Cần một mảng JSON từ 1 đến {max} đánh giá / a JSON array of 1 to {max} ratings is expected"] },
                title: "Lô đánh giá không hợp lệ / Invalid batch");

        var receivedAt = clock.GetUtcNow();
        var submitter = Submitter.From(request.HttpContext.User);
        var results = new BatchItemResult[root.GetArrayLength()];
        var valid = new List<(int Index, Ratings.Rating Rating)>();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var parsed = parser.Parse(item, receivedAt);
            if (!parsed.IsValid)
                results[index] = new BatchItemResult(index, TryId(item), StatusCodes.Status400BadRequest, null, null,
                    "Đánh giá không hợp lệ, chưa được lưu / invalid rating, not stored", parsed.Errors);
            else if (submitter.Refuse(parsed.Rating!) is { } refusal)
                results[index] = new BatchItemResult(index, parsed.Rating!.Id, refusal.StatusCode, null, null, refusal.ProblemDetails.Detail,
                    (refusal.ProblemDetails as HttpValidationProblemDetails)?.Errors);
            else valid.Add((index, submitter.Stamp(parsed.Rating!)));
            index++;
        }

        var outcomes = await writer.WriteAsync(valid.Select(v => v.Rating).ToArray());
        for (var i = 0; i < valid.Count; i++)
        {
            var (at, rating) = valid[i];
            results[at] = outcomes[i].Outcome switch
            {
                AppendOutcome.Created => new BatchItemResult(at, rating.Id, StatusCodes.Status201Created, false, outcomes[i].Filtered, null, null),
                AppendOutcome.Duplicate => new BatchItemResult(at, rating.Id, StatusCodes.Status200OK, true, outcomes[i].Filtered, null, null),
                AppendOutcome.TokenUsed => new BatchItemResult(at, rating.Id, StatusCodes.Status409Conflict, null, null, Submitter.TokenUsedProblem().Detail, null),
                _ => new BatchItemResult(at, rating.Id, StatusCodes.Status409Conflict, null, null, ConflictProblem(rating.Id).Detail, null),
            };
        }
        return TypedResults.Ok(new BatchResponse(
            results.Count(r => r.Status == StatusCodes.Status201Created),
            results.Count(r => r.Status == StatusCodes.Status200OK),
            results.Count(r => r.Status >= 400),
            results.Count(r => r.Status == StatusCodes.Status201Created && r.Filtered == true),
            results));
    }

    private static ProblemDetails ConflictProblem(Guid id) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Mã đánh giá đã được dùng / Rating id already used",
        Detail = $"Đã có một đánh giá khác với mã {id}; mỗi đánh giá mới cần một UUID mới / a different rating with id {id} is already stored; every new rating needs a new UUID",
    };

    private static Guid? TryId(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String &&
        Guid.TryParse(id.GetString(), out var guid) ? guid : null;
}
