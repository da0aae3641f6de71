using System.Text.Json;
using S2SAuth.AspNetCore.Tests.Delegation.Framework;
using S2SAuth.Delegation;

namespace S2SAuth.AspNetCore.Tests.Delegation;

/// <summary>
/// The chain reader on its own, on JSON no token of allowed size can carry: it walks in a loop (10,000 levels, no stack
/// overflow) and stops at the depth limit whatever lies beyond.
/// </summary>
public sealed class ActorChainReaderTests
{
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 20_000 };

    [Fact]
    public void Ten_thousand_levels_are_refused_at_the_limit_without_reading_further()
    {
        using var document = JsonDocument.Parse(Act.Nested(10_000), Deep);

        var result = ActorChain.Read(document.RootElement, maxDepth: 32);

        Assert.Equal(AuthErrorCodes.ActorChainTooDeep, result.ErrorCode);
        Assert.Empty(result.Actors);
    }

    [Fact]
    public void Ten_thousand_levels_are_walked_in_a_loop_when_the_limit_allows_them()
    {
        using var document = JsonDocument.Parse(Act.Nested(10_000), Deep);

        var result = ActorChain.Read(document.RootElement, maxDepth: 10_000);

        Assert.True(result.Succeeded);
        Assert.Equal(10_000, result.Actors.Count);
        Assert.Equal("s0", result.Actors[0]);
        Assert.Equal("s9999", result.Actors[^1]);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void The_limit_counts_actors(int actors, bool accepted)
    {
        using var document = JsonDocument.Parse(Act.Nested(actors));

        var result = ActorChain.Read(document.RootElement, maxDepth: 5);

        Assert.Equal(accepted, result.Succeeded);
        Assert.Equal(accepted ? actors : 0, result.Actors.Count);
    }
}
