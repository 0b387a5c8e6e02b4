using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Realtime.Edge.Api.Contracts;

namespace Realtime.Edge.Api;

/// <summary>Registers and maps the server HTTP API and its OpenAPI document.</summary>
public static partial class RealtimeApiExtensions
{
    /// <summary>The OpenAPI document's name, which is also its file name: <c>{prefix}/openapi.json</c>.</summary>
    public const string DocumentName = "openapi";

    // Only endpoints of this group go into the document, not the SockJS or demo routes.
    private const string GroupName = "realtime-api";

    /// <summary>Binds <c>Api</c> (validated at start-up) and adds the API's services and its OpenAPI document.</summary>
    public static IServiceCollection AddRealtimeApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>()
            .Configure(o => Bind(configuration.GetSection(ApiOptions.SectionName), o))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<ApiErrorFilter>();
        services.AddSingleton<RealtimeApi>();
        services.AddSingleton<StateApi>();
        services.AddSingleton<ApiChannels>();
        services.ConfigureHttpJsonOptions(o =>
        {
            // The API is the edge's only JSON endpoint family. Numbers are numbers (the web default also reads
            // them from strings, and the OpenAPI document would say so), and messages keep their quotes
            // readable: the responses are application/json, never HTML.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => d.GroupName == GroupName;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Realtime.Orleans server API",
                    Version = "1",
                    Description = "Publish, read presence and history, and act on users' connections across the cluster. docs/api.md describes every endpoint.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyFilter.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = "\"apikey <key>\", a key of Api:Keys.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyFilter.Scheme, document)] = [] });
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // A property left out when null (history's "recovered", a presence member's "info") is not required.
                foreach (var property in context.JsonTypeInfo.Properties)
                {
                    if (property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false) is [JsonIgnoreAttribute { Condition: JsonIgnoreCondition.WhenWritingNull }])
                    {
                        schema.Required?.Remove(property.Name);
                    }
                }

                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiRequestBodyMetadata>().FirstOrDefault() is { } body)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken) },
                        },
                    };
                }
            });
        });
        return services;
    }

    /// <summary>
    /// Serves the API under <paramref name="prefix"/> and its OpenAPI document at <c>{prefix}/openapi.json</c>.
    /// Without any key in <c>Api:Keys</c> nothing is mapped, so every path under the prefix is 404.
    /// </summary>
    public static IEndpointRouteBuilder MapRealtimeApi(this IEndpointRouteBuilder endpoints, string prefix = "/api")
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RealtimeApiExtensions).FullName!);
        if (!options.Enabled)
        {
            LogDisabled(logger, prefix);
            return endpoints;
        }

        LogEnabled(logger, prefix, options.Keys.Count, options.Keys.Count(k => k.Namespaces.Count > 0), options.MaxRequestBytes);
        endpoints.MapOpenApi(prefix + "/{documentName}.json");

        var api = endpoints.MapGroup(prefix)
            .WithGroupName(GroupName)
            .WithTags("realtime")
            .AddEndpointFilter<ApiErrorFilter>()
            .AddEndpointFilter<ApiKeyFilter>()
            .ProducesError(ProtocolCodesForAll);

        api.MapPost("/publish", (HttpContext context, RealtimeApi handler) => handler.PublishAsync(context))
            .WithSummary("Publish to a channel")
            .WithDescription("Publishes data to a channel like a client's publish, without client permissions; subscribers get it without \"from\".")
            .WithMetadata(new ApiRequestBodyMetadata(typeof(PublishBody)))
            .ProducesError(400, 403, 404, 413, 415);

        api.MapPost("/broadcast", (HttpContext context, RealtimeApi handler) => handler.BroadcastAsync(context))
            .WithSummary("Publish the same data to several channels")
            .WithDescription("Each channel is published on its own; each result holds its offset and epoch or its error.")
            .WithMetadata(new ApiRequestBodyMetadata(typeof(BroadcastBody)))
            .ProducesError(400, 413, 415);

        api.MapGet("/presence", (
                HttpContext context,
                RealtimeApi handler,
                [Description("The channel, or $users:<user id> for a user's connections.")] string? channel,
                [Description("The \"next\" of the previous page.")] string? cursor) => handler.PresenceAsync(context, channel, cursor))
            .WithSummary("A channel's members, one page at a time")
            .ProducesError(400, 403, 404);

        api.MapGet("/history", (
                HttpContext context,
                RealtimeApi handler,
                [Description("The channel.")] string? channel,
                [Description("An offset (integer >= 0): return what follows it. Needs epoch.")] string? since,
                [Description("The epoch of since.")] string? epoch,
                [Description("Most publications to return (integer >= 0), capped at Realtime:MaxHistoryLimit.")] string? limit) =>
                handler.HistoryAsync(context, channel, since, epoch, limit))
            .WithSummary("A channel's history window")
            .ProducesError(400, 403, 404);

        api.MapPost("/state", (HttpContext context, StateApi handler) => handler.WriteAsync(context))
            .WithSummary("Set, patch or delete a key of a channel's keyed state")
            .WithDescription("The client ops set, patch (RFC 7386) and delete for the server: ifVersion (409 with the current version), ttl and idempotencyKey as for clients; subscribers get a state push.")
            .WithMetadata(new ApiRequestBodyMetadata(typeof(StateWriteBody)))
            .Produces<StateWriteResultView>()
            .ProducesError(400, 403, 404, 409, 413, 415);

        api.MapGet("/state", (
                HttpContext context,
                StateApi handler,
                [Description("The channel.")] string? channel,
                [Description("The next of the previous page.")] string? cursor) =>
                handler.ReadAsync(context, channel, cursor))
            .WithSummary("A page of a channel's keyed state")
            .ProducesError(400, 403, 404);

        api.MapGet("/channels", (
                HttpContext context,
                RealtimeApi handler,
                [Description("Only channels whose name starts with this.")] string? prefix) => handler.ChannelsAsync(context, prefix))
            .WithSummary("Channels with subscribers, and how many, across the cluster");

        api.MapPost("/disconnect", (HttpContext context, RealtimeApi handler) => handler.DisconnectAsync(context))
            .WithSummary("End every connection of a user, on every edge")
            .WithDescription("Each connection gets a disconnect push, then the close frame; default code 3002. Needs a key without namespace limits.")
            .WithMetadata(new ApiRequestBodyMetadata(typeof(DisconnectBody)))
            .ProducesError(400, 403, 413, 415);

        api.MapPost("/unsubscribe", (HttpContext context, RealtimeApi handler) => handler.UnsubscribeAsync(context))
            .WithSummary("End a user's subscriptions to a channel, on every edge")
            .WithDescription("Each subscription gets an unsubscribed push (code 3002) and nothing more of the channel.")
            .WithMetadata(new ApiRequestBodyMetadata(typeof(UnsubscribeBody)))
            .ProducesError(400, 403, 404, 413, 415);

        api.MapGet("/info", (HttpContext context, RealtimeApi handler) => handler.InfoAsync(context))
            .WithSummary("Silos, edges, connections and channels")
            .ProducesError(403);

        return endpoints;
    }

    // Strictly: a misspelt "Namespaces" ignored would leave the key unlimited.
    private static void Bind(IConfigurationSection section, ApiOptions options)
    {
        try
        {
            section.Bind(options, b => b.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            var cause = ex;
            while (cause.InnerException is InvalidOperationException inner)
            {
                cause = inner;
            }

            options.BindErrors.Add($"{ApiOptions.SectionName}: {cause.Message}");
        }
    }

    // Every endpoint can meet these: no or a wrong key, and a failure inside the cluster.
    private static readonly int[] ProtocolCodesForAll = [401, 500];

    private static TBuilder ProducesError<TBuilder>(this TBuilder builder, params int[] codes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var code in codes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(code, typeof(ApiErrorBody), ["application/json"]));
        }

        return builder;
    }

    [LoggerMessage(EventId = 507, Level = LogLevel.Information, Message = "Server API off: no key in Api:Keys, so {Prefix} answers 404")]
    private static partial void LogDisabled(ILogger logger, string prefix);

    [LoggerMessage(EventId = 508, Level = LogLevel.Information, Message = "Server API at {Prefix}: {Keys} keys ({Limited} limited to namespaces), requests up to {MaxRequestBytes} bytes")]
    private static partial void LogEnabled(ILogger logger, string prefix, int keys, int limited, int maxRequestBytes);
}
