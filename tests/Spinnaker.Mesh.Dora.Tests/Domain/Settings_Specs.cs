using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

public sealed class When_dora_settings_are_validated
{
    private static string[] Fields(DoraSettings settings) =>
        [.. new DoraSettingsValidator().Validate(settings).Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal)];

    [Test]
    public void Should_accept_the_defaults() => Assert.That(Fields(DoraSettings.Default), Is.Empty);

    [Test]
    public void Should_have_the_defaults_of_dora_md()
    {
        var defaults = DoraSettings.Default;
        Assert.Multiple(() =>
        {
            Assert.That(defaults.DeployStageTypes, Is.EqualTo(new[]
            {
                "deployManifest", "createServerGroup", "cloneServerGroup", "deploy", "deployCloudFormation",
                "deployCloudrunManifest", "deployService", "deployAppengineConfiguration",
            }));
            Assert.That(defaults.RollbackStageTypes, Is.EqualTo(new[] { "rollbackServerGroup", "rollbackCluster", "undoRolloutManifest" }));
            Assert.That(defaults.VerificationStageTypes, Is.EqualTo(new[] { "kayentaCanary" }));
            Assert.That(defaults.FailedStageStatuses, Is.EqualTo(new[] { "TERMINAL", "FAILED_CONTINUE", "STOPPED" }));
            Assert.That((defaults.IncidentAttributionWindowHours, defaults.CanaryCatchIsFailure), Is.EqualTo((24.0, true)));
        });
    }

    [Test]
    public void Should_name_each_bad_entry()
    {
        var settings = DoraSettings.Default with
        {
            AccountEnvironments = new Dictionary<string, string> { ["prod-use1"] = "", ["staging"] = "staging" },
            DeployStageTypes = ["deployManifest", " "],
            RollbackStageTypes = ["deployManifest"],
            FailedStageStatuses = ["TERMINAL", "SUCCEEDED"],
            HotfixParameterKey = "",
            IncidentAttributionWindowHours = 0,
            Baselines = new Dictionary<string, DoraBaseline> { ["checkout"] = new("not-a-sha", null) },
            Teams = new Dictionary<string, IReadOnlyList<string>> { ["payments"] = [], ["search"] = ["search-api", ""] },
            ProductionEnvironments = [],
        };
        Assert.That(Fields(settings), Is.EqualTo(new[]
        {
            "accountEnvironments.prod-use1",
            "baselines.checkout.sha",
            "deployStageTypes[1]",
            "failedStageStatuses[1]",
            "hotfixParameterKey",
            "incidentAttributionWindowHours",
            "productionEnvironments",
            "rollbackStageTypes[0]",
            "teams.payments",
            "teams.search[1]",
        }));
    }

    [TestCase(0.5, true)]
    [TestCase(720, true)]
    [TestCase(720.5, false)]
    [TestCase(-1, false)]
    [TestCase(double.NaN, false)]
    public void Should_bound_the_attribution_window(double hours, bool valid) =>
        Assert.That(Fields(DoraSettings.Default with { IncidentAttributionWindowHours = hours }).Length == 0, Is.EqualTo(valid));
}
