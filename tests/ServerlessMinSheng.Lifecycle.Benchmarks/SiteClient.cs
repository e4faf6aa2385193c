using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServerlessMinSheng.Lifecycle.Benchmarks;

/// <summary>
/// A browser-like caller of the running app: one signed-in person with their cookie, sending the
/// antiforgery token on every state-changing call (fetched once after signing in, since tokens are bound
/// to the sign-in).
/// </summary>
internal sealed class SiteClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    public SiteClient(Uri address)
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        _http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(100) };
    }

    public static async Task<SiteClient> SignedInAsync(Uri address, string username, string password)
    {
        var client = new SiteClient(address);
        using var response = await client.PostJsonAsync("/api/auth/signin", new { username, password });
        await EnsureAsync(response, $"sign-in as {username}");
        client._token = await client.FetchTokenAsync(); // Fetched now, so a timed run does not pay for it.
        return client;
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Add("X-CSRF-TOKEN", _token ??= await FetchTokenAsync());
        return await _http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        await EnsureAsync(response, $"GET {path}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>POSTs, expects success and returns the answer's JSON.</summary>
    public async Task<JsonElement> PostOkAsync(string path, object body)
    {
        using var response = await PostJsonAsync(path, body);
        await EnsureAsync(response, $"POST {path}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>POSTs and expects success; returns the new id.</summary>
    public async Task<string> CreateAsync(string path, object body) =>
        (await PostOkAsync(path, body)).TryGetProperty("id", out var id) ? id.GetString()! : string.Empty;

    public static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> FetchTokenAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/auth/antiforgery"));
        return document.RootElement.GetProperty("token").GetString()!;
    }
}
