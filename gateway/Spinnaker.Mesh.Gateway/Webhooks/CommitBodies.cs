using System.Text.Json;
using static Spinnaker.Mesh.Gateway.Webhooks.BodyFields;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// What the gateway insists on in commit webhooks before DORA relies on them (dora.md §3.4): the repository, and for
/// each commit its sha and a time with an offset. Everything else is passed on as sent.
/// </summary>
internal static class CommitBodies
{
    /// <summary>A GitHub <c>push</c> event: <c>repository.full_name</c>, <c>commits[]</c> with <c>id</c> and <c>timestamp</c>.</summary>
    public static InvalidField? FindInvalidGitHubPush(JsonElement push) =>
        FindInvalidPush(push, "a GitHub push event", "repository", "full_name");

    /// <summary>A GitLab push hook: <c>project.path_with_namespace</c>, <c>commits[]</c> with <c>id</c> and <c>timestamp</c>.</summary>
    public static InvalidField? FindInvalidGitLabPush(JsonElement push) =>
        FindInvalidPush(push, "a GitLab push hook", "project", "path_with_namespace");

    /// <summary>
    /// Mesh's generic list, <c>{ "application", "repository", "commits": [{ "sha", "parents": [], "authoredAt" }] }</c>:
    /// at least one commit, parents listed (empty for a root commit) so the commit graph can be walked.
    /// </summary>
    public static InvalidField? FindInvalidCommitList(JsonElement list)
    {
        if (RequireObject(list, "{ \"application\", \"repository\", \"commits\": [{ \"sha\", \"parents\", \"authoredAt\" }] }") is { } notObject) return notObject;
        if (RequireString(list, "application", "application") is { } application) return application;
        if (RequireString(list, "repository", "repository") is { } repository) return repository;
        if (Member(list, "commits") is not { ValueKind: JsonValueKind.Array } commits || commits.GetArrayLength() == 0)
            return new InvalidField("commits", "commits must be a non-empty array of { \"sha\", \"parents\", \"authoredAt\" }.");

        var index = 0;
        foreach (var commit in commits.EnumerateArray())
        {
            if (FindInvalidListedCommit(commit, index++) is { } invalid) return invalid;
        }
        return null;
    }

    private static InvalidField? FindInvalidListedCommit(JsonElement commit, int index)
    {
        var at = Item("commits", index);
        if (commit.ValueKind != JsonValueKind.Object) return new InvalidField(at, $"{at} must be an object, not {Describe(commit.ValueKind)}.");
        if (RequireSha(commit, "sha", Item("commits", index, "sha")) is { } sha) return sha;

        var parentsField = Item("commits", index, "parents");
        if (Member(commit, "parents") is not { ValueKind: JsonValueKind.Array } parents)
            return new InvalidField(parentsField, $"{parentsField} must be an array of commit shas (empty for a root commit).");
        var parent = 0;
        foreach (var item in parents.EnumerateArray())
        {
            if (!IsSha(item))
            {
                var field = Item(parentsField, parent);
                return new InvalidField(field, $"{field} must be a commit sha of 7 to 64 hex digits.");
            }
            parent++;
        }
        return RequireInstant(commit, "authoredAt", Item("commits", index, "authoredAt"), out _);
    }

    private static InvalidField? FindInvalidPush(JsonElement push, string what, string repositoryMember, string nameMember)
    {
        if (RequireObject(push, what) is { } notObject) return notObject;
        var nameField = $"{repositoryMember}.{nameMember}";
        if (Member(push, repositoryMember) is not { ValueKind: JsonValueKind.Object } repository)
            return new InvalidField(repositoryMember, $"{repositoryMember} must be an object with a non-empty {nameField}.");
        if (RequireString(repository, nameMember, nameField) is { } name) return name;
        // A branch deletion or a tag push lists no commits; the list itself must be there all the same.
        if (Member(push, "commits") is not { ValueKind: JsonValueKind.Array } commits)
            return new InvalidField("commits", "commits must be an array of the pushed commits, each with id and timestamp.");

        var index = 0;
        foreach (var commit in commits.EnumerateArray())
        {
            var at = Item("commits", index);
            if (commit.ValueKind != JsonValueKind.Object) return new InvalidField(at, $"{at} must be an object, not {Describe(commit.ValueKind)}.");
            if (RequireSha(commit, "id", Item("commits", index, "id")) is { } id) return id;
            if (RequireInstant(commit, "timestamp", Item("commits", index, "timestamp"), out _) is { } timestamp) return timestamp;
            index++;
        }
        return null;
    }
}
