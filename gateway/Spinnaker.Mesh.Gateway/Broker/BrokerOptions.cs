using FluentValidation;

namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary><c>Mesh:Broker</c>: how the gateway talks to RabbitMQ (the address itself is <c>ConnectionStrings:rabbitmq</c>).</summary>
internal sealed class BrokerOptions
{
    public const string Section = "Mesh:Broker";

    /// <summary>Channels kept for publishing; a channel carries one publish at a time, so this bounds concurrency.</summary>
    public int PublishChannels { get; set; } = 32;

    /// <summary>How long a publish may wait for the broker's confirm before the caller gets a 503 instead.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to reach the broker, at start-up and while recovering.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Checked at start: a zero here would hang every publish or spin the reconnect loop.</summary>
internal sealed class BrokerOptionsValidator : AbstractValidator<BrokerOptions>
{
    public BrokerOptionsValidator()
    {
        RuleFor(o => o.PublishChannels).GreaterThan(0);
        RuleFor(o => o.PublishTimeout).GreaterThan(TimeSpan.Zero);
        RuleFor(o => o.ReconnectInterval).GreaterThan(TimeSpan.Zero);
    }
}
