using ParSurvey.SurveyApi.Reports;
using ParSurvey.SurveyApi.Reports.Documents;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Documents;

/// <summary>
/// Where pages break, drawn for every table length from none to three pages' worth, so that some of them end the body
/// just before, at and just after a page's end.
/// </summary>
public sealed class DocumentLayoutTests : IDisposable
{
    private static readonly TimeSpan Tools = TimeSpan.FromMinutes(2);
    private readonly string _folder = TempFolder.Create();
    private const string LastParagraph = "Đoạn cuối cùng của báo cáo, ngay trước chữ ký.";
    private const string SignerName = "Nguyễn Văn Phúc";

    public static OfficialDocument Document(int rows) => new(
        new DocumentHeader("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN", "BC-UBND", "Phường Sài Gòn",
            "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", SignerName, ["Như trên;", "Lưu: VT."]),
        $"Số:{ReportOfficialDocument.NumberGap}/BC-UBND", "Phường Sài Gòn, ngày 05 tháng 12 năm 2026", "BÁO CÁO", "KẾT QUẢ THỬ BỐ CỤC",
        [
            new DocumentBlock.Paragraph("Báo cáo thử bố cục trang theo Nghị định 30/2020/NĐ-CP, với một bảng dài."),
            new DocumentBlock.Heading("1. Bảng"),
            rows == 0
                ? new DocumentBlock.Paragraph("Trong kỳ chưa có lĩnh vực nào được đánh giá.")
                : new DocumentBlock.Table(["STT", "Lĩnh vực", "Số lượt đánh giá"],
                    Enumerable.Range(1, rows).Select(i => (IReadOnlyList<string>)[$"{i}", $"Lĩnh vực thử số {i} có tên dài, xuống hai dòng trong ô của bảng", $"{1000 + i}"]).ToArray(),
                    [10, 60, 20], "CLR"),
            new DocumentBlock.Heading("2. Kết luận"),
            new DocumentBlock.Paragraph(LastParagraph),
        ]);

    [Fact]
    public async Task SignatureNeverStandsAloneRowsNeverSplitAndTheHeaderRowRepeats()
    {
        var pdfs = new List<string>();
        for (var rows = 0; rows <= 60; rows++)
        {
            var pdf = Path.Combine(_folder, $"rows-{rows}.pdf");
            await File.WriteAllBytesAsync(pdf, DocumentPdf.Write(Document(rows), new OfficialDocumentOptions()));
            pdfs.Add(pdf);
        }
        await KeepsItsRulesAsync(pdfs, 0);
    }

    /// <summary>The same rules in the DOCX, as LibreOffice lays it out (Word's rules for keepNext, cantSplit, tblHeader).</summary>
    [Fact]
    public async Task DocxKeepsTheSameRulesWhenLibreOfficeLaysItOut()
    {
        var docx = new List<string>();
        for (var rows = 0; rows <= 40; rows++)
        {
            var file = Path.Combine(_folder, $"rows-{rows}.docx");
            await File.WriteAllBytesAsync(file, DocumentDocx.Write(Document(rows)));
            docx.Add(file);
        }
        await KeepsItsRulesAsync(await DocumentTools.DocxToPdfAsync(docx).WaitAsync(Tools), 0);
    }

    private static async Task KeepsItsRulesAsync(IReadOnlyList<string> pdfs, int firstRows)
    {
        var pageCounts = new SortedSet<int>();
        for (var index = 0; index < pdfs.Count; index++)
        {
            var (pdf, rows) = (pdfs[index], firstRows + index);
            var count = await DocumentTools.PageCountAsync(pdf).WaitAsync(Tools);
            pageCounts.Add(count);
            var pages = new List<string>();
            for (var page = 1; page <= count; page++) pages.Add(await DocumentTools.TextAsync(pdf, page).WaitAsync(Tools));

            var signed = pages.FindIndex(p => p.Contains(SignerName));
            Assert.True(signed >= 0 && pages[signed].Contains(LastParagraph) && pages[signed].Contains("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"),
                $"{rows} rows: the signature's page {signed + 1} lacks the last paragraph or the signer's title:\n{(signed >= 0 ? pages[signed] : "")}");
            Assert.Equal(signed, pages.Count - 1);
            for (var i = 1; i <= rows; i++)
            {
                var name = $"Lĩnh vực thử số {i} có tên dài, xuống hai dòng trong ô của bảng";
                var on = pages.FindIndex(p => p.Contains(name));
                Assert.True(on >= 0 && pages[on].Contains($"{1000 + i}"), $"{rows} rows: row {i} is split or missing");
                Assert.True(pages[on].Contains("STT") && pages[on].Contains("Số lượt đánh giá"), $"{rows} rows: page {on + 1} has row {i} without the header row");
            }
            foreach (var heading in new[] { "1. Bảng", "2. Kết luận" })
                Assert.False(pages.Any(p => p.EndsWith(heading)), $"{rows} rows: \"{heading}\" ends a page, apart from what it heads");
            for (var page = 2; page <= count; page++)
                Assert.StartsWith($"{page} ", pages[page - 1]);
            Assert.False(pages[0].StartsWith("1 "), "page 1 is numbered");
        }
        // The lengths tried run the body over one, two and three pages.
        Assert.Superset(new SortedSet<int> { 1, 2, 3 }, pageCounts);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
