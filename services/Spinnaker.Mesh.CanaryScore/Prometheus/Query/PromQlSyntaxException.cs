namespace Spinnaker.Mesh.CanaryScore.Prometheus.Query;

/// <summary>A query Mesh cannot parse or does not support, worded as Prometheus words parse errors (<c>1:7: parse error: ...</c>).</summary>
internal sealed class PromQlSyntaxException(int line, int column, string reason)
    : Exception($"{line}:{column}: parse error: {reason}")
{
    public string Reason { get; } = reason;
}
