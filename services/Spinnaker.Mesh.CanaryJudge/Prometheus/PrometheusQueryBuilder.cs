using System.Text;
using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.CanaryJudge.Prometheus;

/// <summary>A Prometheus canary scope: the server group (scope), region (location), project and resource type, and extra template variables.</summary>
public sealed record PrometheusScope
{
    public string? Scope { get; init; }
    public string? Location { get; init; }
    public string? Project { get; init; }
    public string? ResourceType { get; init; }
    public IReadOnlyDictionary<string, string?>? ExtendedScopeParams { get; init; }

    /// <summary>As Kayenta's <c>PrometheusCanaryScopeFactory</c> builds it: project and resourceType come from the extended params.</summary>
    public static PrometheusScope From(CanaryScope scope) => new()
    {
        Scope = scope.Scope,
        Location = scope.Location,
        ExtendedScopeParams = scope.ExtendedScopeParams,
        Project = scope.ExtendedScopeParams?.GetValueOrDefault("project"),
        ResourceType = scope.ExtendedScopeParams?.GetValueOrDefault("resourceType"),
    };
}

/// <summary>
/// Kayenta's PromQL for a metric (<c>PrometheusMetricsService.buildQuery</c>, <c>QueryConfigUtils.expandCustomFilter</c>):
/// the custom template (inline first, else a named template) is expanded with project, resourceType, scope, location
/// and the extended scope params; a template starting with <c>PromQL:</c> is the whole query; otherwise
/// <c>avg(metricName{customFilterTokens,labelBindings,scopeFilters}) [by (groupByFields)]</c>.
/// </summary>
public static class PrometheusQueryBuilder
{
    public const string PromQlPrefix = "PromQL:";

    /// <param name="query">The metric's Prometheus query config.</param>
    /// <param name="templates">The canary config's named templates.</param>
    /// <param name="scope">The scope to query.</param>
    /// <param name="scopeLabel">The label that holds the instance name for gce_instance (Kayenta's account setting, default <c>instance</c>).</param>
    /// <exception cref="ArgumentException">no resource type and no custom filter, an unsupported resource type, a missing location or template, or an undefined variable.</exception>
    public static string Build(CanaryMetricSetQueryConfig query, IReadOnlyDictionary<string, string>? templates, PrometheusScope scope, string scopeLabel = "instance")
    {
        var resourceType = !string.IsNullOrWhiteSpace(query.ResourceType) ? query.ResourceType : scope.ResourceType;
        var customFilter = ExpandCustomFilter(query, templates, scope);
        if (!string.IsNullOrEmpty(customFilter) && customFilter.StartsWith(PromQlPrefix, StringComparison.Ordinal))
            return customFilter[PromQlPrefix.Length..];
        if (string.IsNullOrEmpty(query.MetricName))
            throw new ArgumentException("Metric Name is required when query type is Default.");

        var filters = new List<string>(query.LabelBindings ?? []);
        if (string.IsNullOrEmpty(customFilter))
        {
            if (resourceType == "gce_instance") AddGceFilters(scopeLabel, scope, filters);
            else if (resourceType == "aws_ec2_instance") AddEc2Filters(scope, filters);
            else if (!string.IsNullOrEmpty(resourceType))
                throw new ArgumentException($"There is no explicit support for resourceType '{resourceType}'. You may build whatever query makes sense for your environment via label bindings and custom filter templates.");
            else throw new ArgumentException("Either a resource type or a custom filter is required.");
        }
        else
        {
            filters.InsertRange(0, customFilter.Split(','));
        }

        var builder = new StringBuilder("avg(").Append(query.MetricName);
        if (filters.Count > 0) builder.Append('{').AppendJoin(',', filters).Append('}');
        builder.Append(')');
        if (query.GroupByFields is { Count: > 0 } groupBy) builder.Append(" by (").AppendJoin(',', groupBy).Append(')');
        return builder.ToString();
    }

    /// <summary>The expanded custom filter, or null when the query has no template.</summary>
    public static string? ExpandCustomFilter(CanaryMetricSetQueryConfig query, IReadOnlyDictionary<string, string>? templates, PrometheusScope scope)
    {
        if (query.CustomFilter is not null)
            throw new ArgumentException("CanaryMetricSetQueryConfig.customFilter is deprecated, use CanaryMetricSetQueryConfig.customInlineTemplate instead.");
        string template;
        if (!string.IsNullOrEmpty(query.CustomInlineTemplate)) template = Unescape(query.CustomInlineTemplate);
        else if (!string.IsNullOrEmpty(query.CustomFilterTemplate))
        {
            if (templates is null || templates.Count == 0)
                throw new ArgumentException($"Custom filter template '{query.CustomFilterTemplate}' was referenced, but no templates were defined.");
            if (!templates.TryGetValue(query.CustomFilterTemplate, out var named))
                throw new ArgumentException($"Custom filter template '{query.CustomFilterTemplate}' was not found.");
            template = Unescape(named);
        }
        else return null;

        var bindings = new Dictionary<string, string>();
        void Bind(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) bindings[key] = value;
        }
        Bind("project", scope.Project);
        Bind("resourceType", scope.ResourceType);
        Bind("scope", scope.Scope);
        Bind("location", scope.Location);
        // The query config's own properties of the same names (only resourceType exists there) override the scope's.
        Bind("resourceType", query.ResourceType);
        foreach (var (key, value) in scope.ExtendedScopeParams ?? new Dictionary<string, string?>())
            if (value is not null) bindings[key] = value;
        return TemplateExpander.Expand(template, bindings);
    }

    // Kayenta stores templates with "${" escaped as "$\{".
    private static string Unescape(string template) => template.Replace("$\\{", "${", StringComparison.Ordinal);

    private static void AddGceFilters(string scopeLabel, PrometheusScope scope, List<string> filters)
    {
        if (string.IsNullOrEmpty(scope.Location))
            throw new ArgumentException("Location (i.e. region) is required when resourceType is 'gce_instance'.");
        if (!string.IsNullOrEmpty(scope.Scope)) filters.Add($"{scopeLabel}=~\"{scope.Scope}-.{{4}}\"");
        var zoneRegex = ".+/";
        if (!string.IsNullOrEmpty(scope.Project)) zoneRegex += $"projects/{scope.Project}/";
        zoneRegex += $"zones/{scope.Location}-.{{1}}";
        filters.Add($"zone=~\"{zoneRegex}\"");
    }

    private static void AddEc2Filters(PrometheusScope scope, List<string> filters)
    {
        if (string.IsNullOrEmpty(scope.Location))
            throw new ArgumentException("Location (i.e. region) is required when resourceType is 'aws_ec2_instance'.");
        if (!string.IsNullOrEmpty(scope.Scope)) filters.Add($"asg_groupName=\"{scope.Scope}\"");
        filters.Add($"zone=~\"{scope.Location}.{{1}}\"");
    }
}
