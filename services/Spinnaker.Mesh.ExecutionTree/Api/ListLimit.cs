namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary>How many rows this service's lists answer: 50 unless asked, never more than 500.</summary>
internal static class ListLimit
{
    public static readonly QueryLimit Policy = new(Default: 50, Max: 500);
}
