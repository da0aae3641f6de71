using System.Text.Json;

namespace S2SAuth.Webhooks;

/// <summary>Reads Stripe's event id (the top-level <c>id</c> string) from a verified JSON body; null when there is none or the body is not JSON.</summary>
internal static class StripeEventId
{
    public static string? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    return reader.TokenType == JsonTokenType.String && reader.GetString() is { } id && id.Length is > 0 and <= WebhookHeaders.MaxIdLength && WebhookHeaders.IsSafeId(id, ' ')
                        ? id
                        : null;
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
