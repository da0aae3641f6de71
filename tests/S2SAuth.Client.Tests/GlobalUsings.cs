global using Microsoft.Extensions.DependencyInjection;
global using S2SAuth.Client.Tests.Framework;
