using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using S2SAuth.AspNetCore.Tests.Framework;
using S2SAuth.Testing;

namespace S2SAuth.AspNetCore.Tests.CertificateRevocation;

/// <summary>
/// The background refresher over real loopback HTTP (Kestrel, and a socket that never answers) and real files: lists
/// loaded and replaced by newer ones, failures keeping the last good list, and checks never waiting on a fetch.
/// </summary>
public sealed class RevocationListRefresherTests : IDisposable
{
    private const int Loaded = 1630;
    private const int FetchFailed = 1631;

    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("Refresh CA");
    private readonly X509Certificate2 _first;
    private readonly X509Certificate2 _second;
    private readonly string _folder = Directory.CreateTempSubdirectory("s2sauth-crl-").FullName;

    public RevocationListRefresherTests()
    {
        _first = _ca.Issue("orders");
        _second = _ca.Issue("billing");
    }

    [Fact]
    public async Task A_list_served_over_HTTP_is_loaded_and_a_newer_one_replaces_it()
    {
        await using var server = await LoopbackServer.StartAsync();
        _ca.Revoke(_first);
        var served = _ca.CreateRevocationList();
        server.Respond = http => http.Response.Body.WriteAsync(Volatile.Read(ref served)).AsTask();
        await using var host = await RefresherHost.StartAsync(o =>
        {
            o.RequireHttpsMetadata = false;
            o.Certificates.RevocationLists.Add(server.BaseUri + "ca.crl?sig=query-secret");
            o.Certificates.RevocationListRefreshInterval = TimeSpan.FromMilliseconds(200);
        });

        await Eventually.TrueAsync(() => Revoked(host, _first), "the served list to be loaded");
        Assert.Null(host.Source.Check(Chain(_second), DateTimeOffset.UtcNow));

        _ca.Revoke(_second);
        Volatile.Write(ref served, _ca.CreateRevocationList());

        await Eventually.TrueAsync(() => Revoked(host, _second), "the newer list to replace the old one");
        Assert.True(Revoked(host, _first));
        var loaded = host.Events(Loaded);
        Assert.Equal(2, loaded.Count);
        Assert.Equal("Refresh CA", loaded[^1].Values["Issuer"]);
        Assert.Equal("2", loaded[^1].Values["EntryCount"]);
        Assert.Equal("0", loaded[^1].Values["SourceIndex"]);
        Assert.DoesNotContain("query-secret", host.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_fetch_is_logged_and_retried()
    {
        await using var server = await LoopbackServer.StartAsync();
        _ca.Revoke(_first);
        var list = _ca.CreateRevocationList();
        var requests = 0;
        server.Respond = http =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            return http.Response.Body.WriteAsync(list).AsTask();
        };
        await using var host = await RefresherHost.StartAsync(o =>
        {
            o.RequireHttpsMetadata = false;
            o.Certificates.RevocationLists.Add(server.BaseUri + "ca.crl");
            o.Certificates.RevocationListRefreshInterval = TimeSpan.FromMilliseconds(200);
        });

        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, host.Source.Check(Chain(_second), DateTimeOffset.UtcNow)?.Code);
        await Eventually.TrueAsync(() => Revoked(host, _first), "the retry to load the list");

        var failure = Assert.Single(host.Events(FetchFailed));
        Assert.Equal("HTTP 503", failure.Values["Reason"]);
        Assert.Null(host.Source.Check(Chain(_second), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task An_endpoint_that_accepts_and_never_answers_holds_up_no_check_and_fails_closed()
    {
        using var silent = new SilentEndpoint();
        _ca.Revoke(_first);
        var file = Path.Combine(_folder, "ca.crl");
        await File.WriteAllBytesAsync(file, _ca.CreateRevocationList());
        await using var host = await RefresherHost.StartAsync(o =>
        {
            o.RequireHttpsMetadata = false;
            o.MetadataTimeout = TimeSpan.FromMilliseconds(500);
            o.Certificates.RevocationLists.Add(file);
            o.Certificates.RevocationLists.Add($"http://127.0.0.1:{silent.Port}/ca.crl");
            o.Certificates.RevocationListRefreshInterval = TimeSpan.FromMilliseconds(200);
        });

        await Eventually.TrueAsync(() => silent.Accepted > 0 && host.Events(Loaded).Count == 1, "the file to load and the fetch to hang on the silent endpoint");

        // Check is synchronous and in memory: it answers while the fetch hangs, and fails closed for the unknown list.
        Assert.Equal(AuthErrorCodes.CertificateRevoked, host.Source.Check(Chain(_first), DateTimeOffset.UtcNow)?.Code);
        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, host.Source.Check(Chain(_second), DateTimeOffset.UtcNow)?.Code);
        var failure = await Eventually.ReturnsAsync(() => Task.FromResult(host.Events(FetchFailed).FirstOrDefault()), f => f is not null, "the fetch to time out");
        Assert.Equal("1", failure!.Values["SourceIndex"]);
        Assert.StartsWith("no answer within", failure.Values["Reason"], StringComparison.Ordinal);
        Assert.Equal(AuthErrorCodes.CertificateRevoked, host.Source.Check(Chain(_first), DateTimeOffset.UtcNow)?.Code);
    }

    [Fact]
    public async Task The_last_good_list_stays_in_force_while_its_endpoint_hangs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ca.Revoke(_first);
        var list = _ca.CreateRevocationList();
        var requests = 0;
        server.Respond = async http =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                await http.Response.Body.WriteAsync(list);
                return;
            }

            await Task.WhenAny(release.Task, Task.Delay(Timeout.Infinite, http.RequestAborted));
        };
        var host = await RefresherHost.StartAsync(o =>
        {
            o.RequireHttpsMetadata = false;
            o.MetadataTimeout = TimeSpan.FromMilliseconds(300);
            o.Certificates.RevocationLists.Add(server.BaseUri + "ca.crl");
            o.Certificates.RevocationListRefreshInterval = TimeSpan.FromMilliseconds(100);
        });
        try
        {
            await Eventually.TrueAsync(() => Revoked(host, _first), "the first list to load");
            var version = host.Source.Version;

            await Eventually.TrueAsync(() => host.Events(FetchFailed).Count >= 2, "later fetches to time out");

            Assert.Equal(version, host.Source.Version);
            Assert.Equal(AuthErrorCodes.CertificateRevoked, host.Source.Check(Chain(_first), DateTimeOffset.UtcNow)?.Code);
            Assert.Null(host.Source.Check(Chain(_second), DateTimeOffset.UtcNow));
        }
        finally
        {
            await host.DisposeAsync();
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task A_file_replaced_on_disk_is_read_again()
    {
        var file = Path.Combine(_folder, "ca.crl");
        _ca.Revoke(_first);
        await File.WriteAllBytesAsync(file, _ca.CreateRevocationList());
        await using var host = await RefresherHost.StartAsync(o =>
        {
            o.Certificates.RevocationLists.Add(file);
            o.Certificates.ReloadInterval = TimeSpan.FromMilliseconds(100);
        });
        await Eventually.TrueAsync(() => Revoked(host, _first), "the file to load");
        Assert.Null(host.Source.Check(Chain(_second), DateTimeOffset.UtcNow));

        _ca.Revoke(_second);
        var replacement = Path.Combine(_folder, "ca.crl.new");
        await File.WriteAllTextAsync(replacement, new string(PemEncoding.Write("X509 CRL", _ca.CreateRevocationList())));
        File.Move(replacement, file, overwrite: true);

        await Eventually.TrueAsync(() => Revoked(host, _second), "the replaced file (PEM now) to be read");
        Assert.True(Revoked(host, _first));
    }

    [Fact]
    public async Task A_list_past_nextUpdate_is_reported_stale_then_refused_beyond_the_allowed_staleness()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var ca = TestCertificateAuthority.Create("Stale CA", time);
        using var leaf = ca.Issue("orders");
        var file = Path.Combine(_folder, "stale.crl");
        await File.WriteAllBytesAsync(file, ca.CreateRevocationList(TimeSpan.FromHours(1)));
        await using var host = await RefresherHost.StartAsync(o =>
        {
            o.Certificates.RevocationLists.Add(file);
            o.Certificates.ReloadInterval = TimeSpan.FromSeconds(10);
            o.Certificates.RevocationListMaxStaleness = TimeSpan.FromHours(1);
        }, time);
        await Eventually.TrueAsync(() => host.Events(Loaded).Count == 1, "the file to load");
        var version = host.Source.Version;

        time.Advance(TimeSpan.FromHours(1));
        await AdvanceUntilAsync(time, () => host.Events(1632).Count == 1, "the list to be reported past nextUpdate");
        Assert.Equal(version, host.Source.Version);
        Assert.Null(host.Source.Check([leaf, ca.Certificate], time.GetUtcNow()));

        time.Advance(TimeSpan.FromHours(1));
        await AdvanceUntilAsync(time, () => host.Events(1633).Count == 1, "the list to be reported too stale");
        Assert.NotEqual(version, host.Source.Version);
        Assert.Equal("Stale CA", host.Events(1633)[0].Values["Issuer"]);
        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, host.Source.Check([leaf, ca.Certificate], time.GetUtcNow())?.Code);
        Assert.Single(host.Events(1632));
    }

    [Fact]
    public async Task A_file_that_is_missing_at_start_is_loaded_when_it_appears()
    {
        var file = Path.Combine(_folder, "later.crl");
        await using var host = await RefresherHost.StartAsync(o =>
        {
            o.Certificates.RevocationLists.Add(file);
            o.Certificates.ReloadInterval = TimeSpan.FromMilliseconds(100);
        });
        await Eventually.TrueAsync(() => host.Events(FetchFailed).Count > 0, "the missing file to be reported");
        Assert.Equal("file not found", host.Events(FetchFailed)[0].Values["Reason"]);
        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, host.Source.Check(Chain(_second), DateTimeOffset.UtcNow)?.Code);

        _ca.Revoke(_first);
        await File.WriteAllBytesAsync(file, _ca.CreateRevocationList());

        await Eventually.TrueAsync(() => Revoked(host, _first), "the file to load once it exists");
        Assert.Null(host.Source.Check(Chain(_second), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task An_oversized_answer_is_refused()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = async http =>
        {
            var chunk = new byte[1024 * 1024];
            chunk[0] = 0x30;
            for (var i = 0; i < 11 && !http.RequestAborted.IsCancellationRequested; i++)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
            }
        };
        await using var host = await RefresherHost.StartAsync(o =>
        {
            o.RequireHttpsMetadata = false;
            o.Certificates.RevocationLists.Add(server.BaseUri + "huge.crl");
        });

        var failure = await Eventually.ReturnsAsync(() => Task.FromResult(host.Events(FetchFailed).FirstOrDefault()), f => f is not null, "the oversized answer to be refused");

        Assert.StartsWith("larger than", failure!.Values["Reason"], StringComparison.Ordinal);
        Assert.Equal(AuthErrorCodes.CertificateRevocationUnavailable, host.Source.Check(Chain(_first), DateTimeOffset.UtcNow)?.Code);
    }

    [Fact]
    public async Task Without_lists_nothing_runs_and_nothing_is_refused()
    {
        await using var host = await RefresherHost.StartAsync(_ => { });

        await Eventually.TrueAsync(() => host.Refresher.ExecuteTask?.IsCompleted == true, "the refresher to have nothing to do");
        Assert.Null(host.Source.Check(Chain(_first), DateTimeOffset.UtcNow));
        Assert.DoesNotContain(host.Logs.Entries, e => e.EventId.Id is >= 1630 and < 1650);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _ca.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Moves the fake clock on a second per poll until <paramref name="condition"/> holds: the refresher's timers fire on their own tasks.</summary>
    private static Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, string what) =>
        Eventually.TrueAsync(() =>
        {
            if (condition())
            {
                return true;
            }

            time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, what);

    private X509Certificate2[] Chain(X509Certificate2 leaf) => [leaf, _ca.Certificate];

    private bool Revoked(RefresherHost host, X509Certificate2 leaf) =>
        host.Source.Check(Chain(leaf), DateTimeOffset.UtcNow)?.Code == AuthErrorCodes.CertificateRevoked;

    /// <summary>A loopback TCP endpoint that accepts connections and never sends a byte.</summary>
    private sealed class SilentEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();
        private int _count;

        public SilentEndpoint()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref _count);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_accepted)
            {
                foreach (var socket in _accepted)
                {
                    socket.Dispose();
                }
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }

                    Interlocked.Increment(ref _count);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }
    }
}
