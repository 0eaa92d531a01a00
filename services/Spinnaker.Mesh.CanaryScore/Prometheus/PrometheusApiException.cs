namespace Spinnaker.Mesh.CanaryScore.Prometheus;

/// <summary>
/// A failure answered the way Prometheus answers it: <c>{"status":"error","errorType":...,"error":...}</c> with the
/// HTTP status Prometheus uses for that type (bad_data 400, execution 422, timeout/canceled/unavailable 503, internal 500).
/// </summary>
internal sealed class PrometheusApiException(string errorType, string message) : Exception(message)
{
    public const string BadData = "bad_data";
    public const string Execution = "execution";
    public const string Timeout = "timeout";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";

    public string ErrorType { get; } = errorType;

    public int StatusCode => ErrorType switch
    {
        BadData => StatusCodes.Status400BadRequest,
        Execution => StatusCodes.Status422UnprocessableEntity,
        Timeout or Unavailable or "canceled" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static PrometheusApiException InvalidParameter(string name, string reason) => new(BadData, $"invalid parameter \"{name}\": {reason}");
}
