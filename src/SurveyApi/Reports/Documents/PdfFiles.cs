using System.IO.Compression;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>
/// Saves a PDFsharp document with well-formed compressed streams. PDFsharp 6.2.4 (FlateDecode.Encode) writes the zlib
/// header and the deflate data but not the Adler-32 checksum RFC 1950 ends a zlib stream with; Ghostscript then warns
/// "ignoring zlib error: incorrect data check" for every stream and stricter readers may refuse the file. So the
/// document is saved uncompressed, read back, and each stream compressed with .NET's own <see cref="ZLibStream"/>.
/// </summary>
public static class PdfFiles
{
    public static byte[] Save(PdfDocument pdf)
    {
        pdf.Options.NoCompression = true;
        pdf.Options.CompressContentStreams = false;
        using var plain = new MemoryStream();
        pdf.Save(plain, closeStream: false);
        plain.Position = 0;
        using var copy = PdfReader.Open(plain, PdfDocumentOpenMode.Modify);
        copy.Options.NoCompression = true;
        copy.Options.CompressContentStreams = false;
        foreach (var item in copy.Internals.GetAllObjects())
        {
            if (item is not PdfDictionary { Stream: { } stream } dictionary || dictionary.Elements.ContainsKey("/Filter")
                || dictionary.Elements.GetName("/Type") == "/Metadata")
                continue;
            stream.Value = Zlib(stream.Value);
            dictionary.Elements.SetName("/Filter", "/FlateDecode");
        }
        using var output = new MemoryStream();
        copy.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }
}
