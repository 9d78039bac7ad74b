using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Storage.Postgres;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.SurveyApi.Storage;

public static class StorageRegistration
{
    /// <summary>The stores of the provider named by ParSurvey:Storage:Provider (SQLite unless it says postgres), its settings checked at start-up.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidation>();
        var options = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (options.IsPostgres) builder.Services.AddPostgresStorage();
        else builder.Services.AddSqliteStorage();
        return builder;
    }
}
