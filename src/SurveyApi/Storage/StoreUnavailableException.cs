namespace ParSurvey.SurveyApi.Storage;

/// <summary>The store cannot accept writes now; clients get 503 and should retry with the same id.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
