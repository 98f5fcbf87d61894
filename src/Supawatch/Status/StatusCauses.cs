using System.Text.RegularExpressions;

namespace Supawatch.Status;

/// <summary>
/// The probes' causes (<c>kong: connection refused; rest: HTTP 503</c>, see ProbeFailures, ContainerProbe,
/// PostgresProbe, StatusRollup) in Brazilian Portuguese. Each part is matched whole; a part not listed here
/// (a new reason) is shown as the probe wrote it rather than guessed at.
/// </summary>
public static partial class StatusCauses
{
    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        ["connection refused"] = "conexão recusada",
        ["connection reset"] = "conexão reiniciada",
        ["connection aborted"] = "conexão abortada",
        ["connection timed out"] = "tempo de conexão esgotado",
        ["host unreachable"] = "host inacessível",
        ["host not found"] = "host não encontrado",
        ["cancelled"] = "cancelado",
        ["invalid HTTP response"] = "resposta HTTP inválida",
        ["connection closed before a response"] = "conexão fechada antes de uma resposta",
        ["TLS handshake failed"] = "falha no handshake TLS",
        ["HTTP request failed"] = "falha na requisição HTTP",
        ["out of memory"] = "sem memória",
        ["Docker health: unhealthy"] = "saúde Docker: não saudável",
        ["running"] = "em execução",
        ["no containers"] = "nenhum contêiner",
        ["no container"] = "nenhum contêiner",
        ["connection closed without a PostgreSQL answer"] = "conexão fechada sem resposta do PostgreSQL",
        ["not a PostgreSQL answer"] = "não é uma resposta do PostgreSQL",
        ["SELECT 1 returned no row"] = "SELECT 1 não retornou linha",
    };

    private static readonly Dictionary<string, string> States = new(StringComparer.Ordinal)
    {
        ["created"] = "criado",
        ["paused"] = "pausado",
        ["restarting"] = "reiniciando",
        ["removing"] = "sendo removido",
        ["dead"] = "morto",
        ["exited"] = "encerrado",
        ["stopped"] = "parado",
        ["running"] = "em execução",
    };

    // What to set when an API check found no anon key (ProbeRunner), joined with " or ".
    private static readonly Dictionary<string, string> KeyFixes = new(StringComparer.Ordinal)
    {
        ["set SUPAWATCH_ANON_KEY_VARS to the variable of the Kong container that holds it"] = "defina SUPAWATCH_ANON_KEY_VARS com a variável do contêiner do Kong que a contém",
        ["return it as anon_key from MASTER_DB_QUERY"] = "retorne-a como anon_key em MASTER_DB_QUERY",
    };

    /// <summary>The cause in Portuguese, part by part (<c>;</c> between components, <c>,</c> between reasons).</summary>
    public static string Portuguese(string cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return string.Join("; ", cause.Split("; ").Select(Component));
    }

    private static string Component(string part)
    {
        // "component: reason, reason" — the component name is an id and stays as it is.
        var colon = part.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && !part.StartsWith("Docker health", StringComparison.Ordinal) && !part.AsSpan(0, colon).Contains(' '))
        {
            return part[..(colon + 2)] + string.Join(", ", part[(colon + 2)..].Split(", ").Select(Reason));
        }

        return string.Join(", ", part.Split(", ").Select(Reason));
    }

    private static string Reason(string reason)
    {
        if (Fixed.TryGetValue(reason, out var fixedText))
        {
            return fixedText;
        }

        if (NoAnswer().Match(reason) is { Success: true } noAnswer)
        {
            return $"sem resposta em {noAnswer.Groups[1].Value} s";
        }

        if (NotTried().Match(reason) is { Success: true } notTried)
        {
            return $"não testado após {notTried.Groups[1].Value} esgotamentos de tempo seguidos neste host";
        }

        if (Exited().Match(reason) is { Success: true } exited)
        {
            return $"contêiner encerrado (código {exited.Groups[1].Value})";
        }

        if (Restarted().Match(reason) is { Success: true } restarted)
        {
            return $"reiniciado {restarted.Groups[1].Value} vez(es) desde a última rodada";
        }

        if (ProjectState().Match(reason) is { Success: true } project)
        {
            var state = project.Groups[1].Value;
            return $"projeto está {States.GetValueOrDefault(state, state)} no banco mestre";
        }

        if (reason.StartsWith("container ", StringComparison.Ordinal) && States.TryGetValue(reason["container ".Length..], out var containerState))
        {
            return "contêiner " + containerState;
        }

        if (ThroughKong().Match(reason) is { Success: true } api)
        {
            return Reason(api.Groups["answer"].Value) + ApiDetail(api.Groups["detail"].Value) + $" em {api.Groups["path"].Value} através do Kong";
        }

        if (reason.StartsWith("PostgreSQL error ", StringComparison.Ordinal))
        {
            return "erro do PostgreSQL " + reason["PostgreSQL error ".Length..];
        }

        if (reason.StartsWith("socket error ", StringComparison.Ordinal))
        {
            return "erro de socket " + reason["socket error ".Length..];
        }

        return reason;
    }

    /// <summary>What an API check's refusal means (ProbeRunner's reasons), in Portuguese; a detail not known here stays as written.</summary>
    private static string ApiDetail(string detail)
    {
        if (detail.Length == 0)
        {
            return "";
        }

        if (detail == "no such route in Kong")
        {
            return " (rota inexistente no Kong)";
        }

        const string Rejected = "anon key rejected: the key in ";
        const string Expects = " is not the one Kong expects";
        if (detail.StartsWith(Rejected, StringComparison.Ordinal) && detail.EndsWith(Expects, StringComparison.Ordinal))
        {
            var source = detail[Rejected.Length..^Expects.Length];
            var where = source == MasterDb.MasterDbQuery.AnonKeySource ? "na coluna anon_key do banco mestre" : "em " + source;
            return $" (chave anon rejeitada: a chave {where} não é a que o Kong espera)";
        }

        const string NoKey = "no anon key found: ";
        if (detail.StartsWith(NoKey, StringComparison.Ordinal))
        {
            var fixes = detail[NoKey.Length..].Split(" or ").Select(fix => KeyFixes.GetValueOrDefault(fix, fix));
            return $" (nenhuma chave anon encontrada: {string.Join(" ou ", fixes)})";
        }

        return $" ({detail})";
    }

    // An API check's reason (ProbeRunner.ApiReason): "<answer>[ (<detail>)] at <path> through Kong".
    [GeneratedRegex(@"^(?<answer>.+?)(?: \((?<detail>.+)\))? at (?<path>/\S*) through Kong$", RegexOptions.CultureInvariant)]
    private static partial Regex ThroughKong();

    [GeneratedRegex(@"^no answer within ([0-9.]+) s$", RegexOptions.CultureInvariant)]
    private static partial Regex NoAnswer();

    [GeneratedRegex(@"^not tried after ([0-9]+) timeouts in a row to this host$", RegexOptions.CultureInvariant)]
    private static partial Regex NotTried();

    [GeneratedRegex(@"^container exited \(code (-?[0-9]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Exited();

    [GeneratedRegex(@"^restarted ([0-9]+) time\(s\) since the last round$", RegexOptions.CultureInvariant)]
    private static partial Regex Restarted();

    [GeneratedRegex(@"^project is (.+) in the master DB$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectState();
}
