using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SupplyChainTools.Core.Authenticode;

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
    }
}
