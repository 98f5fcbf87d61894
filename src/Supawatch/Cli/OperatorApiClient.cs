using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Supawatch.Api;
using Supawatch.Security;
using Supawatch.Server;

namespace Supawatch.Cli;

/// <summary>
/// Talks to a running <c>supawatch serve</c>'s operator API for the <c>maintenance</c> and <c>incident</c> verbs:
/// <c>--api</c>, else <c>SUPAWATCH_METRICS_LISTEN</c> on this machine, with <c>SUPAWATCH_AUTH_*</c> credentials.
/// </summary>
public sealed class OperatorApiClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly HttpClient _http;

    public OperatorApiClient(IConfiguration configuration, string? api)
    {
        var listen = ServerOptions.From(configuration).MetricsListen;
        BaseUrl = (api ?? "http://" + LocalAddress(listen)).TrimEnd('/');
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = Timeout };
        var auth = AuthOptions.From(configuration);
        var token = auth.Token ?? Read(auth.TokenFile);
        var password = auth.Password ?? Read(auth.PasswordFile);
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (!string.IsNullOrEmpty(auth.User) && password is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.User}:{password}")));
        }
    }

    public string BaseUrl { get; }

    /// <summary>Sends and reads the answer; on a refusal or no answer returns the reason, for one <c>error:</c> line.</summary>
    public async Task<(T? Value, string? Error)> SendAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = body };
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync(answer, cancellationToken), null);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            string reason;
            try
            {
                reason = JsonSerializer.Deserialize(text, ApiJson.Error)?.Error ?? text;
            }
            catch (JsonException)
            {
                reason = response.StatusCode == System.Net.HttpStatusCode.Unauthorized
                    ? "the API needs credentials: set SUPAWATCH_AUTH_TOKEN (or SUPAWATCH_AUTH_USER and SUPAWATCH_AUTH_PASSWORD) as the service has them"
                    : text.Trim();
            }

            return (null, $"{BaseUrl} answered {(int)response.StatusCode}: {reason}");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"cannot reach the Supawatch API at {BaseUrl} ({ex.HttpRequestError}); is 'supawatch serve' running? Point --api (or SUPAWATCH_METRICS_LISTEN) at it");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"the Supawatch API at {BaseUrl} did not answer within {Timeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _http.Dispose();

    private static string LocalAddress(string listen)
    {
        var colon = listen.LastIndexOf(':');
        var host = colon > 0 ? listen[..colon] : listen;
        var port = colon > 0 ? listen[(colon + 1)..] : "9200";
        return host is "0.0.0.0" or "[::]" or "*" or "+" or "" ? $"127.0.0.1:{port}" : $"{host}:{port}";
    }

    private static string? Read(string? file) => string.IsNullOrEmpty(file) || !File.Exists(file) ? null : File.ReadAllText(file).Trim();
}
