using Microsoft.Extensions.Options;
using Npgsql;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>Which database holds the data ("ParSurvey:Storage"): the embedded SQLite file by default, or a PostgreSQL server.</summary>
public sealed class StorageOptions
{
    public const string Section = "ParSurvey:Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default: <c>parsurvey.db</c> in the data folder) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>For <c>postgres</c>: an Npgsql connection string, e.g. <c>Host=db;Database=parsurvey;Username=parsurvey;Password=…</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider?.Trim(), Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Says what is wrong with the storage settings, naming the setting, before anything is opened.</summary>
public sealed class StorageOptionsValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var provider = options.Provider?.Trim() ?? "";
        if (!provider.Equals(StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase) && !options.IsPostgres)
            return ValidateOptionsResult.Fail(
                $"{StorageOptions.Section}:Provider must be '{StorageOptions.Sqlite}' or '{StorageOptions.Postgres}', not '{options.Provider}'");
        if (!options.IsPostgres) return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            return ValidateOptionsResult.Fail(
                $"{StorageOptions.Section}:ConnectionString is required when {StorageOptions.Section}:Provider is 'postgres' " +
                "(e.g. Host=db.example;Database=parsurvey;Username=parsurvey;Password=…)");
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(parsed.Host))
                return ValidateOptionsResult.Fail($"{StorageOptions.Section}:ConnectionString names no Host (the PostgreSQL server)");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"{StorageOptions.Section}:ConnectionString is not a valid PostgreSQL connection string: {e.Message}");
        }
        return ValidateOptionsResult.Success;
    }
}
