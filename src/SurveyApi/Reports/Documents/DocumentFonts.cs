using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>
/// The document font for PDFsharp, which finds no system fonts on Linux by itself: the four TrueType faces named in
/// <see cref="OfficialDocumentOptions"/> (Liberation Serif unless the office brings Times New Roman).
/// PDFsharp takes one resolver per process, so each configuration registers its faces under a family name of its own.
/// </summary>
public sealed class DocumentFonts : IFontResolver
{
    private static readonly ConcurrentDictionary<string, string[]> Families = new();
    private static readonly object Gate = new();
    private static bool _installed;

    /// <summary>
    /// The faces are embedded whole, not as a subset. PDFsharp's subsetter (GlyphDataTable.CompleteGlyphClosure, 6.2.4)
    /// adds the components of the composite glyphs it was asked for, but not the components of those components: in
    /// DejaVu Serif (the font the documents used before) a Vietnamese letter such as "ụ", "ơ" or "ự" is a composite whose
    /// dot below or horn is itself a composite, so the subset carried empty outlines for them and every renderer drew
    /// "PHUC VU" and "Tu do" while the text layer still said "PHỤC VỤ". Liberation Serif happens not to nest them, but an
    /// office's own Times New Roman may; the whole file has every outline whatever font is configured.
    /// </summary>
    public static readonly XPdfFontOptions Embedding = new(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile);

    /// <returns>The family name to create <see cref="XFont"/>s with.</returns>
    public static string Register(OfficialDocumentOptions options)
    {
        var files = options.FontFiles().Select(f => Path.GetFullPath(Path.Combine(options.FontDirectory, f.File))).ToArray();
        var family = "ParSurvey-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join('|', files))))[..12];
        Families.TryAdd(family, files);
        lock (Gate)
        {
            if (!_installed) GlobalFontSettings.FontResolver = new DocumentFonts();
            _installed = true;
        }
        return family;
    }

    /// <summary>Why the configured fonts cannot be used, or null: checked at start-up, so a wrong path stops the server, not the 9 a.m. report.</summary>
    public static string? Problem(OfficialDocumentOptions options)
    {
        foreach (var (setting, file) in options.FontFiles())
        {
            var path = Path.Combine(options.FontDirectory, file);
            if (!File.Exists(path))
                return $"{OfficialDocumentOptions.Section}:{setting}: no font file {path} (Debian: apt-get install fonts-liberation2, or set FontDirectory and the four *Font file names to your Times New Roman files)";
            Span<byte> head = stackalloc byte[4];
            using var stream = File.OpenRead(path);
            if (stream.Read(head) < 4 || !(head.SequenceEqual(new byte[] { 0, 1, 0, 0 }) || head.SequenceEqual("true"u8)))
                return $"{OfficialDocumentOptions.Section}:{setting}: {path} is not a TrueType font (.ttf with glyph outlines)";
        }
        return null;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        Families.TryGetValue(familyName, out var files) ? new FontResolverInfo(files[(bold ? 1 : 0) + (italic ? 2 : 0)]) : null;

    public byte[]? GetFont(string faceName) =>
        Families.Values.Any(f => f.Contains(faceName)) ? File.ReadAllBytes(faceName) : null;
}

/// <summary>Refuses to start with a font that is missing or not TrueType, naming the setting and the file.</summary>
public sealed class DocumentFontValidation : Microsoft.Extensions.Options.IValidateOptions<OfficialDocumentOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, OfficialDocumentOptions options) =>
        DocumentFonts.Problem(options) is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
