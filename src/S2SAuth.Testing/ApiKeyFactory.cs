using System.Security.Cryptography;
using System.Text;

namespace S2SAuth.Testing;

/// <summary>
/// Makes S2SAuth API keys and their configured hashes, for tests and samples (docs/api-keys.md shows the shell
/// equivalent for operators). A key is <c>s2s_&lt;key id&gt;_&lt;secret&gt;</c> with 32 random bytes of secret
/// (base64url); its hash is what goes into <c>ServiceAuth:ApiKeys:Clients:{client}:Keys:{n}:Hash</c>.
/// </summary>
public static class ApiKeyFactory
{
    /// <summary>A new random key with id <paramref name="keyId"/> (<c>[a-z0-9-]{3,32}</c>) and its hash (<c>sha256:</c> + 64 hex digits).</summary>
    /// <exception cref="ArgumentException"><paramref name="keyId"/> is not a valid key id.</exception>
    public static (string Key, string Hash) Create(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (keyId.Length is < 3 or > 32 || !keyId.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException("A key id is 3-32 characters of a-z, 0-9 and '-'.", nameof(keyId));
        }

        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = $"s2s_{keyId}_{secret}";
        return (key, Hash(key));
    }

    /// <summary>The configured form of <paramref name="key"/>'s hash: <c>sha256:</c> and the SHA-256 of its UTF-8 bytes in lowercase hex.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
