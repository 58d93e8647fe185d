using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Tests.Msi;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// The MSI and CAB samples of the shared corpus (copied into tests/fixtures/authenticode/installers, see
    /// ORIGIN-installers.md) against every MSI/CAB verdict in its EXPECTED.tsv, under the conditions listed there,
    /// and against osslsigncode run on the same files where it is installed.
    /// </summary>
    public sealed class InstallerCorpusTests
    {
        public static TheoryData<string, string> ExpectedVerdicts() => new TheoryData<string, string>
        {
            { "signed.msi", AuthenticodeStatus.Valid },
            { "nested.msi", AuthenticodeStatus.Valid },
            { "removed.msi", AuthenticodeStatus.NotSigned },
            { "revoked.msi", AuthenticodeStatus.Revoked },
            { "ts_cert.msi", AuthenticodeStatus.Valid },
            { "ts_expired.msi", AuthenticodeStatus.Expired },
            { "ts_revoked.msi", AuthenticodeStatus.Revoked },
            { "unsigned.msi", AuthenticodeStatus.NotSigned },
            { "signed.ex_", AuthenticodeStatus.Valid },
            { "nested.ex_", AuthenticodeStatus.Valid },
            { "removed.ex_", AuthenticodeStatus.NotSigned },
            { "revoked.ex_", AuthenticodeStatus.Revoked },
            { "ts_cert.ex_", AuthenticodeStatus.Valid },
            { "ts_expired.ex_", AuthenticodeStatus.Expired },
            { "ts_revoked.ex_", AuthenticodeStatus.Revoked },
            { "unsigned.ex_", AuthenticodeStatus.NotSigned },
        };

        public static string Fixture(string name) => Path.Combine(AuthenticodeTestEnvironment.FixturesFolder, "installers", name);

        [Theory]
        [MemberData(nameof(ExpectedVerdicts))]
        public void OsslsigncodeSetMatchesExpectedAtTheCorpusTime(string file, string expected)
        {
            var verifier = new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions());
            AuthenticodeSignature result = verifier.Verify(Fixture(file));
            Assert.True(expected == result.Status, file + ": expected " + expected + ", got " + result.Status + " - " + result.StatusMessage + " | " + string.Join(" | ", result.Problems));
            Assert.Equal(file.EndsWith(".msi", StringComparison.Ordinal) ? "MSI" : "CAB", result.FileType);
        }

        private static AuthenticodeSignature VerifyBytes(byte[] bytes)
        {
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                return new AuthenticodeVerifier(AuthenticodeTestEnvironment.OsslsigncodeOptions()).Verify("test.msi", stream, default);
            }
        }

        [Fact]
        public void GlueBallDataDisguisedAsOneMoreFatSectorIsUnexpectedData()
        {
            // The appended sector is listed as a second FAT sector (header and FAT are not signed), so it is "reached";
            // its payload then describes sectors past the end of the file, which [MS-CFB] requires to be FREESECT.
            byte[] signed = File.ReadAllBytes(Fixture("signed.msi"));
            uint newSector = (uint)((signed.Length / 512) - 1);
            byte[] bytes = signed.Concat(Enumerable.Range(0, 512).Select(i => (byte)(i * 13))).ToArray();
            BitConverter.GetBytes(2u).CopyTo(bytes, 44);
            BitConverter.GetBytes(newSector).CopyTo(bytes, 76 + 4);
            uint firstFat = BitConverter.ToUInt32(bytes, 76);
            BitConverter.GetBytes(0xFFFFFFFDu).CopyTo(bytes, (int)((firstFat + 1) * 512) + (4 * (int)newSector));

            AuthenticodeSignature result = VerifyBytes(bytes);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, result.Status);
            Assert.Contains("FAT entries describe sectors that nothing in the file uses", result.StatusMessage);
        }

        [Fact]
        public void DataInFreeOrOrphanDirectoryEntriesIsUnexpectedData()
        {
            byte[] signed = File.ReadAllBytes(Fixture("signed.msi"));
            long free = CompoundFileSectors.DirectoryEntries(signed).First(entry => signed[entry + 66] == 0);

            byte[] dirty = (byte[])signed.Clone();
            dirty[free + 10] = 0x41;
            AuthenticodeSignature dirtyResult = VerifyBytes(dirty);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, dirtyResult.Status);
            Assert.Contains("free directory entries hold data", dirtyResult.StatusMessage);

            byte[] orphan = (byte[])signed.Clone();
            orphan[free + 66] = 2;
            AuthenticodeSignature orphanResult = VerifyBytes(orphan);
            Assert.Equal(AuthenticodeStatus.UnexpectedData, orphanResult.Status);
            Assert.Contains("not in the directory tree", orphanResult.StatusMessage);
        }
    }
}
