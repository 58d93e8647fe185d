using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Advisories.Versions;

namespace SupplyChainTools.Core.Tests.Advisories.Versions
{
    /// <summary>Skips, with the reason shown by the runner, when dpkg is not installed.</summary>
    public sealed class DpkgFactAttribute : FactAttribute
    {
        internal const string DpkgPath = "/usr/bin/dpkg";

        public DpkgFactAttribute()
        {
            if (!File.Exists(DpkgPath))
            {
                Skip = "dpkg is not installed: it is the independent second opinion on Debian version order.";
            }
        }
    }

    /// <summary>deb-version against dpkg's own test table (tests/fixtures/versions/dpkg-version.txt) and, where installed, dpkg itself.</summary>
    public sealed class DebianVersionTests
    {
        [Fact]
        public void DpkgTable_EveryPairCompares_AsDpkgSays()
        {
            string[] rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "versions", "dpkg-version.txt"))
                .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal)).ToArray();
            Assert.Equal(43, rows.Length);
            foreach (string row in rows)
            {
                string[] parts = row.Split(' ');
                DebianVersion a = DebianVersion.Parse(parts[0]) ?? throw new Xunit.Sdk.XunitException($"'{parts[0]}' did not parse");
                DebianVersion b = DebianVersion.Parse(parts[1]) ?? throw new Xunit.Sdk.XunitException($"'{parts[1]}' did not parse");
                int expected = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(expected == a.CompareTo(b), $"{row}: got {a.CompareTo(b)}");
                Assert.True(-expected == b.CompareTo(a), $"{row} reversed: got {b.CompareTo(a)}");
            }
        }

        [Theory]
        [InlineData("-0.6.5")] // the table's row with an empty upstream version
        [InlineData("")]
        [InlineData("a1.0")]
        [InlineData("x:1.0")]
        [InlineData("1.0 beta")]
        [InlineData("1.0_1")]
        public void NotDebianVersions_AreNotParsed(string text)
        {
            Assert.Null(DebianVersion.Parse(text));
        }

        [Fact]
        public void XzBackdoorVersions_SortAroundTheirReallyReplacement()
        {
            DebianVersion stable = DebianVersion.Parse("5.4.1-0.2")!;
            DebianVersion backdoored = DebianVersion.Parse("5.6.1-1")!;
            DebianVersion replacement = DebianVersion.Parse("5.6.1+really5.4.5-1")!;
            Assert.True(stable.CompareTo(backdoored) < 0);
            Assert.True(backdoored.CompareTo(replacement) < 0);
        }

        /// <summary>Extra pairs asked of dpkg itself; skipped where dpkg is not installed.</summary>
        [DpkgFact]
        public void ExtraPairs_AgreeWithDpkgCompareVersions()
        {
            string dpkg = DpkgFactAttribute.DpkgPath;
            string[] versions = { "1:1.2.3-1", "1.2.3-1~bpo11+1", "1.2.3-1+deb12u1", "1.2.3", "1.2.3~rc1", "1.2.3-10", "1.2.3-9", "2.0~~", "2.0~", "2.0", "2.0+dfsg", "2.0a", "2.0.0", "5.6.1+really5.4.5-1", "5.6.1-1", "10", "9.99" };
            foreach (string a in versions)
            {
                foreach (string b in versions)
                {
                    bool less = DpkgSays(dpkg, a, "lt", b);
                    Assert.True(less == DebianVersion.Parse(a)!.CompareTo(DebianVersion.Parse(b)) < 0, $"{a} lt {b}: dpkg says {less}");
                }
            }
        }

        private static bool DpkgSays(string dpkg, string a, string op, string b)
        {
            var start = new ProcessStartInfo(dpkg) { UseShellExecute = false, RedirectStandardError = true };
            foreach (string argument in new[] { "--compare-versions", a, op, b })
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
    }
}
