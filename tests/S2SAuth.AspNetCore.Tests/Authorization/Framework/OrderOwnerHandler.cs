using Microsoft.AspNetCore.Authorization;

namespace S2SAuth.AspNetCore.Tests.Authorization.Framework;

/// <summary>An ASP.NET Core resource handler: only the order's owner may act on it.</summary>
public sealed class OrderOwnerHandler : AuthorizationHandler<ObjectAccessRequirement, Order>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ObjectAccessRequirement requirement, Order resource)
    {
        if (requirement.ServiceAuth.User?.UserId == resource.OwnerId && requirement.Activity == "order.confirm")
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
