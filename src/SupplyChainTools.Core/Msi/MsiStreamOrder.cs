using System.Collections.Generic;

namespace SupplyChainTools.Core.Msi
{
    /// <summary>
    /// The order in which the MSI Authenticode digest visits the children of a storage. [MS-CFB] orders a
    /// storage's red-black tree by name length first, but the digest does not follow the tree: the signing tools
    /// (signtool via the MSI SIP, osslsigncode, the older libgsf-based osslsigncode) sort the children by the raw
    /// UTF-16LE bytes of their names, compared byte by byte (so U+0100, stored 00 01, sorts before U+0041, stored
    /// 41 00). When one name is a prefix of the other, every peer puts the shorter name first (osslsigncode
    /// compares the names with their terminating null, which is smaller than any stored code unit), so this is
    /// a plain lexicographic comparison of the name bytes.
    /// </summary>
    internal sealed class MsiStreamOrder : IComparer<CompoundFileEntry>
    {
        public static readonly MsiStreamOrder Instance = new MsiStreamOrder();

        public static int CompareNames(byte[] left, byte[] right)
        {
            int common = left.Length < right.Length ? left.Length : right.Length;
            for (int i = 0; i < common; i++)
            {
                if (left[i] != right[i])
                {
                    return left[i] < right[i] ? -1 : 1;
                }
            }

            return left.Length.CompareTo(right.Length);
        }

        public int Compare(CompoundFileEntry? x, CompoundFileEntry? y) => CompareNames(x!.NameBytes, y!.NameBytes);
    }
}
