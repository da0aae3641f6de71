using System.Text;

namespace S2SAuth.Client.Signatures;

/// <summary>Creates an HTTP message signature (RFC 9421 §3.1) and its Signature-Input / Signature members.</summary>
internal static class MessageSigner
{
    public const string SignatureInputHeader = "Signature-Input";
    public const string SignatureHeader = "Signature";

    /// <summary>
    /// Signs: builds the base, signs its UTF-8 (ASCII) bytes, returns the dictionary members <c>label=(...)...</c> and
    /// <c>label=:...:</c>. Returns false (no exception) when the base cannot be built, e.g. a covered header is absent.
    /// </summary>
    public static bool TrySign(HttpMessageComponents message, SignatureParameters parameters, SignatureKey key, string label, out string signatureInput, out string signature, out SignatureFailure failure)
    {
        signatureInput = signature = string.Empty;
        if (!SignatureBase.TryCreate(message, parameters, out var signatureBase, out failure))
        {
            return false;
        }

        var bytes = key.Sign(Encoding.ASCII.GetBytes(signatureBase));
        signatureInput = label + "=" + parameters.Serialize();
        var builder = new StringBuilder(label).Append('=');
        StructuredFieldWriter.AppendBareItem(builder, StructuredFieldItem.FromBytes(bytes));
        signature = builder.ToString();
        return true;
    }

    /// <summary>Signs an outgoing request in place, adding Signature-Input and Signature (and nothing else).</summary>
    public static bool TrySign(HttpRequestMessage request, SignatureParameters parameters, SignatureKey key, string label, out SignatureFailure failure)
    {
        if (HttpMessageComponents.FromRequest(request) is not { } message)
        {
            failure = SignatureFailure.ComponentNotInMessage;
            return false;
        }

        if (!TrySign(message, parameters, key, label, out var input, out var signature, out failure))
        {
            return false;
        }

        request.Headers.Remove(SignatureInputHeader);
        request.Headers.Remove(SignatureHeader);
        request.Headers.TryAddWithoutValidation(SignatureInputHeader, input);
        request.Headers.TryAddWithoutValidation(SignatureHeader, signature);
        return true;
    }
}
