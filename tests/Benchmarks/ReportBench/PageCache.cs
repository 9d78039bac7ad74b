using System.Runtime.InteropServices;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>Evicts one file from the Linux page cache (posix_fadvise DONTNEED), leaving every other process's cache alone.</summary>
public static class PageCache
{
    private const int DontNeed = 4; // POSIX_FADV_DONTNEED on Linux

    public static long Evict(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var error = Fadvise((int)file.SafeFileHandle.DangerousGetHandle(), 0, 0, DontNeed);
        if (error != 0) throw new IOException($"posix_fadvise({path}) failed: {error}");
        return file.Length;
    }

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int Fadvise(int fd, long offset, long length, int advice);
}
