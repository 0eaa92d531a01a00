namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>
/// The pipeline an execution belongs to, within a tenant. <see cref="Key"/> names it in the run history and on its
/// incidents: the pipeline config id when Orca sent one (it survives a rename), else application and name.
/// </summary>
internal sealed record PipelineIdentity(string Tenant, string Application, string Key, string? ConfigId, string? Name)
{
    /// <summary>The identity of a pipeline, or null when the execution names neither a config id nor a name.</summary>
    public static PipelineIdentity? Of(string tenant, string application, string? configId, string? name)
    {
        if (!string.IsNullOrWhiteSpace(configId)) return new(tenant, application, "id:" + configId, configId, name);
        if (!string.IsNullOrWhiteSpace(name)) return new(tenant, application, $"name:{application}/{name}", null, name);
        return null;
    }
}
