using Spinnaker.Mesh.Dora;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("Dora");
builder.AddMeshEventStore(DoraModule.Schema, DoraModule.ConfigureStore);
builder.AddMeshMessaging(DoraModule.ConfigureConsumers);
builder.AddDoraModule();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapDoraEndpoints();
// With a command (`projections rebuild`, `db-apply`, `db-assert`, `describe`): Marten's tools against this
// service's store. Without one (settings such as `--ConnectionStrings:postgres=...` are no command): serve.
return await app.RunMeshServiceAsync(args);

public partial class Program;
