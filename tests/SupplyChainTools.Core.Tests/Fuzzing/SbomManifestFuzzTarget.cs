using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.Sbom;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.FileSystem;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>
    /// The vendor SPDX manifest reader of Test-SbomManifest, over the fixture product. Oracle: no entry that would
    /// leave the product folder is ever hashed (it can only come back Unreadable).
    /// </summary>
    internal static class SbomManifestFuzzTarget
    {
        public static FuzzTarget Create()
        {
            var product = new TempDirectory();
            string fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "sbom", "product");
            foreach (string file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
            {
                string target = product.Combine(Path.GetRelativePath(fixture, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            string manifest = product.Combine(SbomManifestVerification.DefaultManifest);
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots);
            var seeds = new List<FuzzSeed> { new FuzzSeed("manifest.spdx.json", File.ReadAllBytes(manifest)) };
            FuzzTarget? fuzz = null;
            fuzz = new FuzzTarget(
                "SbomManifest",
                seeds,
                (input, origin) =>
                {
                    File.WriteAllBytes(manifest, input);
                    SbomManifestSummary summary = SbomManifestVerification.Run(product.Path, manifest, verifier, CancellationToken.None);
                    foreach (SbomManifestFileCheck file in summary.Files)
                    {
                        fuzz!.OracleChecks++;
                        if (file.Status != SbomManifestFileStatus.Unreadable && file.Status != SbomManifestFileStatus.Added && ChecksumEntryPath.Check(file.RelativePath) is string refusal)
                        {
                            return "the entry '" + file.RelativePath + "' was checked though " + refusal;
                        }
                    }

                    return null;
                },
                typeof(InvalidDataException))
            {
                Tokens = new[] { "\"fileName\"", "\"./", "../", "/etc/passwd", "\"checksums\"", "\"SHA256\"", "\"SHA1\"", "[", "]", "{", "}", ",", "\\u0000" },
                Cleanup = product.Dispose,
            };
            return fuzz;
        }
    }
}
