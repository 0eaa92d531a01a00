using System.Text;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>Markdown lines printed as they come and kept, so the whole report can be written to a file at the end.</summary>
internal sealed class ServeReport
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _plans = new();
    private readonly Lock _lock = new();

    public void Line(string line = "")
    {
        lock (_lock)
        {
            Console.WriteLine(line);
            _text.AppendLine(line);
        }
    }

    /// <summary>A full query plan: kept for the file only (the console gets a summary).</summary>
    public void Plan(string title, string plan)
    {
        lock (_lock) _plans.AppendLine($"### {title}").AppendLine().AppendLine("```").AppendLine(plan.TrimEnd()).AppendLine("```").AppendLine();
    }

    public string Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"serve-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        lock (_lock)
            File.WriteAllText(path, _text + (_plans.Length > 0 ? "\n## Query plans\n\n" + _plans : ""));
        return path;
    }
}
