namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>An execution's identity: its stream is (tenant, execution id), the same id in two tenants is two executions.</summary>
internal readonly record struct ExecutionKey(string Tenant, string ExecutionId) : IComparable<ExecutionKey>
{
    /// <summary>Ordinal, so every writer sorts the executions it locks and writes the same way, whatever the culture.</summary>
    public int CompareTo(ExecutionKey other)
    {
        var byTenant = string.CompareOrdinal(Tenant, other.Tenant);
        return byTenant != 0 ? byTenant : string.CompareOrdinal(ExecutionId, other.ExecutionId);
    }
}
