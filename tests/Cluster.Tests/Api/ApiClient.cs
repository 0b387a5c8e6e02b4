using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Api;

/// <summary>Calls the server API of one edge over loopback HTTP, with a key unless told otherwise.</summary>
public sealed class ApiClient(EdgeServer edge, string? key = ApiFixture.OldKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = edge.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public Task<ApiResponse> PostAsync(string path, string json, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)));

    public Task<ApiResponse> PostAsync(string path, JsonNode body) => PostAsync(path, body.ToJsonString());

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "apikey " + key);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, response.Headers.WwwAuthenticate.ToString());
    }

    public void Dispose() => _http.Dispose();
}
