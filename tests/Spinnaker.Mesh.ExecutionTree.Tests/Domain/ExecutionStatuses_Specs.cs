using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_ranking_statuses
{
    [TestCase("NOT_STARTED", 0)]
    [TestCase("BUFFERED", 0)]
    [TestCase("RUNNING", 1)]
    [TestCase("PAUSED", 1)]
    [TestCase("SUSPENDED", 1)]
    [TestCase("SUCCEEDED", 2)]
    [TestCase("TERMINAL", 2)]
    [TestCase("CANCELED", 2)]
    [TestCase("SKIPPED", 2)]
    [TestCase("STOPPED", 2)]
    [TestCase("FAILED_CONTINUE", 2)]
    public void Should_order_waiting_before_running_before_complete(string status, int rank) =>
        Assert.That(ExecutionStatuses.Rank(status), Is.EqualTo(rank));

    [TestCase("TERMINAL", true)]
    [TestCase("CANCELED", true)]
    [TestCase("FAILED_CONTINUE", true)]
    [TestCase("STOPPED", false)]
    [TestCase("SUCCEEDED", false)]
    [TestCase("SKIPPED", false)]
    [TestCase("RUNNING", false)]
    public void Should_call_unsuccessful_completions_failures(string status, bool failure) =>
        Assert.That(ExecutionStatuses.IsFailure(status), Is.EqualTo(failure));

    [TestCase("SUCCEEDED", true)]
    [TestCase("STOPPED", true)]
    [TestCase("RUNNING", false)]
    [TestCase("NOT_STARTED", false)]
    public void Should_know_which_statuses_are_complete(string status, bool complete) =>
        Assert.That(ExecutionStatuses.IsComplete(status), Is.EqualTo(complete));

    [Test]
    public void Should_rank_severity_failure_over_running_over_waiting_over_success()
    {
        string[] worstFirst = ["TERMINAL", "CANCELED", "FAILED_CONTINUE", "RUNNING", "NOT_STARTED", "STOPPED", "SUCCEEDED", "SKIPPED"];
        Assert.That(worstFirst.Select(ExecutionStatuses.Severity), Is.Ordered.Descending.And.Unique);
    }
}
