using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>
/// A browser-like API caller for setting up what a page test needs (areas, accounts, requests): keeps
/// cookies and sends an antiforgery token with state-changing calls, fetched again after signing in
/// because tokens are bound to the sign-in.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    public ApiClient(Uri address)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = address };
    }

    public static Task<ApiClient> SignedInAsync(SiteFixture site, string username, string password) => SignedInAsync(site.App.Address, username, password);

    public static async Task<ApiClient> SignedInAsync(Uri address, string username, string password)
    {
        var client = new ApiClient(address);
        using var response = await client.PostAsync("/api/auth/signin", new { username, password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        client._token = null;
        return client;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>POSTs and expects success; returns the answer's JSON.</summary>
    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        using var response = await PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Add("X-CSRF-TOKEN", _token ??= await FetchTokenAsync());
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> FetchTokenAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/api/auth/antiforgery"));
        return document.RootElement.GetProperty("token").GetString()!;
    }
}
