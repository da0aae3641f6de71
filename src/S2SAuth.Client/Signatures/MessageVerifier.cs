using System.Text;

namespace S2SAuth.Client.Signatures;

/// <summary>
/// Verifies an HTTP message signature (RFC 9421 §3.2): parses Signature-Input and Signature (dictionaries), picks a
/// label, resolves the key by <c>keyid</c>, takes the algorithm from the KEY (a differing <c>alg</c> fails), checks the
/// required components, <c>created</c>/<c>expires</c> against the clock with skew, rebuilds the base and verifies.
/// Never throws on message input. Nonce replay is the caller's (shared store): the result carries the nonce.
/// </summary>
internal static class MessageVerifier
{
    public static SignatureVerificationResult Verify(HttpMessageComponents message, SignatureVerificationPolicy policy, Func<string, SignatureKey?> keys, TimeProvider time)
    {
        var inputLines = message.Header(MessageSigner.SignatureInputHeader);
        var signatureLines = message.Header(MessageSigner.SignatureHeader);
        if (inputLines is null || signatureLines is null || inputLines.Count == 0 || signatureLines.Count == 0)
        {
            return SignatureVerificationResult.Fail(SignatureFailure.MissingSignature);
        }

        if (!StructuredFieldParser.TryParseDictionary(string.Join(", ", inputLines), out var inputs)
            || !StructuredFieldParser.TryParseDictionary(string.Join(", ", signatureLines), out var signatures))
        {
            return SignatureVerificationResult.Fail(SignatureFailure.MalformedSignature);
        }

        var labels = inputs.Select(i => i.Key).Where(l => signatures.Any(s => s.Key == l));
        if (policy.Label is not null)
        {
            labels = labels.Where(l => l == policy.Label);
        }

        SignatureVerificationResult? first = null;
        foreach (var label in labels.Take(Math.Max(1, policy.MaxSignatures)))
        {
            var result = VerifyOne(message, policy, keys, time, label, inputs.First(i => i.Key == label).Value, signatures.First(s => s.Key == label).Value);
            if (result.Succeeded)
            {
                return result;
            }

            first ??= result;
        }

        return first ?? SignatureVerificationResult.Fail(SignatureFailure.LabelNotFound, policy.Label);
    }

    private static SignatureVerificationResult VerifyOne(HttpMessageComponents message, SignatureVerificationPolicy policy, Func<string, SignatureKey?> keys, TimeProvider time, string label, StructuredFieldMember input, StructuredFieldMember signatureMember)
    {
        if (!SignatureParameters.TryFrom(input, out var parameters) || signatureMember.Item is not { Kind: StructuredFieldKind.ByteSequence, Bytes: { } signature })
        {
            return SignatureVerificationResult.Fail(SignatureFailure.MalformedSignature, label);
        }

        var covered = parameters!.Components.Select(c => c.Text).ToHashSet(StringComparer.Ordinal);
        if (policy.RequiredComponents.Any(r => !covered.Contains(r)))
        {
            return SignatureVerificationResult.Fail(SignatureFailure.MissingRequiredComponent, label);
        }

        if (parameters.KeyId is not { } keyId || keys(keyId) is not { } key)
        {
            return SignatureVerificationResult.Fail(SignatureFailure.UnknownKey, label);
        }

        if (parameters.Algorithm is { } alg && !string.Equals(alg, key.Algorithm, StringComparison.Ordinal))
        {
            return SignatureVerificationResult.Fail(SignatureFailure.AlgorithmMismatch, label);
        }

        var timeFailure = CheckTime(parameters, policy, time.GetUtcNow().ToUnixTimeSeconds());
        if (timeFailure != SignatureFailure.None)
        {
            return SignatureVerificationResult.Fail(timeFailure, label);
        }

        if (policy.RequireNonce && string.IsNullOrEmpty(parameters.Nonce))
        {
            return SignatureVerificationResult.Fail(SignatureFailure.MissingNonce, label);
        }

        if (!SignatureBase.TryCreate(message, parameters, out var signatureBase, out var baseFailure))
        {
            return SignatureVerificationResult.Fail(baseFailure, label);
        }

        if (!key.Verify(Encoding.ASCII.GetBytes(signatureBase), signature))
        {
            return SignatureVerificationResult.Fail(SignatureFailure.InvalidSignature, label);
        }

        return new SignatureVerificationResult { Failure = SignatureFailure.None, Label = label, Key = key, Parameters = parameters };
    }

    private static SignatureFailure CheckTime(SignatureParameters parameters, SignatureVerificationPolicy policy, long now)
    {
        var skew = (long)policy.ClockSkew.TotalSeconds;
        if (parameters.Created is { } created)
        {
            if (created > now + skew)
            {
                return SignatureFailure.NotYetValid;
            }

            if (policy.MaxAge is { } maxAge && now - created > (long)maxAge.TotalSeconds + skew)
            {
                return SignatureFailure.Expired;
            }
        }
        else if (policy.RequireCreated)
        {
            return SignatureFailure.MissingCreated;
        }

        if (parameters.Expires is { } expires)
        {
            if (parameters.Created is { } c && expires < c)
            {
                return SignatureFailure.MalformedSignature;
            }

            if (now > expires + skew)
            {
                return SignatureFailure.Expired;
            }
        }
        else if (policy.RequireExpires)
        {
            return SignatureFailure.MissingExpires;
        }

        return SignatureFailure.None;
    }
}
