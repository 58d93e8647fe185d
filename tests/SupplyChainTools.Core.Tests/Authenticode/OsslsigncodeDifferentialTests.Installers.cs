using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChainTools;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Tests.Msi;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>MSI and CAB files: the corpus and files osslsigncode signs here, verified by both engines.</summary>
    public sealed partial class OsslsigncodeDifferentialTests
    {
        [OsslsigncodeFact]
        public void CorpusInstallersAgreeWithOsslsigncode()
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            foreach (object[] row in InstallerCorpusTests.ExpectedVerdicts())
            {
                string file = InstallerCorpusTests.Fixture((string)row[0]);
                AuthenticodeSignature ours = verifier.Verify(file);
                bool theirs = OsslsigncodeVerifiesCorpusFile(file);
                _output.WriteLine(row[0] + ": ours " + ours.Status + ", osslsigncode " + (theirs ? "valid" : "invalid"));
                Assert.True(ours.IsValid == theirs, row[0] + ": this engine says " + ours.Status + " but osslsigncode says " + (theirs ? "valid" : "invalid"));
            }
        }

        [OsslsigncodeFact]
        public void GlueBallMsiIsRefusedWhereOsslsigncodeSucceeds()
        {
            // CVE-2020-1464: 70 KB appended after the compound file's last sector; no signature covers them.
            string glueBall = Path.Combine(_temp.Path, "glueball.msi");
            File.WriteAllBytes(glueBall, File.ReadAllBytes(InstallerCorpusTests.Fixture("signed.msi")).Concat(Enumerable.Range(0, 70 * 1024).Select(i => (byte)(i * 7))).ToArray());

            AuthenticodeSignature ours = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()).Verify(glueBall);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, ours.Status);
            Assert.Contains("71680 bytes follow the last sector", ours.StatusMessage);
            Assert.Contains("GlueBall", ours.StatusMessage);
            Assert.True(OsslsigncodeVerifiesCorpusFile(glueBall), "osslsigncode was expected to accept the GlueBall file (the issue's observation)");
        }

        [OsslsigncodeFact]
        public void CabinetWithDataAfterItsSignatureIsRefusedByBoth()
        {
            string appended = Path.Combine(_temp.Path, "appended.ex_");
            File.WriteAllBytes(appended, File.ReadAllBytes(InstallerCorpusTests.Fixture("signed.ex_")).Concat(new byte[512]).ToArray());
            Assert.Equal(AuthenticodeStatus.UnexpectedData, new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()).Verify(appended).Status);
            Assert.False(OsslsigncodeVerifiesCorpusFile(appended));
        }

        [OsslsigncodeFact]
        public void MsiWithSectorsReorderedOnDiskStaysValid()
        {
            byte[] original = File.ReadAllBytes(InstallerCorpusTests.Fixture("signed.msi"));
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            int swaps = 0;
            foreach ((uint first, uint second) in CompoundFileSectors.SwappablePairs(original))
            {
                byte[] reordered = CompoundFileSectors.Swap(original, first, second);
                Assert.NotEqual(original, reordered);
                string path = Path.Combine(_temp.Path, "reordered-" + first + "-" + second + ".msi");
                File.WriteAllBytes(path, reordered);
                AuthenticodeSignature ours = verifier.Verify(path);
                Assert.True(ours.IsValid, "sectors " + first + " and " + second + " swapped: " + ours.Status + " - " + ours.StatusMessage);

                // osslsigncode 2.9 cannot follow a directory chain through sector 0 ("Get corrupted sector location
                // 0x00000000"), which [MS-CFB] allows; for every other swap it agrees.
                bool sectorZeroInTheDirectory = first == 0 || second == 0;
                Assert.True(OsslsigncodeVerifiesCorpusFile(path) != sectorZeroInTheDirectory, "osslsigncode's verdict on the file with sectors " + first + " and " + second + " swapped changed");
                swaps++;
            }

            Assert.True(swaps >= 3, "only " + swaps + " sector swaps were tried");
        }

        [OsslsigncodeFact]
        public void MsiDigitalSignatureExIsComputedAndCompared()
        {
            using var pki = new TestPki(_temp.Path);
            string unsigned = AuthenticodeTestEnvironment.CopyToTemp(InstallerCorpusTests.Fixture("unsigned.msi"), _temp);
            string signed = Sign(pki.LeafPfx, unsigned, "dse.msi", "sha256", "-add-msi-dse");
            var verifier = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection });
            AuthenticodeSignature ours = verifier.Verify(signed);
            Assert.True(ours.IsValid, ours.StatusMessage);
            Assert.True(OsslsigncodeVerifies(signed, pki.RootPem));

            // A stream's modification time is metadata: only the pre-hash covers it.
            byte[] bytes = File.ReadAllBytes(signed);
            long entry = CompoundFileSectors.DirectoryEntryOffset(bytes, "\u0005SummaryInformation");
            bytes[entry + 108] ^= 0x01;
            string touched = Path.Combine(_temp.Path, "dse-touched.msi");
            File.WriteAllBytes(touched, bytes);
            AuthenticodeSignature changed = verifier.Verify(touched);
            Assert.Equal(AuthenticodeStatus.HashMismatch, changed.Status);
            Assert.Contains(changed.Problems, problem => problem.Contains("MsiDigitalSignatureEx"));
            Assert.False(OsslsigncodeVerifies(touched, pki.RootPem));

            // Without the pre-hash stream the same change goes unnoticed by the digest (as Windows and osslsigncode define it).
            string plain = Sign(pki.LeafPfx, unsigned, "plain.msi", "sha256");
            byte[] plainBytes = File.ReadAllBytes(plain);
            plainBytes[CompoundFileSectors.DirectoryEntryOffset(plainBytes, "\u0005SummaryInformation") + 108] ^= 0x01;
            File.WriteAllBytes(plain, plainBytes);
            Assert.True(verifier.Verify(plain).IsValid);
        }

        [OsslsigncodeFact]
        public void BuiltCompoundFilesSignedByOsslsigncodeVerifyHere()
        {
            // Version 4 sectors, a chained DIFAT, storages, and names where one is a prefix of another or where byte
            // order and code-point order differ: osslsigncode signs them and both engines accept them, so the
            // digest order decision (MsiStreamOrderTests) agrees with the peer's.
            using var pki = new TestPki(_temp.Path);
            var verifier = new AuthenticodeVerifier(new AuthenticodeOptions { CodeSigningRoots = pki.RootCollection, TimestampRoots = pki.RootCollection });
            var cases = new List<(string Name, CompoundFileBuilder Builder)>
            {
                ("prefix-names-v3", Names(new CompoundFileBuilder())),
                ("prefix-names-v4", Names(new CompoundFileBuilder { Version = 4 })),
                ("chained-difat", Names(new CompoundFileBuilder { ExtraFatSectors = 200 })),
            };
            foreach ((string name, CompoundFileBuilder builder) in cases)
            {
                string input = Path.Combine(_temp.Path, name + ".msi");
                File.WriteAllBytes(input, builder.Build());
                foreach (string hash in new[] { "sha256", "sha384" })
                {
                    string signed = Sign(pki.LeafPfx, input, name + "-" + hash + ".msi", hash, "-add-msi-dse");
                    AuthenticodeSignature ours = verifier.Verify(signed);
                    _output.WriteLine(name + " " + hash + ": ours " + ours.Status);
                    Assert.Equal(builder.Version, File.ReadAllBytes(signed)[26]);
                    Assert.True(ours.IsValid, name + " (" + hash + "): " + ours.Status + " - " + ours.StatusMessage);
                    Assert.True(OsslsigncodeVerifies(signed, pki.RootPem), name + ": osslsigncode rejected its own signature");
                }
            }
        }

        private static CompoundFileBuilder Names(CompoundFileBuilder builder) => builder
            .AddStream("Tab", CompoundFileTests.Pattern(70, 1))
            .AddStream("Table", CompoundFileTests.Pattern(5000, 2))
            .AddStream("TableX", CompoundFileTests.Pattern(10, 3))
            .AddStream("A", CompoundFileTests.Pattern(20, 4))
            .AddStream("\u0100", CompoundFileTests.Pattern(30, 5))
            .AddStream("\u4801\u3802", CompoundFileTests.Pattern(40, 6))
            .AddStream("\u3802", CompoundFileTests.Pattern(50, 7))
            .AddStorage("Tables", ("x", CompoundFileTests.Pattern(60, 8)), ("xy", CompoundFileTests.Pattern(4500, 9)));

        /// <summary>osslsigncode verify under the corpus conditions (EXPECTED.tsv).</summary>
        private static bool OsslsigncodeVerifiesCorpusFile(string file)
        {
            (int exitCode, _) = RunOsslsigncode(new[]
            {
                "verify", "-in", file, "-time", "1567296000",
                "-CAfile", AuthenticodeTestEnvironment.PkiFixture("CACert.pem"), "-CRLfile", AuthenticodeTestEnvironment.PkiFixture("CACertCRL.pem"),
                "-TSA-CAfile", AuthenticodeTestEnvironment.PkiFixture("TSACA.pem"), "-TSA-CRLfile", AuthenticodeTestEnvironment.PkiFixture("TSACertCRL.pem"),
            });
            return exitCode == 0;
        }
    }
}
