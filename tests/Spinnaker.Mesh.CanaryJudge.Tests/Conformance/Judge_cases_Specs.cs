using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryJudge.Tests.Conformance;

/// <summary>
/// Every case of <c>judge-cases.json</c> (Kayenta's classifier, Mann–Whitney, scorer, detector, transform, statistic,
/// Prometheus and Orca tests, plus one end-to-end judgment): the port must give the same figures.
/// </summary>
public sealed class The_port_gives_Kayentas_results_for_every_shared_judge_case
{
    [TestCaseSource(typeof(JudgeCase), nameof(JudgeCase.All))]
    public void Case(JudgeCase? judgeCase)
    {
        if (judgeCase is null)
        {
            KayentaFixtures.RequireFolder();
            return;
        }
        var actual = CaseRunner.Run(judgeCase);
        Assert.Multiple(() =>
        {
            foreach (var expected in judgeCase.Expected.EnumerateObject())
            {
                Assert.That(actual.ContainsKey(expected.Name), Is.True, $"the runner computed no '{expected.Name}'");
                if (actual.TryGetValue(expected.Name, out var value))
                    Expectation.Match(expected.Value, value, judgeCase.ToleranceFor(expected.Name), expected.Name);
            }
        });
    }
}
