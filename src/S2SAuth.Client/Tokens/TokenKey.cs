namespace S2SAuth.Client.Tokens;

/// <summary>What a cached token is for: one audience and one set of scopes (order and duplicates do not matter).</summary>
internal readonly record struct TokenKey(string? Audience, string? Scope)
{
    public static TokenKey For(string? audience, IEnumerable<string> scopes)
    {
        var normalized = scopes.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new TokenKey(string.IsNullOrWhiteSpace(audience) ? null : audience.Trim(), normalized.Length == 0 ? null : string.Join(' ', normalized));
    }
}
