using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using S2SAuth.Http;

namespace S2SAuth.Tenants;

/// <summary>
/// Reads the tenant a request names in its route, query or JSON body. The body is buffered (bounded) and rewound,
/// so the endpoint reads it again as usual.
/// </summary>
internal static class TenantRequestReader
{
    public static async ValueTask<RequestedTenant> ReadAsync(HttpContext http, IReadOnlyList<ITenantParameterDeclaration> parameters, int maxBodyBytes)
    {
        string? found = null;
        foreach (var parameter in parameters)
        {
            switch (parameter.Source)
            {
                case TenantParameterSource.Route:
                    if (http.GetRouteValue(parameter.Name)?.ToString() is { Length: > 0 } routeValue && Take(ref found, routeValue) is { } routeRefusal)
                    {
                        return routeRefusal;
                    }

                    break;
                case TenantParameterSource.Query:
                    foreach (var queryValue in http.Request.Query[parameter.Name])
                    {
                        if (!string.IsNullOrEmpty(queryValue) && Take(ref found, queryValue) is { } queryRefusal)
                        {
                            return queryRefusal;
                        }
                    }

                    break;
                case TenantParameterSource.Body:
                    var body = await ReadBodyAsync(http, parameter.Name, maxBodyBytes).ConfigureAwait(false);
                    if (body.ErrorCode is not null)
                    {
                        return body;
                    }

                    if (body.TenantId is { } bodyValue && Take(ref found, bodyValue) is { } bodyRefusal)
                    {
                        return bodyRefusal;
                    }

                    break;
            }
        }

        return new RequestedTenant(found, null, null);
    }

    /// <summary>
    /// Takes one tenant value the request names: the refusal when it is not a valid id (kept only escaped, for the audit)
    /// or differs from one named before; else <see langword="null"/>.
    /// </summary>
    private static RequestedTenant? Take(ref string? found, string value)
    {
        if (!RequestText.IsValidId(value))
        {
            return new RequestedTenant(RequestText.Escape(value, RequestText.MaxIdLength), AuthErrorCodes.TenantInvalid,
                "The request names a tenant id that is not a valid id (1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '-').");
        }

        if (found is null)
        {
            found = value;
            return null;
        }

        return string.Equals(found, value, StringComparison.Ordinal) ? null : Ambiguous();
    }

    private static RequestedTenant Ambiguous() =>
        RequestedTenant.Refused(AuthErrorCodes.TenantMismatch, "The request names more than one tenant.");

    private static RequestedTenant Unreadable(string detail) => RequestedTenant.Refused(AuthErrorCodes.TenantUnreadable, detail);

    /// <summary>
    /// Emptiness is decided by the body, not by its headers: a chunked or HTTP/2 body has no Content-Length, and a
    /// client may send no Content-Type, yet the endpoint may still read the body. A non-empty body that is not declared
    /// JSON is refused.
    /// </summary>
    private static async ValueTask<RequestedTenant> ReadBodyAsync(HttpContext http, string name, int maxBodyBytes)
    {
        var request = http.Request;
        var json = request.HasJsonContentType();
        if (!json && request.ContentLength > 0)
        {
            return NotJson();
        }

        if (request.ContentLength > maxBodyBytes)
        {
            return Unreadable("The body is too large to read its tenant.");
        }

        request.EnableBuffering();

        // One byte more than allowed (or than declared) tells a body that is too large; a body not declared JSON is only
        // read far enough to tell whether there is one.
        var capacity = json ? (int)Math.Min(request.ContentLength ?? maxBodyBytes, maxBodyBytes) + 1 : 1;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var length = 0;
            while (length < capacity)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, capacity - length), http.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            request.Body.Position = 0;
            if (length == 0)
            {
                return RequestedTenant.None;
            }

            if (!json)
            {
                return NotJson();
            }

            if (length == capacity)
            {
                return Unreadable("The body is too large to read its tenant.");
            }

            return FindTenant(buffer.AsMemory(0, length), name);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RequestedTenant NotJson() => Unreadable("The tenant is read from a JSON body, and the body is not JSON.");

    private static RequestedTenant FindTenant(ReadOnlyMemory<byte> json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Unreadable("The body is not a JSON object.");
            }

            string? found = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) || property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return Unreadable("The body's tenant id is not a string.");
                }

                if (property.Value.GetString() is { Length: > 0 } value && Take(ref found, value) is { } refusal)
                {
                    return refusal;
                }
            }

            return new RequestedTenant(found, null, null);
        }
        catch (JsonException)
        {
            return Unreadable("The body is not valid JSON.");
        }
    }
}
