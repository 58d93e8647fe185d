using System;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Sbom;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Sbom
{
    /// <summary>A product folder against its SPDX manifest (the signed-catalog cases are in Pester, where the tests sign one).</summary>
    public sealed class SbomManifestVerificationTests : IDisposable
    {
        private readonly TempDirectory product = new TempDirectory();

        public SbomManifestVerificationTests()
        {
            string fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "sbom", "product");
            foreach (string file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
            {
                string target = product.Combine(Path.GetRelativePath(fixture, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public void Dispose() => product.Dispose();

        private SbomManifestSummary Run() => SbomManifestVerification.Run(
            product.Path, product.Combine(SbomManifestVerification.DefaultManifest), new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots), CancellationToken.None);

        [Fact]
        public void AnIntactProductMatchesButWithoutItsCatalogIsNotProven()
        {
            SbomManifestSummary summary = Run();
            Assert.Equal(4, summary.MatchCount);
            Assert.Equal(4, summary.Files.Count);
            Assert.Equal(AuthenticodeStatus.NotSigned, summary.ManifestStatus);
            Assert.False(summary.IsValid);
        }

        [Fact]
        public void ReportsChangedMissingAndAddedFiles()
        {
            File.AppendAllText(product.Combine("bin", "contoso.dll"), "x");
            File.Delete(product.Combine("README.txt"));
            File.WriteAllText(product.Combine("new.txt"), "new");
            SbomManifestSummary summary = Run();
            Assert.Equal(new[] { "Added new.txt", "Changed bin/contoso.dll", "Missing README.txt" },
                summary.Files.Where(f => f.Status != SbomManifestFileStatus.Match).Select(f => f.Status + " " + f.RelativePath).OrderBy(s => s, StringComparer.Ordinal));
        }

        [Fact]
        public void RefusesEntriesThatLeaveTheFolderAndMalformedManifests()
        {
            string manifest = product.Combine(SbomManifestVerification.DefaultManifest);
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("./README.txt", "../outside.txt"));
            SbomManifestFileCheck refused = Assert.Single(Run().Files, f => f.Status == SbomManifestFileStatus.Unreadable);
            Assert.Equal("../outside.txt", refused.RelativePath);
            File.WriteAllText(manifest, "{\"files\":[{\"fileName\":\"./a\"}]}");
            Assert.Throws<InvalidDataException>(() => Run());
            File.WriteAllBytes(manifest, new byte[] { 0x7B, 0xFF, 0x7D });
            Assert.Throws<InvalidDataException>(() => Run());
        }
    }
}
