using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// The official-document PDF ("ParSurvey:Reports:Document"), laid out as Nghị định 30/2020/NĐ-CP asks: who issues it,
/// where, who signs, who receives it. Names and titles are the office's own; the defaults are placeholders to fill in.
/// </summary>
public sealed class OfficialDocumentOptions
{
    public const string Section = "ParSurvey:Reports:Document";

    /// <summary>The body above the issuer (line 1 of the top-left block), e.g. "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"; empty: none.</summary>
    [MaxLength(200)]
    public string ParentBody { get; set; } = "";

    /// <summary>The issuing body; empty: the report's unit ("VĂN PHÒNG UBND PHƯỜNG SÀI GÒN").</summary>
    [MaxLength(200)]
    public string IssuingBody { get; set; } = "";

    /// <summary>The number and symbol as the office will write it; the dots are filled in by hand or by the records office.</summary>
    [Required, MaxLength(60)]
    public string Number { get; set; } = "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-VP";

    [Required, MaxLength(100)]
    public string Place { get; set; } = "Phường Sài Gòn";

    [Required, MaxLength(200)]
    public string SignerTitle { get; set; } = "CHÁNH VĂN PHÒNG";

    [Required, MaxLength(200)]
    public string SignerName { get; set; } = "(Ký, ghi rõ họ tên)";

    public string[] Recipients { get; set; } = ["Như trên;", "Lưu: VT."];

    /// <summary>
    /// Folder of the document font's TrueType files. Default: Liberation Serif (Debian's fonts-liberation2), metric-compatible
    /// with Times New Roman — the font Nghị định 30 asks for — so a line breaks where Word would break it. An office that
    /// holds a Times New Roman licence points this at its own files, e.g. /srv/fonts with times.ttf, timesbd.ttf,
    /// timesi.ttf, timesbi.ttf. The DOCX always names Times New Roman; Word on the office PC draws it.
    /// </summary>
    [Required]
    public string FontDirectory { get; set; } = "/usr/share/fonts/truetype/liberation2";

    [Required, MaxLength(200)]
    public string RegularFont { get; set; } = "LiberationSerif-Regular.ttf";

    [Required, MaxLength(200)]
    public string BoldFont { get; set; } = "LiberationSerif-Bold.ttf";

    [Required, MaxLength(200)]
    public string ItalicFont { get; set; } = "LiberationSerif-Italic.ttf";

    [Required, MaxLength(200)]
    public string BoldItalicFont { get; set; } = "LiberationSerif-BoldItalic.ttf";

    /// <summary>The four faces as (setting name, file name).</summary>
    public IEnumerable<(string Setting, string File)> FontFiles() =>
        [(nameof(RegularFont), RegularFont), (nameof(BoldFont), BoldFont), (nameof(ItalicFont), ItalicFont), (nameof(BoldItalicFont), BoldItalicFont)];
}
