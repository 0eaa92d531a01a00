# One image per workload of services.catalog, PROJECT being its project column and the tag spinnaker-mesh/<name>:
#   docker build --build-arg PROJECT=services/Spinnaker.Mesh.Ingest -t spinnaker-mesh/ingest .
#   gateway:        --build-arg PROJECT=gateway/Spinnaker.Mesh.Gateway
#   execution-tree: --build-arg PROJECT=services/Spinnaker.Mesh.ExecutionTree
#   canary-score:   --build-arg PROJECT=services/Spinnaker.Mesh.CanaryScore
#   dora:           --build-arg PROJECT=services/Spinnaker.Mesh.Dora
#   rollback:       --build-arg PROJECT=services/Spinnaker.Mesh.Rollback
# The gateway's publish output carries services.catalog (its routes are built from it at start).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN dotnet publish "$PROJECT" -c Release -o /app --nologo && basename "$PROJECT" > /app/entry-assembly

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The runtime image's non-root user (uid 1654), as the Kubernetes manifests require.
USER app
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 DOTNET_gcServer=0
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$(cat entry-assembly).dll\""]
