using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace S2SAuth.Authorization;

/// <summary>
/// Reads the tenant a request names in its route, query or JSON body. The body is buffered (bounded) and rewound,
/// so the endpoint reads it again as usual.
/// </summary>
internal static class TenantRequestReader
{
    public static async ValueTask<RequestedTenant> ReadAsync(HttpContext http, IReadOnlyList<TenantParameterAttribute> parameters, int maxBodyBytes)
    {
        string? found = null;
        foreach (var parameter in parameters)
        {
            switch (parameter.Source)
            {
                case TenantParameterSource.Route:
                    if (http.GetRouteValue(parameter.Name)?.ToString() is { Length: > 0 } routeValue && !Take(ref found, routeValue))
                    {
                        return Ambiguous();
                    }

                    break;
                case TenantParameterSource.Query:
                    foreach (var queryValue in http.Request.Query[parameter.Name])
                    {
                        if (!string.IsNullOrEmpty(queryValue) && !Take(ref found, queryValue))
                        {
                            return Ambiguous();
                        }
                    }

                    break;
                case TenantParameterSource.Body:
                    var body = await ReadBodyAsync(http, parameter.Name, maxBodyBytes).ConfigureAwait(false);
                    if (body.ErrorCode is not null)
                    {
                        return body;
                    }

                    if (body.TenantId is { } bodyValue && !Take(ref found, bodyValue))
                    {
                        return Ambiguous();
                    }

                    break;
            }
        }

        return new RequestedTenant(found, null, null);
    }

    private static bool Take(ref string? found, string value)
    {
        if (found is null)
        {
            found = value;
            return true;
        }

        return string.Equals(found, value, StringComparison.Ordinal);
    }

    private static RequestedTenant Ambiguous() =>
        RequestedTenant.Refused(AuthErrorCodes.TenantMismatch, "The request names more than one tenant.");

    private static RequestedTenant Unreadable(string detail) => RequestedTenant.Refused(AuthErrorCodes.TenantUnreadable, detail);

    private static async ValueTask<RequestedTenant> ReadBodyAsync(HttpContext http, string name, int maxBodyBytes)
    {
        var request = http.Request;
        if (!request.HasJsonContentType())
        {
            var empty = request.ContentLength == 0 || (request.ContentLength is null && request.ContentType is null);
            return empty ? RequestedTenant.None : Unreadable("The tenant is read from a JSON body, and the body is not JSON.");
        }

        if (request.ContentLength > maxBodyBytes)
        {
            return Unreadable("The body is too large to read its tenant.");
        }

        request.EnableBuffering();

        // One byte more than allowed (or than declared) tells a body that is too large.
        var capacity = (int)Math.Min(request.ContentLength ?? maxBodyBytes, maxBodyBytes) + 1;
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
            if (length == capacity)
            {
                return Unreadable("The body is too large to read its tenant.");
            }

            return length == 0 ? RequestedTenant.None : FindTenant(buffer.AsMemory(0, length), name);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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

                if (property.Value.GetString() is { Length: > 0 } value && !Take(ref found, value))
                {
                    return Ambiguous();
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
