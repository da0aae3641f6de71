using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using S2SAuth.ForwardedCertificates;

namespace S2SAuth.AspNetCore.Tests.ForwardedCertificates;

/// <summary>RFC 9440's Client-Cert and Client-Cert-Chain: the RFC's own example, and strict refusals.</summary>
public sealed class ClientCertHeaderParserTests
{
    [Fact]
    public void RFC_9440_example_Client_Cert_is_the_DER_of_its_certificate()
    {
        var der = ClientCertHeaderParser.ParseCertificate(Rfc9440Example.ClientCert, out var error);

        Assert.Null(error);
        Assert.Equal(Rfc9440Example.ClientCertSha256, Convert.ToHexStringLower(SHA256.HashData(der!)));
        using var certificate = X509CertificateLoader.LoadCertificate(der!);
        Assert.Equal("CN=BC", certificate.Subject);
    }

    [Fact]
    public void RFC_9440_example_chain_is_two_certificates_in_order()
    {
        var chain = ClientCertHeaderParser.ParseChain([Rfc9440Example.ClientCertChain], out var error);

        Assert.Null(error);
        Assert.Equal(2, chain!.Count);
        using var intermediate = X509CertificateLoader.LoadCertificate(chain[0]);
        using var root = X509CertificateLoader.LoadCertificate(chain[1]);
        Assert.Contains("LA Intermediate CA", intermediate.Subject, StringComparison.Ordinal);
        Assert.Contains("Let's Authenticate Root Authority", root.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_split_over_field_lines_is_the_same_list()
    {
        var chain = ClientCertHeaderParser.ParseChain([Rfc9440Example.Intermediate, Rfc9440Example.Root], out _);

        Assert.Equal(2, chain!.Count);
    }

    [Fact]
    public void Missing_base64_padding_is_accepted_as_RFC_8941_says()
    {
        var unpadded = Rfc9440Example.ClientCert.Replace("=:", ":", StringComparison.Ordinal);

        Assert.NotNull(ClientCertHeaderParser.ParseCertificate(unpadded, out _));
    }

    [Theory]
    [InlineData("MIIBqDCCAU6gAwIBAgIBBzAK")] // no colons
    [InlineData(":MIIBqDCCAU6gAwIBAgIBBzAK")] // unterminated
    [InlineData("::")] // empty
    [InlineData(":MIIB qDCC:")] // a space inside
    [InlineData(":MIIB-qDCC_:")] // base64url is not base64
    [InlineData(":MIIBqDCCAU6gAwIBAgIBBzAK:;a=1")] // parameters
    [InlineData(":MIIBqDCCAU6gAwIBAgIBBzAK:, :MIIBqDCCAU6gAwIBAgIBBzAK:")] // a list
    [InlineData("\"MIIBqDCCAU6gAwIBAgIBBzAK\"")] // a string
    [InlineData("-----BEGIN CERTIFICATE-----")] // PEM
    [InlineData(":MIIBq:")] // impossible base64 length
    public void Anything_but_one_byte_sequence_is_malformed(string value)
    {
        Assert.Null(ClientCertHeaderParser.ParseCertificate(value, out var error));
        Assert.Contains("Client-Cert", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_Client_Cert_is_refused()
    {
        var value = ":" + new string('A', ClientCertHeaderParser.MaxCertificateLength) + ":";

        Assert.Null(ClientCertHeaderParser.ParseCertificate(value, out var error));
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Rfc9440Example.Intermediate + ",")] // trailing comma
    [InlineData(Rfc9440Example.Intermediate + " " + Rfc9440Example.Root)] // no comma
    [InlineData(Rfc9440Example.Intermediate + ";a=1")] // parameters
    [InlineData("(" + Rfc9440Example.Intermediate + ")")] // an inner list
    public void A_chain_that_is_not_a_list_of_byte_sequences_is_malformed(string value)
    {
        Assert.Null(ClientCertHeaderParser.ParseChain([value], out var error));
        Assert.Contains("Client-Cert-Chain", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_past_the_certificate_cap_or_the_length_cap_is_refused()
    {
        var tooMany = string.Join(", ", Enumerable.Repeat(Rfc9440Example.Intermediate, ClientCertHeaderParser.MaxChainCertificates + 1));
        Assert.Null(ClientCertHeaderParser.ParseChain([tooMany], out var error));
        Assert.Contains("more than 8 certificates", error, StringComparison.Ordinal);

        var half = ":" + new string('A', ClientCertHeaderParser.MaxChainLength / 2) + ":";
        Assert.Null(ClientCertHeaderParser.ParseChain([half, half], out error)); // the cap is over all field lines
        Assert.Contains("longer than", error, StringComparison.Ordinal);
        Assert.Null(ClientCertHeaderParser.ParseChain([half + half], out error));
        Assert.Contains("longer than", error, StringComparison.Ordinal);
    }
}
