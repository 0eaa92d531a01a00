namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>Where the change webhooks go (the <c>Spinnaker.Mesh.Contracts.Changes.V1</c> contracts).</summary>
internal static class ChangeExchanges
{
    /// <summary><c>CommitsReported</c> from GitHub, GitLab and the generic commit list.</summary>
    public const string Commits = "mesh.commit-webhooks";

    /// <summary><c>IncidentReported</c>.</summary>
    public const string Incidents = "mesh.incident-webhooks";

    /// <summary>The head of a <c>CommitsReported</c> message: <c>source</c>, then the body as <c>body</c>.</summary>
    public static ReceiptHead CommitsHead(string source) =>
        (output, receipt) => ReceiptMessage.WriteHead(output, receipt, "body", ("source", source));
}
