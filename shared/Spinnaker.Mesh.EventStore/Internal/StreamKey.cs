namespace Spinnaker.Mesh.EventStore.Internal;

/// <summary>A stream's identity: the same id in two tenants is two streams.</summary>
internal readonly record struct StreamKey(string Tenant, string Id) : IComparable<StreamKey>
{
    /// <summary>Ordinal, so every session sorts the streams it locks the same way, whatever the culture.</summary>
    public int CompareTo(StreamKey other)
    {
        var byTenant = string.CompareOrdinal(Tenant, other.Tenant);
        return byTenant != 0 ? byTenant : string.CompareOrdinal(Id, other.Id);
    }
}
