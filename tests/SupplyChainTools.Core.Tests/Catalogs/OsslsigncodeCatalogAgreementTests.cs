using System;
using System.Diagnostics;
using System.IO;
using SupplyChainTools.Core.Catalogs;

namespace SupplyChainTools.Core.Tests.Catalogs
{
    /// <summary>Skips, with the reason shown by the runner, when osslsigncode is not installed.</summary>
    public sealed class OsslsigncodeTheoryAttribute : TheoryAttribute
    {
        internal const string OsslsigncodePath = "/usr/bin/osslsigncode";

        public OsslsigncodeTheoryAttribute()
        {
            if (!File.Exists(OsslsigncodePath))
            {
                Skip = "osslsigncode is not installed (Debian package 'osslsigncode'): it is the independent second opinion for catalog membership.";
            }
        }
    }

    /// <summary>Catalog membership agrees with osslsigncode 2.9 ("File is signed in catalog").</summary>
    public sealed class OsslsigncodeCatalogAgreementTests
    {
        private static bool OsslsigncodeFindsMember(string catalogPath, string memberPath)
        {
            var start = new ProcessStartInfo(OsslsigncodeTheoryAttribute.OsslsigncodePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "verify", "-catalog", catalogPath, "-in", memberPath })
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(30_000), "osslsigncode did not finish");
            return (stdout + stderr.Result).Contains("File is signed in catalog", StringComparison.Ordinal);
        }

        [OsslsigncodeTheory]
        [InlineData("unsigned.exe", false)]
        [InlineData("unsigned.ex_", false)]
        [InlineData("unsigned.msi", false)]
        [InlineData("unsigned.ps1", false)]
        [InlineData("unsigned.psc1", false)]
        [InlineData("unsigned.mof", false)]
        [InlineData("unsigned.exe", true)]
        [InlineData("unsigned.ex_", true)]
        [InlineData("unsigned.ps1", true)]
        public void MembershipAgreesWithOsslsigncode(string memberName, bool modify)
        {
            string catalogPath = Path.Combine(CatalogFileTests.CatalogsDirectory, "signed.cat");
            byte[] member = CatalogFileTests.ReadCatalogFixture(memberName);
            if (modify)
            {
                member[member.Length / 2] ^= 0x20;
            }

            string memberPath = Path.Combine(Path.GetTempPath(), "sct-" + Guid.NewGuid().ToString("N") + Path.GetExtension(memberName));
            File.WriteAllBytes(memberPath, member);
            try
            {
                bool ours = CatalogFile.TryParseFile(catalogPath).Catalog!.FindMemberForFile(member) is not null;
                bool theirs = OsslsigncodeFindsMember(catalogPath, memberPath);

                Assert.Equal(theirs, ours);
                Assert.Equal(!modify, ours);
            }
            finally
            {
                File.Delete(memberPath);
            }
        }
    }
}
