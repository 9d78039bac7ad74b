using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>
/// An <see cref="OfficialDocument"/> as an A4 PDF, drawn as text (searchable, copyable) in the document font. Layout of
/// Nghị định 30/2020/NĐ-CP, Phụ lục I: margins top and bottom 20 mm, left 30 mm, right 15 mm; body 13 pt; page numbers
/// from page 2, centred in the top margin. Rules a filed document keeps: the title stays with the first section, a
/// heading with what follows it, a table row never splits and a table's header row repeats on each page, and the
/// signature never stands alone on a page (it takes the last paragraph with it).
/// </summary>
public static class DocumentPdf
{
    public static byte[] Write(OfficialDocument document, OfficialDocumentOptions options)
    {
        var fonts = new DocumentTypefaces(DocumentFonts.Register(options));
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.Author = document.Header.IssuingBody;
        var page = new PdfPageWriter(pdf, fonts);
        Header(page, document, fonts);
        Body(page, document, fonts);
        page.NumberPages();
        return PdfFiles.Save(pdf);
    }

    private static void Header(PdfPageWriter page, OfficialDocument d, DocumentTypefaces f)
    {
        const double split = 0.40;
        var left = new XRect(PdfPageWriter.Left - 14, PdfPageWriter.Top, PdfPageWriter.TextWidth * split + 14, 0);
        var right = new XRect(PdfPageWriter.Left + PdfPageWriter.TextWidth * split, PdfPageWriter.Top, PdfPageWriter.TextWidth * (1 - split) + 14, 0);
        var y = left.Y;
        if (d.Header.ParentBody.Length > 0) y = page.Centered(d.Header.ParentBody, f.Regular12, left, y);
        y = page.Centered(d.Header.IssuingBody, f.Bold12, left, y);
        page.RuleUnder(left, y + 2, left.Width / 3);
        var leftEnd = page.Centered(d.Number, f.Regular13, left, y + 10);

        var ry = page.Centered(Quoc.Hieu, f.Bold12, right, right.Y);
        ry = page.Centered(Quoc.TieuNgu, f.Bold13, right, ry);
        page.RuleUnder(right, ry + 2, page.Measure(Quoc.TieuNgu, f.Bold13));
        var rightEnd = page.Centered(d.PlaceAndDate, f.Italic13, right, ry + 10);

        page.Y = Math.Max(leftEnd, rightEnd) + 22;
        var whole = new XRect(PdfPageWriter.Left, 0, PdfPageWriter.TextWidth, 0);
        page.Y = page.Centered(d.Kind, f.Bold14, whole, page.Y);
        page.Y = page.Centered(d.Title, f.Bold14, whole with { X = whole.X + 30, Width = whole.Width - 60 }, page.Y) + 14;
    }

    private static void Body(PdfPageWriter page, OfficialDocument d, DocumentTypefaces f)
    {
        var blocks = d.Body;
        var signature = new SignatureBlock(d, f, page);
        for (var i = 0; i < blocks.Count; i++)
        {
            var last = i == blocks.Count - 1;
            switch (blocks[i])
            {
                case DocumentBlock.Heading h:
                    // Kept with the next block's first lines (or a table's header and first row); before the last
                    // paragraph, with that paragraph and the signature.
                    var next = i + 1 < blocks.Count ? blocks[i + 1] : null;
                    page.EnsureRoom(page.HeightOf(h, f) + next switch
                    {
                        null => signature.Height,
                        DocumentBlock.Paragraph p when i + 1 == blocks.Count - 1 => page.HeightOf(p, f) + signature.Height,
                        _ => page.LeadOf(next, f),
                    });
                    page.Paragraph(h.Text, f.Bold13, indent: false, spaceBefore: 4);
                    break;
                case DocumentBlock.Paragraph p:
                    // The last paragraph goes over with the signature when both do not fit: the signer never stands alone.
                    if (last) page.EnsureRoom(page.HeightOf(p, f) + signature.Height);
                    page.Paragraph(p.Text, p.Italic ? f.Italic13 : f.Regular13, indent: !p.Item);
                    break;
                case DocumentBlock.Table t:
                    page.Table(t, f, last ? signature.Height : 0);
                    break;
            }
        }
        page.EnsureRoom(signature.Height);
        signature.Draw(page.Y + 6);
    }

    /// <summary>"Nơi nhận:" and its list bottom left, the signer bottom right, side by side.</summary>
    private sealed class SignatureBlock(OfficialDocument d, DocumentTypefaces f, PdfPageWriter page)
    {
        private const double SignatureSpace = 62; // room for the signature and the seal

        public double Height => 6 + Math.Max(
            page.LineHeight(f.BoldItalic12) + d.Header.Recipients.Count * page.LineHeight(f.Regular11),
            d.SignerLines().Count() * page.LineHeight(f.Bold13) + SignatureSpace + page.LineHeight(f.Bold13));

        public void Draw(double top)
        {
            var y = page.Line("Nơi nhận:", f.BoldItalic12, PdfPageWriter.Left, top);
            foreach (var r in d.Header.Recipients) y = page.Line("- " + r, f.Regular11, PdfPageWriter.Left, y);
            var box = new XRect(PdfPageWriter.Left + PdfPageWriter.TextWidth * 0.45, top, PdfPageWriter.TextWidth * 0.55, 0);
            var sy = top;
            foreach (var line in d.SignerLines()) sy = page.Centered(line, f.Bold13, box, sy);
            page.Centered(d.Header.SignerName, f.Bold13, box, sy + SignatureSpace);
        }
    }
}

/// <summary>The document's faces and sizes: 13 pt body as Nghị định 30 asks (13–14 pt).</summary>
public sealed class DocumentTypefaces(string family)
{
    public XFont Regular11 { get; } = Font(family, 11, XFontStyleEx.Regular);
    public XFont Regular12 { get; } = Font(family, 12, XFontStyleEx.Regular);
    public XFont Regular13 { get; } = Font(family, 13, XFontStyleEx.Regular);
    public XFont Bold12 { get; } = Font(family, 12, XFontStyleEx.Bold);
    public XFont Bold13 { get; } = Font(family, 13, XFontStyleEx.Bold);
    public XFont Bold14 { get; } = Font(family, 14, XFontStyleEx.Bold);
    public XFont Italic13 { get; } = Font(family, 13, XFontStyleEx.Italic);
    public XFont BoldItalic12 { get; } = Font(family, 12, XFontStyleEx.BoldItalic);

    public static XFont Font(string family, double size, XFontStyleEx style) => new(family, size, style, DocumentFonts.Embedding);
}
