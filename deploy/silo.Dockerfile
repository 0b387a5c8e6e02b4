# An Orleans silo hosting the realtime grains. Build from the repository root:
#   docker build -f deploy/silo.Dockerfile -t realtime-orleans-silo .
# No `# syntax=` line: BuildKit would fetch that frontend from a registry, and the built-in one has all this uses.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore from the project files alone first, so a code change does not download the packages again.
# .editorconfig sets analyzer severities, and warnings are errors: without it the build differs from a local one.
COPY global.json Directory.Build.props Directory.Build.rsp Directory.Packages.props .editorconfig ./
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Silo/Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Silo.csproj
COPY src/Grains.Interfaces/ src/Grains.Interfaces/
COPY src/Grains/ src/Grains/
COPY src/Silo/ src/Silo/
RUN dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app -p:UseAppHost=false
# The mode is set here rather than with `COPY --chmod`, which the classic builder (no BuildKit) refuses, and does
# not depend on the checkout keeping the executable bit.
COPY deploy/healthcheck.sh /healthcheck/realtime-healthcheck
RUN chmod 755 /healthcheck/realtime-healthcheck

# The grains use ASP.NET Core types (webhooks), so the silo runs on the ASP.NET Core runtime image too.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}
WORKDIR /app
COPY --from=build /app ./
COPY --from=build /healthcheck/realtime-healthcheck /usr/local/bin/
# Silo-to-silo and gateway ports, and 8081 for /health/live and /health/ready only (without `Urls` a silo
# opens no HTTP port at all). The base image's ASPNETCORE_HTTP_PORTS (8080) is emptied: Urls wins anyway, but each
# start warned that it overrode it.
ENV Cluster__SiloPort=11111 \
    Cluster__GatewayPort=30000 \
    Urls=http://+:8081 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_gcServer=1
EXPOSE 11111 30000 8081
USER $APP_UID
# Healthy once the silo is Active in the cluster's membership.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["realtime-healthcheck", "8081", "/health/ready"]
ENTRYPOINT ["dotnet", "Realtime.Orleans.Silo.dll"]
