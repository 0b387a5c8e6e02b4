# The edge as an Orleans client of external silos (Cluster:Mode=Client). Build from the repository root:
#   docker build -f deploy/edge.Dockerfile -t realtime-orleans-edge .
# No `# syntax=` line: BuildKit would fetch that frontend from a registry, and the built-in one has all this uses.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore from the project files alone first, so a code change does not download the packages again.
# .editorconfig sets analyzer severities, and warnings are errors: without it the build differs from a local one.
COPY global.json Directory.Build.props Directory.Build.rsp Directory.Packages.props .editorconfig ./
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Edge/Edge.csproj src/Edge/
RUN dotnet restore src/Edge/Edge.csproj
COPY src/Grains.Interfaces/ src/Grains.Interfaces/
COPY src/Grains/ src/Grains/
COPY src/Edge/ src/Edge/
RUN dotnet publish src/Edge/Edge.csproj -c Release --no-restore -o /app -p:UseAppHost=false
# The mode is set here rather than with `COPY --chmod`, which the classic builder (no BuildKit) refuses, and does
# not depend on the checkout keeping the executable bit.
COPY deploy/healthcheck.sh /healthcheck/realtime-healthcheck
RUN chmod 755 /healthcheck/realtime-healthcheck

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}
WORKDIR /app
COPY --from=build /app ./
COPY --from=build /healthcheck/realtime-healthcheck /usr/local/bin/
# `Urls` rather than ASPNETCORE_URLS: appsettings.json sets Urls, and it outranks ASPNETCORE_ variables. The base
# image's ASPNETCORE_HTTP_PORTS is emptied: Urls wins anyway, but each start warned that it overrode it.
ENV Urls=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    Cluster__Mode=Client \
    DOTNET_gcServer=1
EXPOSE 8080
# The image's non-root user (APP_UID, 1654 in the .NET images).
USER $APP_UID
# Healthy once the edge reaches the cluster: a load balancer or compose then sends it connections.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["realtime-healthcheck", "8080", "/health/ready"]
# SIGTERM: the edge tells its clients to reconnect elsewhere, then stops (give it a grace period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "Realtime.Orleans.Edge.dll"]
