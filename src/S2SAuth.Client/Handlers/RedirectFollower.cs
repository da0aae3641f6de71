using System.Net;
using Microsoft.Extensions.Logging;
using S2SAuth.Client.Logging;

namespace S2SAuth.Client.Handlers;

/// <summary>
/// Follows redirects as <see cref="HttpClientHandler"/> would (same status codes, method changes, no HTTPS→HTTP
/// downgrade, credentials dropped), but only to allowed hosts: a redirect elsewhere fails instead of being sent,
/// and every hop goes back through the per-attempt handler, which attaches the token only after its own host check.
/// </summary>
internal sealed class RedirectFollower
{
    private readonly ClientCallPolicy _policy;
    private readonly ILogger _logger;

    public RedirectFollower(ClientCallPolicy policy, ILogger logger)
    {
        _policy = policy;
        _logger = logger;
    }

    /// <summary>
    /// Follows up to <paramref name="maxRedirects"/> redirects of <paramref name="response"/>, sending each hop through
    /// <paramref name="sendNext"/> (the rest of the handler chain); returns the first answer that is not followed.
    /// </summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpRequestMessage request, HttpResponseMessage response, int maxRedirects,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> sendNext, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < maxRedirects; hops++)
        {
            var status = response.StatusCode;
            if (!IsRedirect(status) || response.Headers.Location is not { } location || request.RequestUri is not { } current)
            {
                return response;
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current, location);
            if ((target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
                || (current.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp))
            {
                return response;
            }

            if (!_policy.IsAllowed(target))
            {
                response.Dispose();
                throw _policy.Refuse(request, OutgoingCallRefusalReason.RedirectToDisallowedHost, target);
            }

            var correlationId = ClientCallPolicy.CorrelationIdOf(request);
            Log.RedirectFollowed(_logger, _policy.ClientName, (int)status, target.Authority, correlationId);
            response.Dispose();
            request.RequestUri = target;
            request.Headers.Authorization = null;
            if (ChangesToGet(status, request.Method))
            {
                request.Method = HttpMethod.Get;
                request.Content = null;
            }

            response = await sendNext(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MultipleChoices or HttpStatusCode.Moved
        or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool ChangesToGet(HttpStatusCode status, HttpMethod method) => status switch
    {
        HttpStatusCode.Moved or HttpStatusCode.Found or HttpStatusCode.MultipleChoices => method == HttpMethod.Post,
        HttpStatusCode.SeeOther => method != HttpMethod.Get && method != HttpMethod.Head,
        _ => false,
    };
}
