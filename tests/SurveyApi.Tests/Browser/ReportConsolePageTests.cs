using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class ReportConsolePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AReporterPreviewsTheCchcSixMonthWindowDownloadsXlsxAndPdfAndArchivesTheWindow()
    {
        // 10 March 2026 in Vietnam: inside the CCHC 6-month window of 2026 (15/12/2025 – 31/05/2026).
        var clock = new SettableClock(new DateTimeOffset(2026, 3, 10, 3, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock, extraArgs: [ParSurveyServer.NoPressFilter]); // 30 presses from one device, counted
        for (var i = 0; i < 30; i++) await server.PostRatingAsync(RatingBody.New("a1", i < 28 ? 4 : 1));
        await server.PostRatingAsync(RatingBody.New("b1", 1, fieldCode: "ho-tich")); // another ward: not in Phường A's report
        var expectedRate = (28.0 / 30 * 100).ToString("0.0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN")) + "\u00a0%";
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var (context, page) = await browser.SignedInAsync(server, email, password, "/reports",
            new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 }, AcceptDownloads = true });
        await using var _ = context;

        await page.GetByLabel("Loại kỳ").SelectOptionAsync("cchc-6m");
        await page.GetByLabel("Năm", new() { Exact = true }).FillAsync("2026");
        await page.GetByLabel("Năm", new() { Exact = true }).DispatchEventAsync("change");
        await Assertions.Expect(page.Locator("#dates")).ToHaveTextAsync("Từ 15/12/2025 đến 31/05/2026");
        await page.GetByLabel("Tìm đơn vị").FillAsync("phường a");
        await Assertions.Expect(page.Locator("input[name=unit]")).ToHaveCountAsync(2); // Phường A and its annex, "Điểm tiếp nhận phường A"
        await page.Locator("input[name=unit][value=ward-a]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem trước" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-title")).ToContainTextAsync("Phường A");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync($"30 lượt đánh giá, hài lòng {expectedRate.Replace('\u00a0', ' ')}".Replace(" %", "\u00a0%"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await BrowserFixture.KeepScreenshotAsync(page, "console-reports.png");

        var folder = TempFolder.Create();
        try
        {
            var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải Excel (XLSX)" }).ClickAsync());
            var xlsxPath = Path.Combine(folder, "report.xlsx");
            await xlsx.SaveAsAsync(xlsxPath);
            var cells = SpreadsheetText(xlsxPath);
            Assert.Contains("Phường A", string.Join("|", cells));
            Assert.Contains("Hộ tịch", cells);
            Assert.Contains("30", cells);

            var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải PDF (văn bản hành chính)" }).ClickAsync());
            var pdfPath = Path.Combine(folder, "report.pdf");
            await pdf.SaveAsAsync(pdfPath);
            var text = PdfText(pdfPath);
            Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
            Assert.Contains("Độc lập - Tự do - Hạnh phúc", text);
            Assert.Contains("BÁO CÁO", text);
            Assert.Contains("PHƯỜNG A", text);
            Assert.Contains("Phường Sài Gòn, ngày 10 tháng 3 năm 2026", text);
            Assert.Contains(expectedRate.Replace('\u00a0', ' '), text.Replace('\u00a0', ' '));
            Assert.Contains("Nơi nhận:", text);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu trữ ngay" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-progress")).ToHaveJSPropertyAsync("value", 100, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#job-text")).ToContainTextAsync("100 %");
        await page.GetByLabel("Tìm theo kỳ, đơn vị hoặc định dạng").FillAsync("tiếp nhận xlsx");
        await Assertions.Expect(page.Locator("#archive tr")).ToHaveCountAsync(1); // the annex's spreadsheet of the window
        await Assertions.Expect(page.Locator("#archive tr")).ToContainTextAsync("cchc-6m-2026");
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task AdminPrintsAUnitsPostersEachDecodingToAWorkingLinkAndReadsItInTheAuditLog()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/posters");
        await using var _ = context;
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await BrowserFixture.KeepScreenshotAsync(page, "console-posters.png");
        await ConsoleBrowser.AssertUnitPostersWorkAsync(page, server, "ward-a", 3); // a1 and a2 of Phường A, ax1 of its annex

        // What the admin did today, in the audit log, filtered by what.
        var admin = await server.AdminAsync();
        await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy kiểm toán" });
        await page.GotoAsync("/admin/audit");
        await page.GetByLabel("Việc gì").SelectOptionAsync("device.create");
        await Assertions.Expect(page.Locator("#entries tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#entries tr")).ToContainTextAsync(ParSurveyServer.AdminEmail);
        await Assertions.Expect(page.Locator("#entries tr")).ToContainTextAsync("Máy kiểm toán");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await BrowserFixture.KeepScreenshotAsync(page, "console-audit.png");
    }

    private static List<string> SpreadsheetText(string path)
    {
        using var workbook = SpreadsheetDocument.Open(path, false);
        var shared = workbook.WorkbookPart!.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        return workbook.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>()).Select(c =>
            c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text)]
            : c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText
            : c.CellValue?.Text ?? "").ToList();
    }

    private static string PdfText(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "pdftotext hung");
        Assert.Equal(0, process.ExitCode);
        return text;
    }
}
