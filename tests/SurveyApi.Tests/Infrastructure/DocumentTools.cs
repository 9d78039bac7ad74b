using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// The programs a person's computer meets a document with: poppler (pdftoppm, pdftotext, pdffonts, pdfinfo),
/// Ghostscript, Tesseract with Vietnamese, LibreOffice headless and zbar. Each run has a deadline; a program that
/// fails says so with its output.
/// </summary>
public static partial class DocumentTools
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;
    }

    public static async Task<Output> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} ran longer than {timeout.TotalSeconds} s");
        }
        return new Output(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<Output> MustAsync(string program, IEnumerable<string> args, int seconds, string? workingDirectory = null)
    {
        var output = await RunAsync(program, args, TimeSpan.FromSeconds(seconds), workingDirectory);
        Assert.True(output.ExitCode == 0, $"{program} exited with {output.ExitCode}: {output.All}");
        return output;
    }

    /// <summary>One page as a PNG (pdftoppm), the way a printer or a screen sees it.</summary>
    public static async Task<string> PageImageAsync(string pdf, int page, int dpi = 300)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, $"{Path.GetFileNameWithoutExtension(pdf)}-p{page}-{dpi}");
        await MustAsync("pdftoppm", ["-r", dpi.ToString(), "-png", "-singlefile", "-f", page.ToString(), "-l", page.ToString(), pdf, prefix], 120);
        return prefix + ".png";
    }

    /// <summary>What Tesseract reads on an image (Vietnamese), NFC, whitespace collapsed to single spaces.</summary>
    public static async Task<string> OcrAsync(string png) =>
        Normalise((await MustAsync("tesseract", [png, "-", "-l", "vie"], 240)).Stdout);

    public static async Task<string> OcrPageAsync(string pdf, int page) => await OcrAsync(await PageImageAsync(pdf, page));

    /// <summary>The text layer of one page (or all, page 0), normalised.</summary>
    public static async Task<string> TextAsync(string pdf, int page = 0)
    {
        string[] range = page > 0 ? ["-f", page.ToString(), "-l", page.ToString()] : [];
        return Normalise((await MustAsync("pdftotext", [.. range, "-enc", "UTF-8", pdf, "-"], 60)).Stdout);
    }

    public static async Task<int> PageCountAsync(string pdf)
    {
        var info = (await MustAsync("pdfinfo", [pdf], 60)).Stdout;
        return int.Parse(PagesLine().Match(info).Groups[1].Value);
    }

    /// <summary>Everything Ghostscript says while it renders every page: empty for a well-formed file.</summary>
    public static async Task<string> GhostscriptComplaintsAsync(string pdf)
    {
        var output = await RunAsync("gs", ["-dNOPAUSE", "-dBATCH", "-dQUIET", "-sDEVICE=nullpage", pdf], TimeSpan.FromSeconds(120));
        return output.ExitCode == 0 ? output.All.Trim() : $"exit {output.ExitCode}: {output.All}";
    }

    /// <summary>pdffonts' table rows: the font's name (e.g. "ABCDEF+Liberation Serif,Bold") and whether it is embedded.</summary>
    public static async Task<IReadOnlyList<(string Name, bool Embedded)>> FontsAsync(string pdf)
    {
        var lines = (await MustAsync("pdffonts", [pdf], 60)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Columns are as wide as the dashes under their titles: name, type, encoding, emb, sub, uni, object ID.
        var columns = new List<(int Start, int Length)>();
        foreach (Match dashes in Regex.Matches(lines[1], "-+")) columns.Add((dashes.Index, dashes.Length));
        var fonts = lines.Skip(2).Select(l => (l[..columns[0].Length].Trim(), l.Substring(columns[3].Start, columns[3].Length).Trim() == "yes")).ToList();
        Assert.True(fonts.Count > 0, $"pdffonts lists no font in {pdf}");
        return fonts;
    }

    /// <summary>A DOCX opened by LibreOffice headless and saved as PDF, with a profile of its own (no shared state).</summary>
    public static async Task<string> DocxToPdfAsync(string docx) => (await DocxToPdfAsync([docx])).Single();

    /// <summary>Several DOCX files of one folder converted by one LibreOffice run (it starts slowly).</summary>
    public static async Task<IReadOnlyList<string>> DocxToPdfAsync(IReadOnlyList<string> docx)
    {
        var folder = Path.GetDirectoryName(docx[0])!;
        var profile = Path.Combine(folder, "lo-profile");
        var output = await MustAsync("soffice", [$"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", folder, .. docx], 60 + 20 * docx.Count);
        var pdfs = docx.Select(d => Path.ChangeExtension(d, ".pdf")).ToArray();
        foreach (var pdf in pdfs) Assert.True(File.Exists(pdf), $"LibreOffice made no {pdf}: {output.All}");
        return pdfs;
    }

    public static string Normalise(string text) => Spaces().Replace(text.Normalize(NormalizationForm.FormC).Replace('\u00a0', ' '), " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();
}
