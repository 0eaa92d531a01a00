using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_classifying_a_stage_type_as_a_gate
{
    [TestCase("manualJudgment", "manualJudgment")]
    [TestCase("wait", "wait")]
    [TestCase("restrictExecutionDuringTimeWindow", "executionWindow")]
    [TestCase("checkPreconditions", "approval")]
    [TestCase("waitForCondition", "approval")]
    [TestCase("ManualJudgment", "manualJudgment")]
    [TestCase("deployManifest", null)]
    [TestCase("kayentaCanary", null)]
    [TestCase("pipeline", null)]
    [TestCase(null, null)]
    public void Should_name_its_kind(string? stageType, string? kind) => Assert.That(GateKinds.Of(stageType), Is.EqualTo(kind));
}
