using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.Scripts;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Baselines;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>
    /// One fuzz target per parser, each with real seeds (the repository's fixtures and files made here), the
    /// exceptions its callers are documented to catch, and the oracles no input may break.
    /// </summary>
    internal static partial class FuzzTargets
    {
        public static readonly string[] Names = { "Pe", "Cms", "ScriptSignature", "Catalog", "ChecksumManifest", "Baseline", "CertificateBundle", "Crl", "Msi", "Cab", "OsvRecord", "IndicatorFile", "Versions", "Zip", "Appx", "NuGetPackage", "DependencyFiles", "PackageManagerFiles", "DetachedSignature", "ClearSigned", "TrustedKey", "InventoryEvidence", "SbomManifest", "KnownBadAction" };

        public static FuzzTarget Create(string name) => name switch
        {
            "Pe" => Pe(),
            "Cms" => Cms(),
            "ScriptSignature" => ScriptSignature(),
            "Catalog" => Catalog(),
            "ChecksumManifest" => ChecksumManifest(),
            "Baseline" => Baseline(),
            "CertificateBundle" => CertificateBundle(),
            "Crl" => Crl(),
            "Msi" => Msi(),
            "Cab" => Cab(),
            "OsvRecord" => AdvisoryFuzzTargets.OsvRecord(),
            "IndicatorFile" => AdvisoryFuzzTargets.IndicatorFile(),
            "KnownBadAction" => AdvisoryFuzzTargets.KnownBadAction(),
            "Versions" => AdvisoryFuzzTargets.Versions(),
            "Zip" => Zip(),
            "Appx" => Appx(),
            "NuGetPackage" => NuGetPackage(),
            "DependencyFiles" => DependencyFiles(),
            "PackageManagerFiles" => DependencyFuzzTargets.PackageManagerFiles(),
            "DetachedSignature" => DetachedSignature(),
            "ClearSigned" => ClearSigned(),
            "TrustedKey" => TrustedKey(),
            "InventoryEvidence" => InventoryFuzzTarget.Create(),
            "SbomManifest" => SbomManifestFuzzTarget.Create(),
            _ => throw new ArgumentException("No fuzz target '" + name + "'.", nameof(name)),
        };

        private static string Fixture(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory, "fixtures" }.Concat(parts).ToArray());

        /// <summary>
        /// The Authenticode verifier on PE files. Oracle: when bytes inside any section's raw data differ from a seed
        /// that verifies, the verdict is never Valid (whatever else the mutation did).
        /// </summary>
        private static FuzzTarget Pe()
        {
            var microsoft = new AuthenticodeVerifier(AuthenticodeTestEnvironment.MicrosoftRoots);
            var osslsigncode = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            var verifiers = new Dictionary<string, AuthenticodeVerifier>(StringComparer.Ordinal);
            var layouts = new Dictionary<string, PeLayout>(StringComparer.Ordinal);
            var seeds = new List<FuzzSeed>();
            void Add(string path, AuthenticodeVerifier verifier)
            {
                byte[] bytes = File.ReadAllBytes(path);
                var layout = new PeLayout(bytes);
                using (var stream = new MemoryStream(bytes, writable: false))
                {
                    layout.SeedIsValid = verifier.Verify("seed.dll", stream, default).IsValid;
                }

                string name = Path.GetFileName(path);
                seeds.Add(new FuzzSeed(name, bytes, layout.Hot));
                verifiers[name] = verifier;
                layouts[name] = layout;
            }

            Add(Path.Combine(AuthenticodeTestEnvironment.RuntimeFolder, "System.Runtime.dll"), microsoft);
            foreach (string fixture in new[] { "nested.exe", "ts_cert.exe", "signed.exe", "unsigned.exe" })
            {
                Add(AuthenticodeTestEnvironment.PeFixture(fixture), osslsigncode);
            }

            if (!layouts.Values.Any(layout => layout.SeedIsValid))
            {
                throw new InvalidOperationException("No PE seed verifies, so the section oracle would never apply.");
            }

            FuzzTarget? target = null;
            target = new FuzzTarget("Pe", seeds, (input, origin) =>
            {
                AuthenticodeSignature result;
                using (var stream = new MemoryStream(input, writable: false))
                {
                    result = verifiers[origin.Name].Verify("mutant.dll", stream, default);
                }

                if (!AuthenticodeStatus.All.Contains(result.Status) || string.IsNullOrEmpty(result.StatusMessage) || result.IsValid != (result.Status == AuthenticodeStatus.Valid))
                {
                    return "an unknown or inconsistent verdict: " + result.Status + " / " + result.StatusMessage;
                }

                PeLayout layout = layouts[origin.Name];
                int? changed = layout.SeedIsValid ? layout.FirstChangedSectionByte(input) : null;
                target!.OracleChecks += changed.HasValue ? 1 : 0;
                return changed.HasValue && result.IsValid ? "bytes inside a section's raw data changed (offset " + changed + ") yet the verdict is Valid" : null;
            });
            return target;
        }

        /// <summary>The CMS SignedData decoder, then the signer verifier on every signer it decodes.</summary>
        private static FuzzTarget Cms()
        {
            var seeds = new List<FuzzSeed>();
            foreach (string fixture in new[] { "signed.exe", "nested.exe", "ts_cert.exe" })
            {
                seeds.Add(Der("pe/" + fixture, PeTestFile.Load(AuthenticodeTestEnvironment.PeFixture(fixture)).Pkcs7));
            }

            seeds.Add(Der("System.Runtime.dll", PeTestFile.Load(Path.Combine(AuthenticodeTestEnvironment.RuntimeFolder, "System.Runtime.dll")).Pkcs7));
            seeds.Add(Der("catalogs/signed.cat", File.ReadAllBytes(Fixture("authenticode", "catalogs", "signed.cat"))));
            var certificates = new CertificateCache();
            return new FuzzTarget(
                "Cms",
                seeds,
                (input, origin) =>
                {
                    CmsSignedData signedData = CmsSignedData.Decode(input);
                    foreach (CmsSignerInfo signer in signedData.Signers)
                    {
                        try
                        {
                            CmsSignerVerifier.Verify(signedData, signer, certificates);
                        }
                        catch (Exception exception) when (!(exception is CryptographicException))
                        {
                            return "the signer verifier threw " + exception.GetType().FullName + ": " + exception.Message + "\n" + exception.StackTrace;
                        }
                    }

                    return null;
                },
                typeof(AsnContentException),
                typeof(FormatException),
                typeof(CryptographicException));
        }

        private static FuzzTarget ScriptSignature()
        {
            string[] names = { "signed.ps1", "signed.psc1", "signed.mof", "signed.psd1", "signed_utf16.ps1", "signed_utf8bom.ps1", "signed_lf.ps1", "nested.ps1", "authenticode-timestamp.ps1", "unsigned.ps1" };
            var seeds = names.Select(name =>
            {
                byte[] bytes = File.ReadAllBytes(Fixture("authenticode", "scripts", name));
                int block = IndexOf(bytes, "SIG # Begin") ?? IndexOf(bytes, "S\0I\0G\0 \0#\0 \0B\0e\0g\0i\0n\0") ?? 0;
                return new FuzzSeed(name, bytes, new HotRegion(Math.Max(0, block - 64), bytes.Length - block + 64));
            }).ToList();
            return new FuzzTarget("ScriptSignature", seeds, (input, origin) =>
            {
                ScriptSignatureParseResult result = ScriptSignatureParser.Parse(origin.Name, input);
                return result.HasSignatureBlock && result.FormatStatus == null && result.Pkcs7 == null ? "a well-formed signature block without its PKCS#7" : null;
            })
            {
                Tokens = new[] { "# SIG # Begin signature block", "# SIG # End signature block", "\r\n# ", "\n# ", "\r\n", "\n", "\r", "<!-- SIG # Begin signature block -->", "/* SIG # Begin signature block */", "\uFEFF", "==", "#" },
            };
        }

        private static FuzzTarget Catalog()
        {
            var seeds = new List<FuzzSeed>();
            foreach (string name in new[] { "signed.cat", "nested.cat", "ts_cert.cat", "unsigned.cat" })
            {
                seeds.Add(Der(name, File.ReadAllBytes(Fixture("authenticode", "catalogs", name))));
            }

            seeds.Add(Der("Contoso.cat", File.ReadAllBytes(Fixture("catalogs", "Contoso", "Contoso.cat"))));
            return new FuzzTarget("Catalog", seeds, (input, origin) =>
            {
                CatalogParseResult result = CatalogFile.TryParse(input);
                return !result.Success && result.Problems.Count == 0 ? "a failed parse that names no problem" : null;
            });
        }

        /// <summary>The streaming checksum-manifest reader. Oracles: lines in order, and no entry that leaves the folder.</summary>
        private static FuzzTarget ChecksumManifest()
        {
            var seeds = new List<FuzzSeed>();
            foreach (string name in new[] { "SHA256SUMS", "SHA256SUMS.bsd", "SHA256SUMS.crlf", "SHA256SUMS.hostile", "tool-1.0.zip.sha256" })
            {
                seeds.Add(new FuzzSeed(name, File.ReadAllBytes(Fixture("checksums", name))));
            }

            const string Hash = "38461a617820f05ec9b76f676dbef07c8c43a107f225061c4d9f61eb5422221c";
            seeds.Add(new FuzzSeed("MD5SUMS", Encoding.UTF8.GetBytes("\uFEFF# made by the fuzz harness\r\n\\" + Hash.Substring(0, 32) + "  a\\\\b\\nc\nMD5 (x y) = " + Hash.Substring(0, 32) + "\n\n" + Hash.Substring(0, 32) + " *bin/z\n")));
            FuzzTarget? target = null;
            target = new FuzzTarget(
                "ChecksumManifest",
                seeds,
                (input, origin) =>
                {
                    using var reader = new ChecksumManifestReader(origin.Name, new MemoryStream(input, writable: false));
                    int previous = 0;
                    int lines = input.Count(b => b == (byte)'\n') + 1;
                    while (reader.TryReadLine(out ChecksumManifestLine? line))
                    {
                        if (line!.LineNumber <= previous || line.LineNumber > lines)
                        {
                            return "line " + line.LineNumber + " came after line " + previous + " (of " + lines + ")";
                        }

                        previous = line.LineNumber;
                        target!.OracleChecks += line.Entry != null ? 1 : 0;
                        if (line.Entry != null && ChecksumEntryPath.Check(line.Entry.RelativePath) is string refusal)
                        {
                            return "the entry '" + line.Entry.RelativePath + "' was accepted though " + refusal;
                        }
                    }

                    return null;
                },
                typeof(ChecksumManifestException))
            {
                Tokens = new[] { "\n", "\r\n", "  ", " *", "\\", "../", "/", "C:", "SHA256 (", ") = ", "MD5 (", "# ", "\0", "\\n" },
            };
            return target;
        }

        private static FuzzTarget Baseline()
        {
            var folder = new TempDirectory();
            var seeds = new List<FuzzSeed>();
            var entries = new List<BaselineEntry>
            {
                BaselineTestData.File("a.dll", "a", signer: BaselineTestData.Signed(), version: "1.2.3.4"),
                BaselineTestData.File("odd \"quoted\" \u00e9", "odd"),
                new BaselineEntry(0, "link", BaselineEntryType.SymbolicLink) { LinkTarget = "../elsewhere", Size = 12, Mode = 0x1FF },
                BaselineTestData.Directory("sub"),
                BaselineTestData.File("sub/inner.txt", "inner", mode: 0x1ED, signer: BaselineTestData.Unsigned()),
            };
            entries.Sort(BaselineOrder.Instance);
            string first = folder.Combine("seed1.scbl");
            BaselineTestData.Write(first, BaselineTestData.Header("/opt/app", "/opt/other"), entries);
            string second = folder.Combine("seed2.scbl");
            BaselineTestData.Write(second, BaselineTestData.Header(), entries.Take(2));
            seeds.Add(new FuzzSeed("seed1.scbl", File.ReadAllBytes(first)));
            seeds.Add(new FuzzSeed("seed2.scbl", File.ReadAllBytes(second)));
            string input = folder.Combine("input.scbl");
            return new FuzzTarget(
                "Baseline",
                seeds,
                (bytes, origin) =>
                {
                    File.WriteAllBytes(input, bytes);
                    using BaselineReader reader = BaselineReader.Open(input);
                    long count = reader.ReadEntries().LongCount();
                    return count != reader.EntryCount ? "read " + count + " entries but counted " + reader.EntryCount : null;
                },
                typeof(BaselineFormatException))
            {
                Tokens = new[] { "\n", "{", "}", "\"", "\\u0000", "\\ud800", ":", ",", "null", "-1", "1e999", "{\"trailer\":true,\"entries\":0,\"sha256\":\"\"}\n" },
                Cleanup = folder.Dispose,
            };
        }

        private static FuzzTarget CertificateBundle()
        {
            var folder = new TempDirectory();
            byte[] ca = File.ReadAllBytes(AuthenticodeTestEnvironment.PkiFixture("CACert.pem"));
            byte[] intermediate = File.ReadAllBytes(AuthenticodeTestEnvironment.PkiFixture("intermediateCA.pem"));
            var seeds = new List<FuzzSeed>
            {
                new FuzzSeed("CACert.pem", ca),
                new FuzzSeed("TSACA.pem", File.ReadAllBytes(AuthenticodeTestEnvironment.PkiFixture("TSACA.pem"))),
                new FuzzSeed("bundle.pem", Encoding.ASCII.GetBytes("# two roots\n").Concat(ca).Concat(intermediate).ToArray()),
                Der("contoso-root.cer", File.ReadAllBytes(Fixture("catalogs", "contoso-root.cer"))),
            };
            string input = folder.Combine("input.pem");
            return new FuzzTarget(
                "CertificateBundle",
                seeds,
                (bytes, origin) =>
                {
                    File.WriteAllBytes(input, bytes);
                    return TrustedRootStore.LoadPemBundle(input).Count == 0 ? "an empty bundle was accepted" : null;
                },
                typeof(CryptographicException),
                typeof(FormatException),
                typeof(InvalidDataException))
            {
                Tokens = new[] { "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----", "\n", "\r\n", "=", "====", " ", "\t" },
                Cleanup = folder.Dispose,
            };
        }

        /// <summary>The CRL reader (PEM or DER), then the signature check against the CA that issued the seeds.</summary>
        private static FuzzTarget Crl()
        {
            var folder = new TempDirectory();
            X509Certificate2 osslCa = TrustedRootStore.LoadPemBundle(AuthenticodeTestEnvironment.PkiFixture("CACert.pem"))[0];
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest("CN=Fuzz CRL issuer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.KeyCertSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            X509Certificate2 madeCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var builder = new CertificateRevocationListBuilder();
            builder.AddEntry(new byte[] { 0x01, 0x02 }, DateTimeOffset.UtcNow.AddHours(-2));
            builder.AddEntry(new byte[] { 0x00, 0x99 }, DateTimeOffset.UtcNow.AddHours(-1), X509RevocationReason.KeyCompromise);
            builder.AddEntry(new byte[] { 0x7F }, new DateTimeOffset(2049, 12, 31, 0, 0, 0, TimeSpan.Zero));
            byte[] made = builder.Build(madeCa, BigInteger.One, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var seeds = new List<FuzzSeed>
            {
                Der("CACertCRL.der", File.ReadAllBytes(AuthenticodeTestEnvironment.PkiFixture("CACertCRL.der"))),
                new FuzzSeed("CACertCRL.pem", File.ReadAllBytes(AuthenticodeTestEnvironment.PkiFixture("CACertCRL.pem"))),
                new FuzzSeed("TSACertCRL.pem", File.ReadAllBytes(AuthenticodeTestEnvironment.PkiFixture("TSACertCRL.pem"))),
                Der("made.crl", made),
            };
            string input = folder.Combine("input.crl");
            return new FuzzTarget(
                "Crl",
                seeds,
                (bytes, origin) =>
                {
                    File.WriteAllBytes(input, bytes);
                    foreach (CertificateRevocationList crl in CertificateRevocationList.Load(input))
                    {
                        crl.IsIssuedBy(osslCa);
                        crl.IsIssuedBy(madeCa);
                        crl.FindRevocation(madeCa, madeCa);
                    }

                    return null;
                },
                typeof(InvalidDataException))
            {
                Tokens = new[] { "-----BEGIN X509 CRL-----", "-----END X509 CRL-----", "\n", "=" },
                Cleanup = () =>
                {
                    madeCa.Dispose();
                    folder.Dispose();
                },
            };
        }

        /// <summary>A DER seed whose first 96 bytes (outer tags and lengths) are favoured.</summary>
        private static FuzzSeed Der(string name, byte[] bytes) => new FuzzSeed(name, bytes, new HotRegion(0, Math.Min(96, bytes.Length)));

        private static int? IndexOf(byte[] bytes, string ascii)
        {
            byte[] pattern = Encoding.ASCII.GetBytes(ascii);
            int index = bytes.AsSpan().IndexOf(pattern);
            return index < 0 ? null : index;
        }

        /// <summary>Where a seed PE's headers, sections and certificate table lie, read with the platform's own PE reader.</summary>
        private sealed class PeLayout
        {
            private readonly byte[] _seed;
            private readonly List<(int Start, int End)> _sections = new List<(int, int)>();

            public PeLayout(byte[] seed)
            {
                _seed = seed;
                using var stream = new MemoryStream(seed, writable: false);
                var headers = new PEHeaders(stream);
                int tableStart = headers.PEHeader!.CertificateTableDirectory.RelativeVirtualAddress;
                int tableEnd = tableStart + headers.PEHeader.CertificateTableDirectory.Size;
                foreach (SectionHeader section in headers.SectionHeaders)
                {
                    int start = section.PointerToRawData;
                    int end = Math.Min(seed.Length, start + section.SizeOfRawData);
                    if (tableEnd > tableStart && start < tableEnd && end > tableStart)
                    {
                        end = Math.Min(end, tableStart); // the table is not hashed, even where a section claims it
                    }

                    if (end > start)
                    {
                        _sections.Add((start, end));
                    }
                }

                int headersEnd = headers.PEHeader.SizeOfHeaders;
                var hot = new List<HotRegion> { new HotRegion(0, Math.Min(headersEnd, seed.Length)) };
                if (tableEnd > tableStart)
                {
                    hot.Add(new HotRegion(tableStart, Math.Min(tableEnd, seed.Length) - tableStart));
                }

                Hot = hot.ToArray();
            }

            public HotRegion[] Hot { get; }

            public bool SeedIsValid { get; set; }

            /// <summary>The first offset inside a section's raw data where the input differs from the seed (or is cut off), or null.</summary>
            public int? FirstChangedSectionByte(byte[] input)
            {
                foreach ((int start, int end) in _sections)
                {
                    if (input.Length < end)
                    {
                        return Math.Min(input.Length, end - 1);
                    }

                    int mismatch = input.AsSpan(start, end - start).CommonPrefixLength(_seed.AsSpan(start, end - start));
                    if (mismatch < end - start)
                    {
                        return start + mismatch;
                    }
                }

                return null;
            }
        }
    }
}
