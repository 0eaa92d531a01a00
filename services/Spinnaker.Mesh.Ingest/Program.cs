using Spinnaker.Mesh.Ingest;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("Ingest");
builder.AddMeshEventStore("ingest", IngestModule.ConfigureEventStore);
builder.AddMeshMessaging(IngestModule.ConfigureConsumers);
builder.AddIngestModule();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapIngestEndpoints();
app.Run();

public partial class Program;
