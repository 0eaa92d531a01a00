using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Domain;

/// <summary>The rollback pipeline's parameters, the placeholders filled from the deployment to roll back.</summary>
[TestFixture]
public sealed class Filling_the_rollback_pipelines_parameters
{
    private static readonly RollbackTarget Target = new("01HEXEC", "deployment checkout-api", "prod-use1", null, "checkout", "1.9.1", "1.9.0");

    [Test]
    public void Should_fill_every_placeholder()
    {
        var filled = RollbackParameters.Fill(new Dictionary<string, string>
        {
            ["manifest"] = "${cluster}",
            ["where"] = "${account}/${namespace}",
            ["image"] = "registry.example.com/checkout-api:${toVersion}",
            ["note"] = "rolling back ${fromVersion} of ${executionId}",
        }, Target);
        Assert.That(filled["manifest"], Is.EqualTo("deployment checkout-api"));
        Assert.That(filled["where"], Is.EqualTo("prod-use1/checkout"));
        Assert.That(filled["image"], Is.EqualTo("registry.example.com/checkout-api:1.9.0"));
        Assert.That(filled["note"], Is.EqualTo("rolling back 1.9.1 of 01HEXEC"));
    }

    [Test]
    public void Should_leave_an_unknown_value_empty_and_other_expressions_alone()
    {
        var filled = RollbackParameters.Fill(new Dictionary<string, string>
        {
            ["region"] = "${region}",
            ["spel"] = "${trigger['user']}",
            ["other"] = "${somethingElse}",
            ["plain"] = "yes",
        }, Target);
        Assert.That(filled["region"], Is.Empty, "the deployment states no region");
        Assert.That(filled["spel"], Is.EqualTo("${trigger['user']}"), "Orca evaluates SpEL itself");
        Assert.That(filled["other"], Is.EqualTo("${somethingElse}"));
        Assert.That(filled["plain"], Is.EqualTo("yes"));
    }
}
