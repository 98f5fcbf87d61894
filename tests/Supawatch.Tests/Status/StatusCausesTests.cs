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
    public void Portuguese_ProbeCauses_ReadInPortuguese(string cause, string expected) =>
        Assert.Equal(expected, StatusCauses.Portuguese(cause));

    [Fact]
    public void Cause_English_IsAsTheProbeWroteIt() =>
        Assert.Equal("kong: connection refused", StatusText.English.Cause("kong: connection refused"));
}
