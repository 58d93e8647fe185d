using System;
using System.IO;
using System.Linq;
using SupplyChainTools.Core.Advisories.Versions;

namespace SupplyChainTools.Core.Tests.Advisories.Versions
{
    /// <summary>apk versions against apk-tools' own test/version.data (tests/fixtures/versions/apk-version.txt).</summary>
    public sealed class AlpineVersionTests
    {
        [Fact]
        public void ApkToolsTable_EveryValidPairCompares_AsApkSays()
        {
            string[] rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "versions", "apk-version.txt"))
                .Select(line => line.Split('#')[0].Trim()).Where(line => line.Length > 0).ToArray();
            Assert.Equal(729, rows.Length);
            var invalid = new System.Collections.Generic.List<string>();
            foreach (string row in rows)
            {
                string[] parts = row.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                AlpineVersion? a = AlpineVersion.Parse(parts[0]);
                AlpineVersion? b = AlpineVersion.Parse(parts[2]);
                if (a == null || b == null)
                {
                    invalid.Add(a == null ? parts[0] : parts[2]);
                    continue;
                }

                int expected = parts[1] == "<" ? -1 : parts[1] == ">" ? 1 : 0;
                Assert.True(expected == a.CompareTo(b), $"{row}: got {a.CompareTo(b)}");
                Assert.True(-expected == b.CompareTo(a), $"{row} reversed: got {b.CompareTo(a)}");
            }

            Assert.Equal(new[] { "23_foo", "1.0bc" }, invalid);
        }

        [Theory]
        [InlineData("")]
        [InlineData("1.0--r1")]
        [InlineData("1.0_foo")]
        [InlineData("1.0-1")]
        [InlineData("1.0 beta")]
        [InlineData("1.0.9999999999999999999")]
        public void NotApkVersions_AreNotParsed(string text)
        {
            Assert.Null(AlpineVersion.Parse(text));
        }
    }
}
