using ParSurvey.SurveyApi.Backup;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage.Postgres;

// A ward moving to the city's PostgreSQL server: copy-to-postgres --from data/parsurvey.db --to "Host=…;Database=…".
if (args is ["copy-to-postgres", .. var copyArgs]) return await SqliteToPostgresCopy.RunAsync(copyArgs, Console.Out, Console.Error);

// Other operator commands (backup, restore) run and exit too; anything else starts the server.
if (await DataCommands.TryRunAsync(args, Console.Out, Console.Error) is { } exitCode) return exitCode;

var app = ParSurveyApp.Create(args);
await app.RunAsync();
return 0;
