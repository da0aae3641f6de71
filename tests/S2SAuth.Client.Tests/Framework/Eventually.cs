namespace S2SAuth.Client.Tests.Framework;

/// <summary>Polls a condition that depends on real I/O, with a bounded deadline (never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, string what, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
