using System.Diagnostics.Metrics;

namespace Spinnaker.Mesh.Ingest;

/// <summary>Counters an SRE watches on ingest: receipts consumed, events appended, receipts rejected.</summary>
internal sealed class IngestMetrics
{
    private readonly Counter<long> _receipts;
    private readonly Counter<long> _events;
    private readonly Counter<long> _rejections;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeshTelemetry.SourceName("Ingest"));
        _receipts = meter.CreateCounter<long>("mesh.ingest.receipts", description: "Echo webhooks consumed");
        _events = meter.CreateCounter<long>("mesh.ingest.events_appended", description: "Normalized events appended to streams");
        _rejections = meter.CreateCounter<long>("mesh.ingest.rejections", description: "Echo webhooks that could not be normalized");
    }

    public void Record(int receipts, int eventsAppended, int rejections)
    {
        _receipts.Add(receipts);
        _events.Add(eventsAppended);
        _rejections.Add(rejections);
    }
}
