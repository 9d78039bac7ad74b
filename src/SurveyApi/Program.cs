using ParSurvey.SurveyApi.Backup;
using ParSurvey.SurveyApi.Hosting;

// Operator commands (backup, restore) run and exit; anything else starts the server.
if (await DataCommands.TryRunAsync(args, Console.Out, Console.Error) is { } exitCode) return exitCode;

var app = ParSurveyApp.Create(args);
await app.RunAsync();
return 0;
