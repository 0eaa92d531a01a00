namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary>What became of a publish. Only <see cref="Confirmed"/> means the broker holds the message.</summary>
internal enum PublishOutcome
{
    Confirmed,
    /// <summary>No connection, or the exchange is not declared yet.</summary>
    BrokerUnavailable,
    /// <summary>basic.return: no queue is bound to the exchange, so the message would have been dropped.</summary>
    Unroutable,
    /// <summary>The broker refused the message (basic.nack).</summary>
    Nacked,
    /// <summary>No confirm within the publish timeout, or the channel failed mid-publish.</summary>
    Unconfirmed,
}
