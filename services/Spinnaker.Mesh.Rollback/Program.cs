using Spinnaker.Mesh.Rollback;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("Rollback");
builder.AddMeshEventStore(RollbackModule.Schema, RollbackModule.ConfigureStore);
builder.AddMeshMessaging(RollbackModule.ConfigureConsumers);
builder.AddRollbackModule();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapRollbackEndpoints();
// With a command (`projections rebuild`, `db-apply`, `db-assert`, `describe`): Marten's tools against this
// service's store. Without one (settings such as `--ConnectionStrings:postgres=...` are no command): serve.
return await app.RunMeshServiceAsync(args);

public partial class Program;
