var app = Spinnaker.Mesh.Gateway.GatewayApp.Build(args);
app.Run();

public partial class Program;
