using System.Reflection;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Docs;

/// <summary>
/// The configuration reference is checked against the options classes: every settable property of every
/// options section is named in <c>docs/configuration.md</c> (or, for the cluster and edge keys, the README's
/// configuration tables), so a new key cannot ship undocumented.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    public static TheoryData<string, string> Keys()
    {
        var sections = new (Type Type, string Section)[]
        {
            (typeof(Realtime.Edge.Auth.AuthOptions), Realtime.Edge.Auth.AuthOptions.SectionName),
            (typeof(Realtime.Edge.Auth.LimitsOptions), Realtime.Edge.Auth.LimitsOptions.SectionName),
            (typeof(Realtime.Edge.Channels.NamespaceOptions), Realtime.Edge.Channels.NamespacesOptions.SectionName + ":<name>"),
            (typeof(Realtime.Edge.Cluster.RealtimeOptions), Realtime.Edge.Cluster.RealtimeOptions.SectionName),
            (typeof(Realtime.Edge.SockJs.SockJsOptions), Realtime.Edge.SockJs.SockJsOptions.SectionName),
            (typeof(Realtime.Edge.Hosting.EdgeOptions), Realtime.Edge.Hosting.EdgeOptions.SectionName),
            (typeof(Realtime.Edge.Api.ApiOptions), Realtime.Edge.Api.ApiOptions.SectionName),
            (typeof(Realtime.Grains.Webhooks.WebhookOptions), Realtime.Grains.Webhooks.WebhookOptions.SectionName),
            (typeof(Realtime.Grains.ChannelOptions), Realtime.Grains.ChannelOptions.SectionName),
            (typeof(Realtime.Grains.Hosting.RealtimeClusterOptions), Realtime.Grains.Hosting.RealtimeClusterOptions.SectionName),
        };
        var data = new TheoryData<string, string>();
        foreach (var (type, section) in sections)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                data.Add(section, property.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryOptionsKey_IsInTheConfigurationReference(string section, string key)
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md"))
            + File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"))
            + File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "security.md"));
        var plainSection = section.Split(':')[0];
        Assert.True(
            docs.Contains($"{plainSection}:{key}", StringComparison.Ordinal)
                || docs.Contains($"{section}:{key}", StringComparison.Ordinal)
                || docs.Contains($"`{key}`", StringComparison.Ordinal),
            $"{section}:{key} is not in docs/configuration.md, README.md or docs/security.md");
    }
}
