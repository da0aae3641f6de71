using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace S2SAuth;

/// <summary>The ids that tie this request to its workflow and to this attempt.</summary>
public sealed class CorrelationContext
{
    internal CorrelationContext(string correlationId, string requestId)
    {
        CorrelationId = correlationId;
        RequestId = requestId;
    }

    /// <summary>One id for the whole workflow: taken from <c>X-Correlation-Id</c> or created; echoed and forwarded.</summary>
    public string CorrelationId { get; }

    /// <summary>The id of this attempt, from <c>X-Request-Id</c> or created.</summary>
    public string RequestId { get; }

    /// <summary>Minimal-API binding: a <see cref="CorrelationContext"/> parameter receives the request's ids.</summary>
    public static ValueTask<CorrelationContext?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.GetServiceAuthContext()?.Correlation);
}
