using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The 400 of every Mesh API: <c>application/problem+json</c> with an <c>errors</c> object naming each field the
/// caller must change, so a client can point at the query parameter or body member that was wrong.
/// </summary>
public static class MeshProblems
{
    public static ValidationProblem InvalidField(string field, string message, string? title = null) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: title ?? $"Invalid {field}");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? title = null, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail: detail, title: title ?? "One or more fields are invalid");

    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
