using Grpc.Core;
using S2SAuth.Testing;

namespace S2SAuth.EndToEnd.Tests.Grpc;

/// <summary>Assertions on S2SAuth's gRPC refusals.</summary>
internal static class GrpcAssert
{
    /// <summary>The exact gRPC status, the S2SAuth code in the trailers and a non-empty message (and correlation id when given).</summary>
    public static void Refused(RpcException e, StatusCode status, string code, string? correlationId = null)
    {
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(code, e.Trailers.GetValue("s2sauth-code"));
        Assert.False(string.IsNullOrWhiteSpace(e.Status.Detail));
        var seen = e.Trailers.GetValue("s2sauth-correlation-id");
        Assert.False(string.IsNullOrEmpty(seen));
        if (correlationId is not null)
        {
            Assert.Equal(correlationId, seen);
        }
    }

    /// <summary>No log line holds any of <paramref name="secrets"/>, nor a token's signature.</summary>
    public static void NoSecretLogged(LogCapture logs, params string[] secrets)
    {
        var text = logs.AllText();
        Assert.NotEmpty(logs.Entries);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[(secret.LastIndexOf('.') + 1)..], text, StringComparison.Ordinal);
        }
    }
}
