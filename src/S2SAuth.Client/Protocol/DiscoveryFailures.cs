using Duende.IdentityModel.Client;
using S2SAuth.Client.Http;

namespace S2SAuth.Client.Protocol;

/// <summary>
/// The one reading of a discovery answer for the endpoint a protocol client needs (token, introspection): why it cannot
/// be used, as a short reason code for logs, or <see langword="null"/> when the endpoint is usable.
/// </summary>
internal static class DiscoveryFailures
{
    /// <param name="response">The discovery answer.</param>
    /// <param name="endpoint">The endpoint read from it (<c>token_endpoint</c>, <c>introspection_endpoint</c>).</param>
    /// <param name="name">The endpoint's name in reason codes (<c>token</c>, <c>introspection</c>).</param>
    /// <param name="requireHttps">Whether the endpoint must be HTTPS off loopback.</param>
    public static string? Reason(DiscoveryDocumentResponse response, string? endpoint, string name, bool requireHttps)
    {
        if (response.IsError)
        {
            return response.Exception is ProtocolRedirectException redirect ? redirect.Code : response.ErrorType switch
            {
                ResponseErrorType.Http => "http_" + (int)response.HttpStatusCode,
                ResponseErrorType.PolicyViolation => "policy_violation",
                ResponseErrorType.Exception => "unreachable",
                _ => "invalid_document",
            };
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return $"no_{name}_endpoint";
        }

        return UrlRules.IsAcceptable(uri, requireHttps) ? null : $"insecure_{name}_endpoint";
    }
}
