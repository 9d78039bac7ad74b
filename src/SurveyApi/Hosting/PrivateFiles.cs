namespace ParSurvey.SurveyApi.Hosting;

/// <summary>
/// The data folder holds password hashes, device-key hashes, signing keys and citizens' comments: on Linux the server
/// creates its folders 0700 and its files 0600, whatever the umask (issue 13, finding 10), and says at start-up which
/// existing entries other users can read. Every place that writes into the data folder goes through here.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                              UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder (and missing parents) owner-only; an existing folder is left as it is.</summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only; missing parents (data/ of
        // data/keys) would get the umask's 0755. So each missing folder is created on its own, outermost first.
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!) missing.Push(folder);
        while (missing.TryPop(out var folder)) Directory.CreateDirectory(folder, OwnerOnlyFolder);
    }

    /// <summary>An empty owner-only file, unless it exists: SQLite then gives its -wal and -shm files the same mode.</summary>
    public static void EnsureFile(string path)
    {
        CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path)) return;
        try
        {
            using var _ = new FileStream(path, Options(FileMode.CreateNew));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by another opener: fine, it is checked at start-up like every file.
        }
    }

    public static async Task WriteAllBytesAsync(string path, byte[] content, CancellationToken ct)
    {
        await using var stream = new FileStream(path, Options(FileMode.Create));
        await stream.WriteAsync(content, ct);
    }

    public static void WriteAllText(string path, string content)
    {
        using var stream = new FileStream(path, Options(FileMode.Create));
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    /// <summary>The folder itself and every entry under it that a group or other users may read, write or enter.</summary>
    public static IReadOnlyList<(string Path, UnixFileMode Mode)> Looser(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder)) return [];
        var found = new List<(string, UnixFileMode)>();
        void Check(string path, UnixFileMode mode)
        {
            if ((mode & GroupOrOther) != 0) found.Add((path, mode));
        }
        Check(folder, File.GetUnixFileMode(folder));
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            Check(entry, File.GetUnixFileMode(entry));
        return found;
    }

    /// <summary>Logs one warning per entry other users can reach, with the command that fixes it.</summary>
    public static void WarnAboutLooser(string folder, ILogger logger)
    {
        foreach (var (path, mode) in Looser(folder))
            logger.LogWarning("{Path} can be read by other users of this machine (mode {Mode}); it holds staff and citizen data: chmod {Fix} {Path}",
                path, Octal(mode), Directory.Exists(path) ? "700" : "600", path);
    }

    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(3, '0');

    private static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        return options;
    }
}
