namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// The save marked a message processed that a concurrent delivery committed first. The whole save was rolled back, so
/// nothing happened twice: acknowledge the message and do nothing more.
/// </summary>
public sealed class MessageAlreadyProcessedException(string consumer, Guid messageId)
    : Exception($"Message {messageId} was already processed by consumer '{consumer}'; this save was rolled back.")
{
    public string Consumer { get; } = consumer;
    public Guid MessageId { get; } = messageId;
}
