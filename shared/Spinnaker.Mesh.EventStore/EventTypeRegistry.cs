namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// Maps stable aliases (<c>ingest.stage-completed.v1</c>) to CLR types and back. The alias, never the CLR type name,
/// is what the store writes, so renaming or moving a class does not orphan stored events. Changing an event's shape
/// incompatibly means a new alias (<c>.v2</c>) and a new type; the old pair stays registered to read old events.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<string, Type> _typesByAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _aliasesByType = [];

    public EventTypeRegistry Register<T>(string alias) => Register(typeof(T), alias);

    public EventTypeRegistry Register(Type type, string alias)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        if (_typesByAlias.TryGetValue(alias, out var registered) && registered != type)
            throw new ArgumentException($"Event alias '{alias}' is already registered for {registered.FullName}; an alias names one type forever.", nameof(alias));
        if (_aliasesByType.TryGetValue(type, out var existing) && existing != alias)
            throw new ArgumentException($"{type.FullName} is already registered as '{existing}'; a type is written under one alias.", nameof(type));
        _typesByAlias[alias] = type;
        _aliasesByType[type] = alias;
        return this;
    }

    public IReadOnlyCollection<string> Aliases => _typesByAlias.Keys;

    public string AliasFor(Type type) =>
        _aliasesByType.TryGetValue(type, out var alias)
            ? alias
            : throw new InvalidOperationException(
                $"Event type {type.FullName} is not registered; register it with options.Events.Register<{type.Name}>(\"<service>.<event>.v1\").");

    public bool TryGetType(string alias, out Type type) => _typesByAlias.TryGetValue(alias, out type!);

    public Type TypeFor(string alias) =>
        TryGetType(alias, out var type)
            ? type
            : throw new InvalidOperationException($"Stored event type '{alias}' is not registered in this service's event type registry.");
}
