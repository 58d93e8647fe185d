using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Packages;
using SupplyChainTools.Core.Tests.Authenticode;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>The fuzz targets of the zip-based formats: the zip range reader, APPX/MSIX packages and NuGet package signatures.</summary>
    internal static partial class FuzzTargets
    {
        /// <summary>A zip seed whose end records and central directory (its last bytes) are favoured.</summary>
        private static FuzzSeed ZipSeed(string name, byte[] bytes)
        {
            int tail = Math.Min(bytes.Length, 2048);
            return new FuzzSeed(name, bytes, new HotRegion(bytes.Length - tail, tail));
        }

        private static IEnumerable<FuzzSeed> ZipSeeds() => new[]
        {
            ZipSeed("signed.256appx", File.ReadAllBytes(Fixture("authenticode", "appx", "signed.256appx"))),
            ZipSeed("xunit.2.9.3.nupkg", File.ReadAllBytes(Fixture("packages", "xunit.2.9.3.nupkg"))),
            ZipSeed("tool-1.0.zip", File.ReadAllBytes(Fixture("checksums", "tool-1.0.zip"))),
        };

        /// <summary>The zip range reader. Oracle: every entry's local header and data lie before the central directory, which lies before the end record.</summary>
        private static FuzzTarget Zip()
        {
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "Zip",
                ZipSeeds().ToList(),
                (input, origin) =>
                {
                    using var stream = new MemoryStream(input, writable: false);
                    ZipArchiveLayout layout = ZipArchiveReader.Read(stream, default);
                    if (layout.CentralDirectoryOffset + layout.CentralDirectorySize > layout.EndOfCentralDirectoryOffset)
                    {
                        return "the central directory overlaps the end record";
                    }

                    foreach (ZipEntryRecord entry in layout.Entries.Take(64))
                    {
                        ZipArchiveReader.ReadLocalHeader(stream, layout, entry);
                        target!.OracleChecks++;
                        if (entry.LocalHeaderOffset < 0 || entry.EntryEndOffset > layout.CentralDirectoryOffset)
                        {
                            return "the entry '" + entry.Name + "' lies outside the file data";
                        }

                        ZipArchiveReader.ReadEntry(stream, entry, 1 << 20, default);
                    }

                    return null;
                },
                typeof(ZipFormatException));
            return target;
        }

        /// <summary>APPX/MSIX through the Authenticode verifier. Oracle: a consistent verdict, never Valid for a changed package (no seed is Valid: the corpus publisher differs from its signer).</summary>
        private static FuzzTarget Appx()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            var seeds = new List<FuzzSeed>
            {
                ZipSeed("signed.256appx", File.ReadAllBytes(Fixture("authenticode", "appx", "signed.256appx"))),
                ZipSeed("nested.512appx", File.ReadAllBytes(Fixture("authenticode", "appx", "nested.512appx"))),
                ZipSeed("unsigned.256appx", File.ReadAllBytes(AuthenticodeTestEnvironment.PeFixture("unsigned.256appx"))),
            };
            FuzzTarget? target = null;
            target = new FuzzTarget("Appx", seeds, (input, origin) =>
            {
                AuthenticodeSignature result;
                using (var stream = new MemoryStream(input, writable: false))
                {
                    result = verifier.Verify("mutant.appx", stream, default);
                }

                if (!AuthenticodeStatus.All.Contains(result.Status) || string.IsNullOrEmpty(result.StatusMessage) || result.IsValid != (result.Status == AuthenticodeStatus.Valid))
                {
                    return "an unknown or inconsistent verdict: " + result.Status + " / " + result.StatusMessage;
                }

                target!.OracleChecks++;
                return result.IsValid ? "a mutant of a package that is not valid is Valid" : null;
            });
            return target;
        }

        /// <summary>NuGet package signatures. Oracle: a byte changed outside the signature entry (its local header, data and central record, which the package hash leaves out) is never Valid.</summary>
        private static FuzzTarget NuGetPackage()
        {
            var verifier = new PackageSignatureVerifier(new PackageSignatureOptions { Trust = AuthenticodeTestEnvironment.MicrosoftRoots });
            var signatureRanges = new Dictionary<string, (long Start, long End, long CentralStart, long CentralEnd)>(StringComparer.Ordinal);
            var seeds = new List<FuzzSeed>();
            foreach (string name in new[] { "xunit.2.9.3.nupkg", "microsoft.netframework.referenceassemblies.1.0.3.nupkg" })
            {
                byte[] bytes = File.ReadAllBytes(Fixture("packages", name));
                using var stream = new MemoryStream(bytes, writable: false);
                ZipArchiveLayout layout = ZipArchiveReader.Read(stream, default);
                ZipEntryRecord signature = layout.Find(".signature.p7s")!;
                ZipArchiveReader.ReadLocalHeader(stream, layout, signature);
                signatureRanges[name] = (signature.LocalHeaderOffset, signature.EntryEndOffset, signature.CentralRecordOffset, signature.CentralRecordOffset + signature.CentralRecordLength);
                seeds.Add(ZipSeed(name, bytes));
            }

            FuzzTarget? target = null;
            target = new FuzzTarget("NuGetPackage", seeds, (input, origin) =>
            {
                PackageSignature result;
                using (var stream = new MemoryStream(input, writable: false))
                {
                    result = verifier.Verify("mutant.nupkg", stream, default);
                }

                if (!AuthenticodeStatus.All.Contains(result.Status) || string.IsNullOrEmpty(result.StatusMessage) || (result.NuGetCode == null) != result.IsValid)
                {
                    return "an unknown or inconsistent verdict: " + result.Status + " " + result.NuGetCode + " / " + result.StatusMessage;
                }

                (long start, long end, long centralStart, long centralEnd) = signatureRanges[origin.Name];
                int? changed = FirstDifferenceOutside(origin.Bytes, input, (start, end), (centralStart, centralEnd));
                target!.OracleChecks += changed.HasValue ? 1 : 0;
                return changed.HasValue && result.IsValid ? "the package changed at offset " + changed + ", outside its signature, yet the verdict is Valid" : null;
            });
            return target;
        }

        private static int? FirstDifferenceOutside(byte[] seed, byte[] mutant, params (long Start, long End)[] excluded)
        {
            if (seed.Length != mutant.Length)
            {
                return Math.Min(seed.Length, mutant.Length);
            }

            for (int index = 0; index < seed.Length; index++)
            {
                if (seed[index] != mutant[index] && !excluded.Any(range => index >= range.Start && index < range.End))
                {
                    return index;
                }
            }

            return null;
        }
    }
}
