using Microsoft.Extensions.Options;
using ParSurvey.Analytics.Reports;

namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>The report as the document an office files, under the header of its unit, in PDF or DOCX.</summary>
public sealed class OfficialDocuments(IDocumentHeaders headers, IOptions<OfficialDocumentOptions> options)
{
    public static readonly string[] Formats = ["pdf", "docx"];

    public OfficialDocument Build(ReportDocument d) => ReportOfficialDocument.Build(d, headers.For(d.UnitId, d.UnitName));

    public RenderedReport Render(ReportDocument d, string format) => format switch
    {
        "pdf" => new(DocumentPdf.Write(Build(d), options.Value), "application/pdf", "pdf"),
        "docx" => new(DocumentDocx.Write(Build(d)), DocxType, "docx"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an official-document format"),
    };

    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}
