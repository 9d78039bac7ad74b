namespace ParSurvey.SurveyApi.Hosting;

/// <summary>
/// Every file path the server builds from a folder and names (catalog ids, period keys, file names) goes through here,
/// so that a name like <c>../../x</c> or <c>/etc/x</c> can never reach a file outside its folder, whatever checked the
/// name before. Catalog ids are restricted as well; this is the second, independent line.
/// </summary>
public static class SafePath
{
    /// <summary>
    /// The full path of <paramref name="parts"/> below <paramref name="root"/>; throws <see cref="UnsafePathException"/>
    /// when a part is empty, rooted or holds a NUL, or leads out of (or back to) the folder it is added to.
    /// </summary>
    public static string Under(string root, params string[] parts)
    {
        var path = Path.GetFullPath(root);
        foreach (var part in parts)
        {
            if (string.IsNullOrEmpty(part) || Path.IsPathRooted(part) || part.Contains('\0'))
                throw new UnsafePathException(path, part);
            // Each part stays inside the folder before it: "reports", "../x" is refused even though data/x is in data.
            var inside = Path.EndsInDirectorySeparator(path) ? path : path + Path.DirectorySeparatorChar;
            var next = Path.GetFullPath(Path.Combine(path, part));
            if (!next.StartsWith(inside, StringComparison.Ordinal)) throw new UnsafePathException(path, part);
            path = next;
        }
        return path;
    }
}

/// <summary>A file name would have led outside its folder; nothing was read or written.</summary>
public sealed class UnsafePathException(string folder, string name)
    : IOException($"Đường dẫn '{name}' ra ngoài thư mục '{folder}' / path '{name}' leaves the folder '{folder}'");
