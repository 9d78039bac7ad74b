using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ParSurvey.SurveyApi.Hosting;

/// <summary>
/// Reads a request body as JSON with a size limit, answering every way it can go wrong (empty, too large, not JSON,
/// wrong content type) with a ProblemDetails that names the body, so a bad body is a 400, never a 500.
/// </summary>
public static class JsonBody
{
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && !IsJson(type))
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Sai kiểu nội dung / Unsupported content type",
                $"Gửi JSON với Content-Type: application/json (nhận được '{type}') / send JSON with Content-Type: application/json (got '{type}')"));
        if (request.ContentLength > maxBytes)
            return (null, TooLarge(maxBytes));

        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, (int?)request.ContentLength is > 0 and var n ? n : 4096));
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var read = await request.Body.ReadAsync(memory, cancellationToken);
                if (read == 0) break;
                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes) return (null, TooLarge(maxBytes));
            }
        }
        catch (BadHttpRequestException e)
        {
            // The client went away mid-body (a kiosk losing Wi-Fi): nothing was stored, and it is no server error.
            return (null, Problem(e.StatusCode, "Nội dung không trọn vẹn / Incomplete request body",
                "Yêu cầu bị ngắt giữa chừng; gửi lại với cùng mã / the request was cut off; send it again with the same id"));
        }
        if (buffer.WrittenCount == 0 || buffer.WrittenSpan.Trim(" \t\r\n"u8).IsEmpty)
            return (null, BodyProblem("Thân yêu cầu trống; gửi một đối tượng JSON / the request body is empty; send a JSON object"));
        try
        {
            var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 16 });
            return (document, null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (dòng/line {line + 1}, vị trí/position {e.BytePositionInLine + 1})" : "";
            return (null, BodyProblem($"JSON không hợp lệ{where} / malformed JSON{where}"));
        }
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
        contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Nội dung quá lớn / Payload too large",
            $"Tối đa {maxBytes / 1024} KB mỗi yêu cầu / at most {maxBytes / 1024} KB per request");

    private static ProblemHttpResult BodyProblem(string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Yêu cầu không hợp lệ / Invalid request",
            Detail = message,
        });

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
