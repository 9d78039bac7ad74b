using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Ratings;

/// <summary>
/// Turns one JSON object into a <see cref="Rating"/>, or into the list of everything wrong with it, keyed by the
/// JSON field name. It reads the JSON itself rather than deserialising, so a wrong type names its field instead of
/// failing the whole body, and every problem is reported in one answer.
/// </summary>
public sealed class RatingParser(CatalogProvider catalogs, IOptions<IngestOptions> options)
{
    public const int MaxCommentLength = 1000;
    public const int MaxReasons = 10;
    public const int MaxProcedureCodeLength = 64;

    private static readonly string[] KnownProperties =
        ["id", "counterId", "fieldCode", "score", "channel", "reasons", "comment", "procedureCode", "submittedAt"];

    public sealed record Result(Rating? Rating, Dictionary<string, string[]> Errors)
    {
        public bool IsValid => Rating is not null;
    }

    public Result Parse(JsonElement json, DateTimeOffset receivedAt)
    {
        var catalog = catalogs.Current;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = [$"Cần một đối tượng JSON {{…}}, nhận được {Vi(json)} / a JSON object {{…}} is expected, got {En(json)}"];
            return new Result(null, errors);
        }
        var props = ReadProperties(json, errors);

        var id = ReadId(props, errors);
        var counter = ReadCounter(catalog, props, errors);
        var field = ReadField(catalog, props, counter, errors);
        var scale = counter is null ? null : catalog.ScaleOf(counter.UnitId);
        var level = ReadScore(props, scale, errors);
        var channel = ReadChannel(props, errors);
        var reasons = ReadReasons(catalog, props, errors);
        var comment = ReadText(props, "comment", MaxCommentLength, multiline: true, errors);
        var procedureCode = ReadText(props, "procedureCode", MaxProcedureCodeLength, multiline: false, errors);
        var submittedAt = ReadSubmittedAt(props, receivedAt, errors);

        if (level is { Satisfied: true } && reasons is { Count: > 0 })
            errors["reasons"] = [$"Lý do chỉ dành cho đánh giá chưa hài lòng; mức {level.Score} \"{level.Label}\" là hài lòng, hãy bỏ lý do / reasons are only for ratings that are not satisfied; score {level.Score} \"{level.LabelEn}\" counts as satisfied, send no reasons"];

        if (errors.Count > 0) return new Result(null, errors);

