using Supawatch.Status;

namespace Supawatch.Tests.Status;

public sealed class StatusCausesTests
{
    [Theory]
    [InlineData("kong: connection refused", "kong: conexão recusada")]
    [InlineData("kong: connection refused; rest: no answer within 2.5 s", "kong: conexão recusada; rest: sem resposta em 2.5 s")]
    [InlineData("db: container exited (code 137), out of memory", "db: contêiner encerrado (código 137), sem memória")]
    [InlineData("storage: Docker health: unhealthy", "storage: saúde Docker: não saudável")]
    [InlineData("realtime: restarted 3 time(s) since the last round", "realtime: reiniciado 3 vez(es) desde a última rodada")]
    [InlineData("project is paused in the master DB", "projeto está pausado no banco mestre")]
    [InlineData("no containers", "nenhum contêiner")]
    [InlineData("auth: no container; kong: HTTP 503", "auth: nenhum contêiner; kong: HTTP 503")]
    [InlineData("db: PostgreSQL error 28P01", "db: erro do PostgreSQL 28P01")]
    [InlineData("kong: a reason added later", "kong: a reason added later")]
    [InlineData("auth: HTTP 503 at /auth/v1/health through Kong", "auth: HTTP 503 em /auth/v1/health através do Kong")]
    [InlineData("rest: connection refused at /rest/v1/ through Kong", "rest: conexão recusada em /rest/v1/ através do Kong")]
    [InlineData("kong: not tried after 256 timeouts in a row to this host", "kong: não testado após 256 esgotamentos de tempo seguidos neste host")]
    [InlineData("auth: not tried after 256 timeouts in a row to this host at /auth/v1/health through Kong", "auth: não testado após 256 esgotamentos de tempo seguidos neste host em /auth/v1/health através do Kong")]
    [InlineData("auth: no answer within 4 s at /auth/v1/health through Kong", "auth: sem resposta em 4 s em /auth/v1/health através do Kong")]
    [InlineData("functions: HTTP 404 (no such route in Kong) at /functions/v1/ through Kong", "functions: HTTP 404 (rota inexistente no Kong) em /functions/v1/ através do Kong")]
    [InlineData(
        "auth: HTTP 401 (anon key rejected: the key in SUPABASE_ANON_KEY is not the one Kong expects) at /auth/v1/health through Kong; rest: HTTP 401 (anon key rejected: the key in SUPABASE_ANON_KEY is not the one Kong expects) at /rest/v1/ through Kong",
        "auth: HTTP 401 (chave anon rejeitada: a chave em SUPABASE_ANON_KEY não é a que o Kong espera) em /auth/v1/health através do Kong; rest: HTTP 401 (chave anon rejeitada: a chave em SUPABASE_ANON_KEY não é a que o Kong espera) em /rest/v1/ através do Kong")]
    [InlineData(
        "auth: HTTP 403 (anon key rejected: the key in the master DB's anon_key column is not the one Kong expects) at /auth/v1/health through Kong",
        "auth: HTTP 403 (chave anon rejeitada: a chave na coluna anon_key do banco mestre não é a que o Kong espera) em /auth/v1/health através do Kong")]
    [InlineData(
        "rest: HTTP 401 (no anon key found: set SUPAWATCH_ANON_KEY_VARS to the variable of the Kong container that holds it or return it as anon_key from MASTER_DB_QUERY) at /rest/v1/ through Kong",
        "rest: HTTP 401 (nenhuma chave anon encontrada: defina SUPAWATCH_ANON_KEY_VARS com a variável do contêiner do Kong que a contém ou retorne-a como anon_key em MASTER_DB_QUERY) em /rest/v1/ através do Kong")]
    public void Portuguese_ProbeCauses_ReadInPortuguese(string cause, string expected) =>
        Assert.Equal(expected, StatusCauses.Portuguese(cause));

    [Fact]
    public void Cause_English_IsAsTheProbeWroteIt() =>
        Assert.Equal("kong: connection refused", StatusText.English.Cause("kong: connection refused"));
}
