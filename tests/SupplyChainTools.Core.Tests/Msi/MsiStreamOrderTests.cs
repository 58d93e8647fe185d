using System.Text;
using SupplyChainTools.Core.Msi;

namespace SupplyChainTools.Core.Tests.Msi
{
    /// <summary>
    /// The decision on digest order, pinned: raw UTF-16LE name bytes compared byte by byte, and a name that is a
    /// prefix of another sorts first. [MS-CFB] 2.6.4 orders the directory tree by length first and then by
    /// upper-cased code point, but the MSI digest does not follow the tree; signtool's MSI SIP, osslsigncode
    /// (dirent_cmp_hash: memcmp over the names with their null terminator) and the older libgsf-based
    /// osslsigncode (msi_cmp: memcmp, then the shorter first) all put the prefix first. A file osslsigncode signs
    /// with such names verifies here (OsslsigncodeDifferentialTests.Installers).
    /// </summary>
    public sealed class MsiStreamOrderTests
    {
        private static int Compare(string left, string right) => MsiStreamOrder.CompareNames(Encoding.Unicode.GetBytes(left), Encoding.Unicode.GetBytes(right));

        [Fact]
        public void PrefixSortsBeforeTheLongerName()
        {
            Assert.True(Compare("Tab", "Table") < 0);
            Assert.True(Compare("Table", "Tab") > 0);
            Assert.Equal(0, Compare("Table", "Table"));
        }

        [Fact]
        public void NamesCompareByRawLittleEndianBytesNotByCodePointOrLength()
        {
            // U+0100 is stored 00 01 and sorts before 'A' (41 00), although its code point is larger.
            Assert.True(Compare("\u0100", "A") < 0);

            // The tree's order would put the shorter "Z" first; the digest's byte order puts "AA" first.
            Assert.True(Compare("AA", "Z") < 0);

            // Case matters (the tree compares upper-cased names; the digest compares bytes).
            Assert.True(Compare("B", "a") < 0);

            // MSI's compressed table names (U+3800..U+4840) order by their low byte first.
            Assert.True(Compare("\u4801", "\u3802") < 0);
        }
    }
}
