namespace S2SAuth.Idempotency;

/// <summary>Endpoint metadata: the endpoint's request delegate is wrapped by <see cref="IdempotencyFilter"/>.</summary>
internal sealed class IdempotentEndpoint
{
    public static readonly IdempotentEndpoint Instance = new();

    private IdempotentEndpoint()
    {
    }
}
