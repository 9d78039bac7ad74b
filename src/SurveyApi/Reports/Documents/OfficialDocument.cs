namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>
/// An administrative document as Nghị định 30/2020/NĐ-CP (Phụ lục I) lays it out, built once and drawn by both the PDF
/// and the DOCX writer, so the two cannot say different things: the header blocks, the kind and title, the body, then
/// "Nơi nhận:" beside the signer.
/// </summary>
/// <param name="Number">"Số:       /BC-VP": the number is left blank for the records office (văn thư) to fill in.</param>
/// <param name="PlaceAndDate">"Phường Sài Gòn, ngày 05 tháng 02 năm 2026".</param>
/// <param name="Kind">Tên loại văn bản, "BÁO CÁO".</param>
public sealed record OfficialDocument(
    DocumentHeader Header, string Number, string PlaceAndDate, string Kind, string Title, IReadOnlyList<DocumentBlock> Body)
{
    /// <summary>Every text of the document in reading order, as a reader (or a test) compares two renderings of it.</summary>
    public IEnumerable<string> Texts()
    {
        if (Header.ParentBody.Length > 0) yield return Header.ParentBody;
        yield return Header.IssuingBody;
        yield return Number;
        yield return Quoc.Hieu;
        yield return Quoc.TieuNgu;
        yield return PlaceAndDate;
        yield return Kind;
        yield return Title;
        foreach (var block in Body)
            switch (block)
            {
                case DocumentBlock.Heading h: yield return h.Text; break;
                case DocumentBlock.Paragraph p: yield return p.Text; break;
                case DocumentBlock.Table t:
                    foreach (var cell in t.Headers.Concat(t.Rows.SelectMany(r => r))) yield return cell;
                    break;
            }
        yield return "Nơi nhận:";
        foreach (var r in Header.Recipients) yield return "- " + r;
        foreach (var line in SignerLines()) yield return line;
    }

    /// <summary>Above the signature, in capitals: "KT. CHỦ TỊCH" (when signed on behalf) then "PHÓ CHỦ TỊCH".</summary>
    public IEnumerable<string> SignerLines()
    {
        if (Header.SignerAuthority.Length > 0) yield return Header.SignerAuthority;
        yield return Header.SignerTitle;
    }
}

/// <summary>Quốc hiệu and Tiêu ngữ, word for word as Nghị định 30 prints them.</summary>
public static class Quoc
{
    public const string Hieu = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string TieuNgu = "Độc lập - Tự do - Hạnh phúc";
}

/// <summary>A block of a document's body.</summary>
public abstract record DocumentBlock
{
    /// <summary>A numbered section heading ("1. Kết quả chung"), bold, kept with what follows it.</summary>
    public sealed record Heading(string Text) : DocumentBlock;

    /// <summary>A body paragraph, first line indented; <paramref name="Item"/>: a "- " list item, not indented.</summary>
    public sealed record Paragraph(string Text, bool Item = false, bool Italic = false) : DocumentBlock;

    /// <summary>A table: its header row repeats on every page it spans, no row splits across pages.</summary>
    /// <param name="Widths">Relative column widths.</param>
    /// <param name="Align">One letter a column: L(eft) for words, C(entre), R(ight) for numbers.</param>
    public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<double> Widths, string Align) : DocumentBlock;
}
