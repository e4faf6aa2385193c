using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServerlessMinSheng.Intake.Benchmarks;

/// <summary>
/// A browser-like caller of the running app: keeps cookies and sends the antiforgery token on every
/// state-changing call (fetched once, and again after signing in, since tokens are bound to the sign-in).
/// </summary>
internal sealed class SiteClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    public SiteClient(Uri address, TimeSpan? timeout = null)
    {
        // One client, many connections: the load test keeps sending while earlier answers are outstanding.
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, MaxConnectionsPerServer = int.MaxValue };
        _http = new HttpClient(handler) { BaseAddress = address, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
    }

    public static async Task<SiteClient> SignedInAsync(Uri address, string username, string password)
    {
        var client = new SiteClient(address);
        using var response = await client.PostJsonAsync("/api/auth/signin", new { username, password });
        await EnsureAsync(response, $"sign-in as {username}");
        client._token = null;
        return client;
    }

    /// <summary>Fetches the antiforgery token now, so a timed run does not pay for it.</summary>
    public async Task PrepareAsync() => _token ??= await FetchTokenAsync();

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Add("X-CSRF-TOKEN", _token ??= await FetchTokenAsync());
        return await _http.SendAsync(request, cancellationToken);
    }

    public async Task<HttpResponseMessage> PostFileAsync(string path, string fileName, byte[] bytes)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-CSRF-TOKEN", _token ??= await FetchTokenAsync());
        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        await EnsureAsync(response, $"GET {path}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>POSTs and expects 201 Created; returns the new id.</summary>
    public async Task<string> CreateAsync(string path, object body)
    {
        using var response = await PostJsonAsync(path, body);
        await EnsureAsync(response, $"POST {path}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("id", out var id) ? id.GetString()! : string.Empty;
    }

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
