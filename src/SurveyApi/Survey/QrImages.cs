using QRCoder;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>QR codes of survey links, as PNG for printing on receipts and SVG for posters. Error correction M: a poster may get scratched.</summary>
public static class QrImages
{
    public static byte[] Png(string url, int pixelsPerModule = 10)
    {
        using var data = Encode(url);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string url)
    {
        using var data = Encode(url);
        return new SvgQRCode(data).GetGraphic(8);
    }

    /// <summary>The code's dark modules, quiet zone included, row by row: for drawing it as vector squares (the poster PDF).</summary>
    public static bool[][] Modules(string url)
    {
        using var data = Encode(url);
        return data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray()).ToArray();
    }

    private static QRCodeData Encode(string url)
    {
        // Plain ASCII only: a decoder reads other bytes as Shift-JIS.
        if (url.Any(c => c > 127)) throw new ArgumentException("A QR link must be plain ASCII", nameof(url));
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
    }
}
