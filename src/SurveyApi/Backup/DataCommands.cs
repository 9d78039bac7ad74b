using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Backup;

/// <summary>
/// Commands an operator runs beside the server, with the server's own settings (appsettings.json, environment,
/// <c>--ParSurvey:…</c> arguments):
/// <code>
/// dotnet run --project src/SurveyApi -- backup /srv/backup/2026-11-29      # while the server runs
/// dotnet run --project src/SurveyApi -- restore /srv/backup/2026-11-29     # into an empty data folder (or PostgreSQL database)
/// </code>
/// </summary>
public static class DataCommands
{
    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore")) return null;
        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            await error.WriteLineAsync($"Cách dùng / usage: {args[0]} <thư mục sao lưu> [--ParSurvey:DataDirectory=…]");
            return 2;
        }
        var (options, storage) = Settings(args[2..]);
        if (storage.IsPostgres && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            await error.WriteLineAsync($"{StorageOptions.Section}:ConnectionString is required when {StorageOptions.Section}:Provider is 'postgres'");
            return 2;
        }
        IBackupDatabase database = storage.IsPostgres ? new PostgresBackup(storage.ConnectionString!) : new SqliteBackup(options.DataDirectoryFullPath);
        try
        {
            if (args[0] == "backup")
            {
                var made = await DataBackup.CreateAsync(database, options.DataDirectoryFullPath, args[1], TimeProvider.System);
                await output.WriteLineAsync($"Đã sao lưu {made.Ratings} lượt đánh giá và {made.Files.Count} tệp vào {Path.GetFullPath(args[1])} " +
                                            $"(ảnh chụp lúc {made.StartedAtLocal:dd/MM/yyyy HH:mm:ss}, giờ Việt Nam).");
            }
            else
            {
                var restored = await DataBackup.RestoreAsync(database, args[1], options.DataDirectoryFullPath);
                await output.WriteLineAsync($"Đã khôi phục {restored.Ratings} lượt đánh giá và {restored.Files.Count} tệp vào {options.DataDirectoryFullPath} " +
                                            $"(bản sao lưu lúc {restored.StartedAtLocal:dd/MM/yyyy HH:mm:ss}). Khởi động máy chủ để dùng.");
            }
            return 0;
        }
        catch (BackupException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    /// <summary>The same settings the server reads, so the command finds the data folder and the database the server uses.</summary>
    private static (ParSurveyOptions Options, StorageOptions Storage) Settings(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var options = new ParSurveyOptions();
        configuration.GetSection(ParSurveyOptions.Section).Bind(options);
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.Section).Bind(storage);
        return (options, storage);
    }
}
