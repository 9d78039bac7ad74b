using PdfSharp.Fonts;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// PDFsharp on Linux finds no system fonts by itself: this resolver hands it DejaVu Serif from Debian's
/// fonts-dejavu-core, which carries every Vietnamese letter (ơ, ư, ạ, ế, …). Fonts are embedded (subset) in the PDF,
/// so the file reads the same on a Windows office PC.
/// </summary>
public sealed class DejaVuFonts(string directory) : IFontResolver
{
    public const string Family = "DejaVu Serif";
    private static readonly object Gate = new();
    private static bool _installed;

    public static void Install(string directory)
    {
        lock (Gate)
        {
            if (_installed) return;
            GlobalFontSettings.FontResolver = new DejaVuFonts(directory);
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new((bold, italic) switch
        {
            (true, true) => "DejaVuSerif-BoldItalic",
            (true, false) => "DejaVuSerif-Bold",
            (false, true) => "DejaVuSerif-Italic",
            _ => "DejaVuSerif",
        });

    public byte[]? GetFont(string faceName) =>
        File.ReadAllBytes(Hosting.SafePath.Under(directory, faceName + ".ttf"));
}
