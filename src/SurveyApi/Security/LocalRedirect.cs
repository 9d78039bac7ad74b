namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// Where a page may send the browser after signing in: a path on this server, nothing else (issue 13, finding 4).
/// One leading "/", no "//" or "/\" (which browsers read as another host), no control characters or spaces (a tab
/// is dropped by browsers, so "/\t/evil.example" became "//evil.example"; CR/LF broke the Location header), plain
/// ASCII — all checked on the text as given and again after every layer of percent-decoding.
/// </summary>
public static class LocalRedirect
{
    public const string Home = "/";

    /// <summary>The URL itself when it is a safe local path, otherwise "/".</summary>
    public static string Target(string? url) => IsLocalPath(url) ? url! : Home;

    public static bool IsLocalPath(string? url)
    {
        // The text as given goes into the Location header: printable ASCII only.
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || !url.All(c => c > ' ' && c < 0x7f)) return false;
        var text = url;
        // Three layers of decoding is more than any of our pages makes; deeper nesting is refused, not followed.
        for (var layer = 0; layer < 4; layer++)
        {
            if (!IsSafe(text)) return false;
            var decoded = Uri.UnescapeDataString(text);
            if (decoded == text) return true;
            text = decoded;
        }
        return false;
    }

    private static bool IsSafe(string path) =>
        path.Length > 0 && path[0] == '/' && !path.Contains("//") && !path.Contains('\\')
        && !path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
}
