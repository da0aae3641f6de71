namespace Billing.Reconciliation;

/// <summary>Pricing answered something else than a price: its status and S2SAuth error code (or none).</summary>
public sealed class PricingRefusedException : Exception
{
    public PricingRefusedException()
    {
    }

    public PricingRefusedException(string message)
        : base(message)
    {
    }

    public PricingRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PricingRefusedException(int status, string? code)
        : base($"Pricing answered {status} {code ?? "(no code)"}.")
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string? Code { get; }
}
