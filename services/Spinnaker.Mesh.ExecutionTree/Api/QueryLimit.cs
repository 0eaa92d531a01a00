namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary>How many rows a list answers: 50 unless asked, never more than 500; outside that range is the caller's error.</summary>
internal static class QueryLimit
{
    public const int Default = 50;
    public const int Max = 500;

    public static bool IsValid(int? requested) => requested is null or (>= 1 and <= Max);

    public static int Of(int? requested) => requested ?? Default;

    public static IResult Invalid() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit", detail: $"limit must be between 1 and {Max}.");
}
