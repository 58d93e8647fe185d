using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Cab;
using SupplyChainTools.Core.Msi;
using SupplyChainTools.Core.Tests.Authenticode;
using SupplyChainTools.Core.Tests.Msi;

namespace SupplyChainTools.Core.Tests.Fuzzing
{
    /// <summary>The installer formats: the compound file reader with the MSI digest, and the cabinet signature.</summary>
    internal static partial class FuzzTargets
    {
        /// <summary>
        /// The Authenticode verifier on compound files (the reader, the directory tree, the MSI digest). Oracle: a
        /// Valid verdict never leaves bytes past the last sector in use (the GlueBall shape).
        /// </summary>
        private static FuzzTarget Msi()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            var seeds = new List<FuzzSeed>();
            foreach (string name in new[] { "signed.msi", "nested.msi", "ts_cert.msi", "unsigned.msi" })
            {
                byte[] bytes = File.ReadAllBytes(InstallerCorpusTests.Fixture(name));
                seeds.Add(new FuzzSeed(name, bytes, new HotRegion(0, 512)));
            }

            byte[] built = new CompoundFileBuilder { Version = 4 }
                .AddStream("A", CompoundFileTests.Pattern(100, 1))
                .AddStream("B", CompoundFileTests.Pattern(5000, 2))
                .AddStorage("S", ("C", CompoundFileTests.Pattern(10, 3)))
                .Build();
            seeds.Add(new FuzzSeed("built-v4.msi", built, new HotRegion(0, 512)));

            FuzzTarget? target = null;
            target = new FuzzTarget("Msi", seeds, (input, origin) =>
            {
                AuthenticodeSignature result;
                using (var stream = new MemoryStream(input, writable: false))
                {
                    result = verifier.Verify("mutant.msi", stream, default);
                }

                bool compoundFile = CompoundFile.HasSignature(input);
                if (!AuthenticodeStatus.All.Contains(result.Status) || string.IsNullOrEmpty(result.StatusMessage) || (compoundFile && result.FileType != AuthenticodeVerifier.MsiFileType))
                {
                    return "an unknown or inconsistent verdict: " + result.FileType + " " + result.Status + " / " + result.StatusMessage;
                }

                if (!result.IsValid || !compoundFile)
                {
                    return null;
                }

                target!.OracleChecks++;
                using (var stream = new MemoryStream(input, writable: false))
                {
                    long trailing = new MsiSignedContent(CompoundFile.Open(stream, default)).UncoveredTrailingBytes;
                    return trailing != 0 ? "Valid with " + trailing + " bytes past the last sector in use" : null;
                }
            });
            return target;
        }

        /// <summary>
        /// The Authenticode verifier on cabinets. Oracle: a Valid verdict means nothing follows the signature and the
        /// bytes the digest covers are the seed's (same SHA-256 CAB digest).
        /// </summary>
        private static FuzzTarget Cab()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            var seeds = new List<FuzzSeed>();
            var seedDigests = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
            foreach (string name in new[] { "signed.ex_", "nested.ex_", "ts_cert.ex_", "unsigned.ex_" })
            {
                byte[] bytes = File.ReadAllBytes(InstallerCorpusTests.Fixture(name));
                seeds.Add(new FuzzSeed(name, bytes, new HotRegion(0, Math.Min(200, bytes.Length))));
                seedDigests[name] = SignedCabinetDigest(bytes);
            }

            FuzzTarget? target = null;
            target = new FuzzTarget("Cab", seeds, (input, origin) =>
            {
                AuthenticodeSignature result;
                using (var stream = new MemoryStream(input, writable: false))
                {
                    result = verifier.Verify("mutant.cab", stream, default);
                }

                if (!AuthenticodeStatus.All.Contains(result.Status) || string.IsNullOrEmpty(result.StatusMessage))
                {
                    return "an unknown or inconsistent verdict: " + result.Status + " / " + result.StatusMessage;
                }

                if (!result.IsValid)
                {
                    return null;
                }

                target!.OracleChecks++;
                byte[]? digest = SignedCabinetDigest(input);
                return digest == null || seedDigests[origin.Name] == null || !digest.SequenceEqual(seedDigests[origin.Name]!)
                    ? "Valid although the covered bytes differ from the seed's or data follows the signature"
                    : null;
            });
            return target;
        }

        /// <summary>The SHA-256 CAB digest of a signed cabinet whose signature ends the file; null otherwise.</summary>
        private static byte[]? SignedCabinetDigest(byte[] bytes)
        {
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                try
                {
                    CabinetSignature? signature = CabinetSignature.Read(stream, default, out _);
                    return signature == null || signature.TrailingBytes != 0 ? null : CabinetDigest.Compute(stream, signature.SignatureOffset, HashAlgorithmName.SHA256, default);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }
    }
}
