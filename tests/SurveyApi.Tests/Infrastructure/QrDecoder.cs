using System.Diagnostics;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>Reads QR codes back with zbarimg (zbar-tools, installed by ./test.sh), as a phone's camera would.</summary>
public static class QrDecoder
{
    /// <returns>Every code found in the image, one per line in zbar's order.</returns>
    public static string[] DecodeAll(byte[] png)
    {
        var folder = TempFolder.Create();
        try
        {
            var file = Path.Combine(folder, "qr.png");
            File.WriteAllBytes(file, png);
            using var zbar = Process.Start(new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true })!;
            var text = zbar.StandardOutput.ReadToEnd();
            Assert.True(zbar.WaitForExit(30_000), "zbarimg hung");
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string Decode(byte[] png) => Assert.Single(DecodeAll(png));
}
