using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServerlessMinSheng.Functions.Tests;

/// <summary>
/// A browser-like API caller: keeps cookies, fetches an antiforgery token for state-changing calls (and a
/// fresh one after signing in, since tokens are bound to the sign-in), and reads ProblemDetails.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    public ApiClient(Uri address)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true }) { BaseAddress = address };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public static async Task<ApiClient> SignedInAsync(TestApp app, string username, string password)
    {
        var client = new ApiClient(app.Address);
        using var response = await client.SignInAsync(username, password);
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public async Task<HttpResponseMessage> SignInAsync(string username, string password)
    {
        _token = null; // A token issued to an earlier (perhaps expired) session is not this caller's any more.
        var response = await SendAsync(HttpMethod.Post, "/api/auth/signin", new { username, password });
        _token = null;
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web))!;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public Task<HttpResponseMessage> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, bool withToken = true)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        if (withToken)
        {
            request.Headers.Add("X-CSRF-TOKEN", _token ??= await FetchTokenAsync());
        }

        return await _http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendMultipartAsync(string path, MultipartFormDataContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-CSRF-TOKEN", _token ??= await FetchTokenAsync());
        return await _http.SendAsync(request);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> FetchTokenAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/auth/antiforgery"));
        return document.RootElement.GetProperty("token").GetString()!;
    }
}
