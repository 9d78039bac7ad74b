using System.Text.Encodings.Web;
using System.Text.Unicode;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>A printable A5 poster for a counter: unit, counter, a short instruction in Vietnamese, and the QR code.</summary>
public static class PosterPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static async Task<IResult> Render(string counterId, HttpContext context, PosterLinks posters, CatalogProvider catalogs, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        if (catalog.FindCounter(counterId) is not { } counter || !SurveyLinksApi.MayPrint(context.User, catalog, counter))
            return TypedResults.NotFound();
        return Document($"Mã QR đánh giá – {counter.Name}", await PosterAsync(counter, catalog, context, posters, ct));
    }

    /// <summary>Every poster of a unit and its sub-units, one A5 page each, for printing in one go.</summary>
    public static async Task<IResult> RenderUnit(string unitId, HttpContext context, PosterLinks posters, CatalogProvider catalogs, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        if (catalog.FindUnit(unitId) is not { } unit) return TypedResults.NotFound();
        var counters = catalog.CountersUnder(unitId).Where(c => SurveyLinksApi.MayPrint(context.User, catalog, c)).ToArray();
        if (counters.Length == 0) return TypedResults.NotFound();
        var pages = new List<string>();
        foreach (var counter in counters) pages.Add(await PosterAsync(counter, catalog, context, posters, ct));
        return Document($"Mã QR đánh giá – {unit.Name}", string.Concat(pages));
    }

    private static async Task<string> PosterAsync(Counter counter, SurveyCatalog catalog, HttpContext context, PosterLinks posters, CancellationToken ct)
    {
        var unit = catalog.FindUnit(counter.UnitId)!;
        var (_, _, url) = await posters.CurrentAsync(counter, context.User.Actor(), ct);
        return $"""
                <article class="poster" data-counter="{Html.Encode(counter.Id)}">
                  <p class="unit">{Html.Encode(unit.Name)}</p>
                  <h1>{Html.Encode(counter.Name)}</h1>
                  <p class="lead">Ông/Bà hài lòng với sự phục vụ hôm nay chứ?</p>
                  <img class="qr" src="/api/counters/{Uri.EscapeDataString(counter.Id)}/qr.svg" alt="Mã QR đánh giá mức độ hài lòng tại {Html.Encode(counter.Name)}">
                  <ol class="steps">
                    <li>Mở máy ảnh hoặc Zalo trên điện thoại.</li>
                    <li>Quét mã QR ở trên.</li>
                    <li>Chọn mức độ hài lòng – chỉ mất vài giây.</li>
                  </ol>
                  <p class="note">Đánh giá ẩn danh, không thu thập họ tên hay số điện thoại.</p>
                  <p class="url">{Html.Encode(url)}</p>
                </article>
            """;
    }

    private static IResult Document(string title, string posters)
    {
        var page = $"""
            <!doctype html>
            <html lang="vi">
            <head>
              <meta charset="utf-8">
              <title>{Html.Encode(title)}</title>
              <link rel="stylesheet" href="/_content/Kiosk/css/poster.css">
            </head>
            <body><main>
            {posters}
            </main></body>
            </html>
            """;
        return TypedResults.Content(page, "text/html; charset=utf-8");
    }
}
