using ParSurvey.SurveyApi.Hosting;

var app = ParSurveyApp.Create(args);
app.Run();
