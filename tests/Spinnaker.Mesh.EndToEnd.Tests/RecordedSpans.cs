using System.Collections;
using System.Diagnostics;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// Where the in-memory exporters of in-process hosts put finished spans. Exporters add from any thread, and hosts in
/// one process each listen to the sources by name, so one span can arrive more than once: reads keep one of each.
/// </summary>
public sealed class RecordedSpans : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    /// <summary>A snapshot, each span once.</summary>
    public IReadOnlyList<Activity> All
    {
        get { lock (_spans) return _spans.DistinctBy(s => s.SpanId).ToList(); }
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => All.Where(s => s.TraceId == traceId).ToList();

    public string Describe() => string.Join('\n', All.Select(s =>
        $"{s.TraceId} {s.SpanId} <- {s.ParentSpanId} [{s.Source.Name}] {s.Kind} {s.DisplayName} " +
        string.Join(' ', s.TagObjects.Where(t => t.Key.StartsWith("messaging.", StringComparison.Ordinal)).Select(t => $"{t.Key}={t.Value}"))));

    public void Add(Activity item)
    {
        lock (_spans) _spans.Add(item);
    }

    public void Clear()
    {
        lock (_spans) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_spans) return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans) _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_spans) return _spans.Remove(item);
    }

    public int Count
    {
        get { lock (_spans) return _spans.Count; }
    }

    public bool IsReadOnly => false;

    public IEnumerator<Activity> GetEnumerator() => All.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
