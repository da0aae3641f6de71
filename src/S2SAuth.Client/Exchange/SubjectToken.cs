using System.Buffers.Text;
using System.Text.Json;

namespace S2SAuth.Client.Exchange;

/// <summary>
/// What the handler reads from the user token it is about to exchange, without verifying it (the incoming side did, and
/// the issuer will again): the ids a revocation names (<c>iss</c>, <c>jti</c>, <c>sub</c>, <c>iat</c>), its expiry, and
/// the scopes it holds (<c>scope</c>, <c>scp</c>, <c>scopes</c>, <c>permissions</c>) for the narrowing check. An opaque
/// token reads as <see cref="IsJwt"/> = <see langword="false"/>: only the issuer can judge it.
/// Deliberately not a record: its text form must never show the token.
/// </summary>
internal sealed class SubjectToken
{
    private static readonly string[] ScopeClaims = ["scope", "scp", "scopes", "permissions"];

    private SubjectToken(bool isJwt)
    {
        IsJwt = isJwt;
    }

    public bool IsJwt { get; }

    public string? Issuer { get; private init; }

    public string? TokenId { get; private init; }

    public string? Subject { get; private init; }

    public DateTimeOffset? IssuedAt { get; private init; }

    public DateTimeOffset? ExpiresAt { get; private init; }

    /// <summary>Every scope or permission the token holds (empty for an opaque token).</summary>
    public IReadOnlySet<string> Held { get; private init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="token"/>'s payload; never throws.</summary>
    public static SubjectToken Read(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (second < 0)
        {
            return new SubjectToken(isJwt: false);
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(token.AsSpan(first + 1, second - first - 1));
            using var json = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new SubjectToken(isJwt: false);
            }

            var held = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in ScopeClaims)
            {
                if (root.TryGetProperty(name, out var value))
                {
                    AddScopes(value, held);
                }
            }

            return new SubjectToken(isJwt: true)
            {
                Issuer = String(root, "iss"),
                TokenId = String(root, "jti"),
                Subject = String(root, "sub"),
                IssuedAt = Date(root, "iat"),
                ExpiresAt = Date(root, "exp"),
                Held = held,
            };
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return new SubjectToken(isJwt: false);
        }
    }

    /// <summary>The first of <paramref name="wanted"/> this token does not hold, or <see langword="null"/> when it holds them all.</summary>
    public string? FirstNotHeld(IReadOnlyList<string> wanted)
    {
        foreach (var scope in wanted)
        {
            if (!Held.Contains(scope))
            {
                return scope;
            }
        }

        return null;
    }

    public override string ToString() => IsJwt ? "subject token (JWT)" : "subject token (opaque)";

    private static void AddScopes(JsonElement value, HashSet<string> into)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            foreach (var part in value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                into.Add(part);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } scope)
                {
                    into.Add(scope);
                }
            }
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is >= 0 and <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
