using Orders.Downstream;
using S2SAuth;
using S2SAuth.Client;

namespace Orders.Ordering;

/// <summary>
/// <c>POST /orders/{id}:confirm</c>. By the time it runs S2SAuth has verified the user, the permission, the tenant
/// and the object rule; this code only does the business: price at Pricing, invoice at Billing.
/// </summary>
public static class ConfirmOrder
{
    public static async Task<IResult> HandleAsync(string id, UserIdentity user, OrderBook orders, PricingClient pricing, BillingClient billing,
        CorrelationContext correlation, CancellationToken cancellationToken)
    {
        var order = orders.Find(id)!; // the object rule admitted only an existing order of the caller's tenant
        var downstream = "pricing";
        try
        {
            var price = await pricing.ResolveAsync(order, cancellationToken);
            downstream = "billing";
            var invoice = await billing.CreateInvoiceAsync(order, price, cancellationToken);
            return Results.Ok(new OrderConfirmation(order.Id, order.TenantId, user.UserId, price.Total, price.Currency, invoice.InvoiceId));
        }
        catch (DownstreamRefusedException refused)
        {
            return Problem(StatusCodes.Status502BadGateway, "downstream_refused", $"{refused.Service} refused the call.", correlation,
                refused.Service, refused.Status, refused.Code);
        }
        catch (OutgoingCallRefusedException refused) when (refused.Reason == OutgoingCallRefusalReason.UserTokenExchangeNotNarrower)
        {
            // The user does not hold what the downstream needs: Orders does not even ask the issuer for it.
            return Problem(StatusCodes.Status403Forbidden, "delegation_not_narrower", $"The user may not be represented at {downstream}.", correlation,
                downstream, null, null);
        }
        catch (OutgoingCallRefusedException refused) when (refused.Reason == OutgoingCallRefusalReason.UserTokenExchangeFailed)
        {
            // No exchanged token (the issuer refused or is down): nothing was sent, and the user's own token is never sent instead.
            return Problem(StatusCodes.Status503ServiceUnavailable, "user_token_exchange_failed", $"No token for the user at {downstream}.", correlation,
                downstream, null, null);
        }
        catch (ServiceTokenUnavailableException unavailable)
        {
            // Orders could not get its own token (issuer down, account disabled): nothing was sent, never without a token.
            return Problem(StatusCodes.Status503ServiceUnavailable, "service_token_unavailable", $"No service token to call {downstream}.", correlation,
                downstream, null, unavailable.Error);
        }
    }

    private static IResult Problem(int status, string code, string title, CorrelationContext correlation, string downstream, int? downstreamStatus, string? downstreamCode) =>
        Results.Problem(statusCode: status, title: title, type: "urn:orders:error:" + code, extensions: new Dictionary<string, object?>
        {
            ["code"] = code,
            ["downstream"] = downstream,
            ["downstreamStatus"] = downstreamStatus,
            ["downstreamCode"] = downstreamCode,
            ["correlationId"] = correlation.CorrelationId,
        });
}
