using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>The addresses of Mesh's infrastructure, read from <c>ConnectionStrings</c> with a message that says what to set.</summary>
public static class MeshConnections
{
    /// <summary><c>ConnectionStrings:rabbitmq</c> as an AMQP URI (<c>amqp://user:pass@host:5672/vhost</c>).</summary>
    public static Uri RabbitMqAddress(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured (e.g. amqp://guest:guest@127.0.0.1:5672/).");
        return new Uri(value);
    }
}