        var occurredAt = submittedAt ?? receivedAt;
        var hash = ContentHash(counter!.Id, field!.Code, level!.Score, channel!, reasons!, comment, procedureCode, submittedAt);
        var rating = new Rating(id!.Value, counter.Id, counter.UnitId, field.Code, scale!.Id, level.Score, level.Group, channel!,
            reasons!, comment, procedureCode, submittedAt, receivedAt, occurredAt, VietnamTime.LocalDate(occurredAt), hash);
        return new Result(rating, errors);
    }

    private static Dictionary<string, JsonElement> ReadProperties(JsonElement json, Dictionary<string, string[]> errors)
    {
        var props = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            // Integrators write "CounterId" or "counterid" too; accept any case of a known name, ignore unknown names.
            var name = KnownProperties.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
            if (name is null) continue;
            if (!props.TryAdd(name, property.Value))
                errors[name] = [$"Trường '{name}' xuất hiện nhiều lần / '{name}' appears more than once"];
        }
        return props;
    }

    private static Guid? ReadId(Dictionary<string, JsonElement> props, Dictionary<string, string[]> errors)
    {
        if (!TryString(props, "id", errors, out var text)) return null;
        if (!Guid.TryParseExact(text, "D", out var id) || id == Guid.Empty)
        {
            errors["id"] = ["Mã đánh giá phải là UUID do thiết bị tạo, ví dụ 3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d / id must be a client-generated UUID such as 3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"];
            return null;
        }
        return id;
    }

    private static Counter? ReadCounter(SurveyCatalog catalog, Dictionary<string, JsonElement> props, Dictionary<string, string[]> errors)
    {
        if (!TryString(props, "counterId", errors, out var id)) return null;
        var counter = catalog.FindCounter(id);
        if (counter is null) errors["counterId"] = [$"Không có quầy '{Shorten(id)}' trong danh mục / no counter '{Shorten(id)}' in the catalog (GET /api/catalog)"];
        return counter;
    }

    private static Field? ReadField(SurveyCatalog catalog, Dictionary<string, JsonElement> props, Counter? counter, Dictionary<string, string[]> errors)
    {
        if (!props.TryGetValue("fieldCode", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (counter is null) return null;
            if (counter.FieldCodes.Count == 1) return catalog.FindField(counter.FieldCodes[0]);
            errors["fieldCode"] = [$"Bắt buộc vì quầy '{counter.Id}' phục vụ nhiều lĩnh vực: {string.Join(", ", counter.FieldCodes)} / required because counter '{counter.Id}' serves several fields: {string.Join(", ", counter.FieldCodes)}"];
            return null;
        }
        if (!TryString(props, "fieldCode", errors, out var code)) return null;
        var field = catalog.FindField(code);
        if (field is null)
        {
            errors["fieldCode"] = [$"Không có lĩnh vực '{Shorten(code)}' trong danh mục / no field '{Shorten(code)}' in the catalog"];
            return null;
        }
        if (counter is not null && !counter.FieldCodes.Contains(field.Code))
        {
            errors["fieldCode"] = [$"Quầy '{counter.Id}' không phục vụ lĩnh vực '{code}'; chọn một trong: {string.Join(", ", counter.FieldCodes)} / counter '{counter.Id}' does not serve field '{code}'; use one of: {string.Join(", ", counter.FieldCodes)}"];
            return null;
        }
        return field;
    }

    private static ScaleLevel? ReadScore(Dictionary<string, JsonElement> props, RatingScale? scale, Dictionary<string, string[]> errors)
    {
        var allowed = scale is null ? "" : string.Join(", ", scale.Levels.Select(l => l.Score).Order());
        if (!props.TryGetValue("score", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors["score"] = [$"Bắt buộc: mức đánh giá (số nguyên {allowed}) / required: the rating level, an integer ({allowed})".Replace(" ()", "")];
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var score))
        {
            errors["score"] = [$"Phải là số nguyên, nhận được {Vi(value)} / must be a whole number, got {En(value)}"];
            return null;
        }
        if (scale is null) return null;
        var level = scale.Level(score);
        if (level is null)
            errors["score"] = [$"Mức {score} không có trong thang đánh giá của quầy; dùng một trong: {allowed} / score {score} is not on the counter's scale; use one of: {allowed}"];
        return level;
    }

    private static string? ReadChannel(Dictionary<string, JsonElement> props, Dictionary<string, string[]> errors)
    {
        if (!TryString(props, "channel", errors, out var channel)) return null;
        if (Channels.All.Contains(channel)) return channel;
        errors["channel"] = [$"Kênh phải là một trong: {string.Join(", ", Channels.All)} / channel must be one of: {string.Join(", ", Channels.All)}"];
        return null;
    }

    private static IReadOnlyList<string>? ReadReasons(SurveyCatalog catalog, Dictionary<string, JsonElement> props, Dictionary<string, string[]> errors)
    {
        if (!props.TryGetValue("reasons", out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors["reasons"] = [$"Phải là mảng mã lý do, ví dụ [\"cho-lau\"], nhận được {Vi(value)} / must be an array of reason codes such as [\"cho-lau\"], got {En(value)}"];
            return null;
        }
        if (value.GetArrayLength() > MaxReasons)
        {
            errors["reasons"] = [$"Tối đa {MaxReasons} lý do / at most {MaxReasons} reasons"];
            return null;
        }
        var codes = new List<string>();
        var problems = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) { problems.Add($"Mỗi lý do phải là chuỗi, nhận được {Vi(item)} / each reason must be a string, got {En(item)}"); continue; }
            var code = item.GetString()!;
            if (catalog.FindReason(code) is null) { problems.Add($"Không có lý do '{Shorten(code)}'; dùng một trong: {string.Join(", ", catalog.Reasons.Select(r => r.Code))} / unknown reason '{Shorten(code)}'; use one of: {string.Join(", ", catalog.Reasons.Select(r => r.Code))}"); continue; }
            if (!codes.Contains(code)) codes.Add(code);
        }
        if (problems.Count > 0) { errors["reasons"] = [.. problems]; return null; }
        return codes;
    }

    private static string? ReadText(Dictionary<string, JsonElement> props, string name, int maxLength, bool multiline, Dictionary<string, string[]> errors)
    {
        if (!props.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"Phải là chuỗi văn bản, nhận được {Vi(value)} / must be a string, got {En(value)}"];
            return null;
        }
        var text = value.GetString()!.Trim();
        if (!text.IsNormalized(NormalizationForm.FormC)) text = text.Normalize(NormalizationForm.FormC);
        if (text.Length == 0) return null;
        var length = text.EnumerateRunes().Count();
        if (length > maxLength)
        {
            errors[name] = [$"Tối đa {maxLength} ký tự, nhận được {length} / at most {maxLength} characters, got {length}"];
            return null;
        }
        if (text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            errors[name] = [multiline
                ? "Không được chứa ký tự điều khiển (ngoài xuống dòng) / must not contain control characters other than line breaks"
                : "Không được chứa ký tự điều khiển hay xuống dòng / must not contain control characters or line breaks"];
            return null;
        }
        return text;
    }

    private DateTimeOffset? ReadSubmittedAt(Dictionary<string, JsonElement> props, DateTimeOffset receivedAt, Dictionary<string, string[]> errors)
    {
        if (!props.TryGetValue("submittedAt", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        const string format = "ISO-8601 có múi giờ, ví dụ 2026-11-22T09:30:00+07:00 / ISO-8601 with a time zone, e.g. 2026-11-22T09:30:00+07:00";
        if (value.ValueKind != JsonValueKind.String)
        {
            errors["submittedAt"] = [$"Phải là chuỗi thời gian {format}; nhận được {Vi(value)}"];
            return null;
        }
        var text = value.GetString()!;
        if (!HasZone(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            errors["submittedAt"] = [$"Thời gian không hợp lệ: {format}"];
            return null;
        }
        var ingest = options.Value;
        if (at > receivedAt.AddMinutes(ingest.MaxClockSkewMinutes))
        {
            errors["submittedAt"] = [$"Thời gian nằm trong tương lai (lệch hơn {ingest.MaxClockSkewMinutes} phút so với máy chủ); kiểm tra đồng hồ thiết bị / submittedAt is in the future (more than {ingest.MaxClockSkewMinutes} minutes ahead of the server); check the device clock"];
            return null;
        }
        if (at < receivedAt.AddDays(-ingest.MaxOfflineAgeDays))
        {
            errors["submittedAt"] = [$"Đánh giá cũ hơn {ingest.MaxOfflineAgeDays} ngày không được nhận / ratings older than {ingest.MaxOfflineAgeDays} days are not accepted"];
            return null;
        }
        return at.ToUniversalTime();
    }

    private static bool HasZone(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') ||
        (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static bool TryString(Dictionary<string, JsonElement> props, string name, Dictionary<string, string[]> errors, out string value)
    {
        value = "";
        if (!props.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            errors[name] = [$"Bắt buộc / required"];
            return false;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"Phải là chuỗi văn bản, nhận được {Vi(element)} / must be a string, got {En(element)}"];
            return false;
        }
        value = element.GetString()!.Trim();
        if (value.Length == 0)
        {
            errors[name] = [$"Bắt buộc, không được để trống / required, must not be empty"];
            return false;
        }
        return true;
    }

    private static string Vi(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "một chuỗi",
        JsonValueKind.Number => $"số {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"giá trị {value.GetRawText()}",
        JsonValueKind.Array => "một mảng",
        JsonValueKind.Object => "một đối tượng",
        _ => "null",
    };

    private static string En(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Fingerprint of the content the client chose; the server's receivedAt is deliberately left out.</summary>
    private static string ContentHash(string counterId, string fieldCode, int score, string channel, IReadOnlyList<string> reasons,
        string? comment, string? procedureCode, DateTimeOffset? submittedAt)
    {
        var canonical = string.Join('\u001f', counterId, fieldCode, score.ToString(CultureInfo.InvariantCulture), channel,
            string.Join('\u001e', reasons), comment ?? "\u0000", procedureCode ?? "\u0000",
            submittedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "\u0000");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
