using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Tests.Policies;

[TestFixture]
public sealed class When_a_rollback_pipeline_s_parameters_are_filled_from_the_failed_deployment
{
    private static readonly RollbackTarget Target = new("01JDEPLOY", "checkout-prod", "prod-k8s", "us-east-1", "shop", "v042", "v041");

    [Test]
    public void Should_replace_every_placeholder_and_keep_the_rest_of_the_value()
    {
        var filled = PolicyParameters.Fill(new Dictionary<string, string>
        {
            ["manifest"] = "deployment ${cluster}",
            ["where"] = "${account}/${region}/${namespace}",
            ["versions"] = "${fromVersion}->${toVersion}",
            ["failed"] = "${executionId}",
            ["plain"] = "no placeholder",
            ["Case"] = "${cluster}${cluster}",
        }, Target, executionId: null);

        Assert.That(filled, Is.EqualTo(new Dictionary<string, string>
        {
            ["manifest"] = "deployment checkout-prod",
            ["where"] = "prod-k8s/us-east-1/shop",
            ["versions"] = "v042->v041",
            ["failed"] = "01JDEPLOY",
            ["plain"] = "no placeholder",
            ["Case"] = "checkout-prodcheckout-prod",
        }));
    }

    [Test]
    public void Should_take_the_given_execution_id_over_the_target_s()
    {
        var filled = PolicyParameters.Fill(new Dictionary<string, string> { ["failed"] = "${executionId}" }, Target, "01JSIGNAL");
        Assert.That(filled["failed"], Is.EqualTo("01JSIGNAL"));
    }

    [Test]
    public void Should_fill_what_the_target_does_not_state_with_nothing()
    {
        var filled = PolicyParameters.Fill(new Dictionary<string, string> { ["ns"] = "[${namespace}]", ["region"] = "${region}" },
            new RollbackTarget(null, "checkout-prod", "prod", null, null, "v2", "v1"), null);
        Assert.That(filled, Is.EqualTo(new Dictionary<string, string> { ["ns"] = "[]", ["region"] = "" }));
    }

    [TestCase("${cluster}", new string[0])]
    [TestCase("${image}", new[] { "${image}" })]
    [TestCase("${trigger['tag']}-${toVersion}", new[] { "${trigger['tag']}" })]
    [TestCase("${Cluster}", new[] { "${Cluster}" })]
    [TestCase("${cluster", new[] { "${cluster" })]
    [TestCase("$cluster {cluster}", new string[0])]
    public void Should_name_every_expression_that_is_no_placeholder(string value, string[] unknown) =>
        Assert.That(PolicyParameters.Unknown(value), Is.EqualTo(unknown));
}
