using Spinnaker.Mesh.ExecutionTree;
using Spinnaker.Mesh.ExecutionTree.ReadModel;
using Spinnaker.Mesh.ExecutionTree.Statistics;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("ExecutionTree");
builder.AddMeshEventStore(ReadModelSchema.Name, ExecutionTreeModule.ConfigureStore);
builder.AddMeshMessaging(ExecutionTreeModule.ConfigureConsumers);
builder.AddExecutionTreeModule();
builder.Services.AddStatistics();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapExecutionTreeEndpoints();
app.MapStatisticsEndpoints();
// With a command (`projections rebuild`, `db-apply`, `db-assert`, `describe`): Marten's tools against this
// service's store. Without one (settings such as `--ConnectionStrings:postgres=...` are no command): serve.
return await app.RunMeshServiceAsync(args);

public partial class Program;
