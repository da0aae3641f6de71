using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using S2SAuth;
using S2SAuth.Authentication;
using S2SAuth.SignedRequests;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers signed requests (RFC 9421) as a service credential, bound from <c>ServiceAuth:SignedRequests</c> (part of <c>AddServiceAuth</c>; inert without keys).</summary>
internal static class SignedRequestRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.AddOptions<SignedRequestOptions>()
            .Configure<IServiceProvider>(static (o, sp) => sp.GetService<IConfiguration>()?.GetSection(SignedRequestOptions.SectionName).Bind(o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignedRequestOptions>, SignedRequestOptionsValidator>());
        services.TryAddSingleton<SignedRequestKeys>();
        services.TryAddSingleton<SignedRequestPolicy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceCredentialReader, SignedRequestReader>());
    }
}
