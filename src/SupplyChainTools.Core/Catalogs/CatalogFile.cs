using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>
    /// A security catalog (.cat): a PKCS#7 SignedData whose content is a Certificate Trust List (szOID_CTL) listing
    /// member file hashes. Parsing reads a fixed structure with AsnReader (no recursion on input depth) and bounds
    /// every count; it never throws on malformed input.
    /// </summary>
    public sealed partial class CatalogFile
    {
        public const string CatalogListUsageOid = "1.3.6.1.4.1.311.12.1.1";
        public const string CatalogMemberListSha1Oid = "1.3.6.1.4.1.311.12.1.2";
        public const string CatalogMemberListSha256Oid = "1.3.6.1.4.1.311.12.1.3";
        public const string NameValueOid = "1.3.6.1.4.1.311.12.2.1";
        public const string MemberInfoOid = "1.3.6.1.4.1.311.12.2.2";
        public const string MemberInfo2Oid = "1.3.6.1.4.1.311.12.2.3";

        /// <summary>Largest catalog accepted (256 MiB; Windows' largest system catalogs are tens of MiB).</summary>
        public const long MaximumFileSize = 256L * 1024 * 1024;

        public const int MaximumMembers = 2_000_000;
        public const int MaximumAttributesPerMember = 256;
        public const int MaximumValuesPerAttribute = 64;
        public const int MaximumCatalogAttributes = 4096;

        private readonly byte[] pkcs7;
        private readonly Lazy<Dictionary<string, CatalogMember>> membersByDigestHex;

        private CatalogFile(
            byte[] pkcs7,
            int signerCount,
            IReadOnlyList<string> subjectUsages,
            string? listIdentifierHex,
            DateTime? thisUpdateUtc,
            DateTime? nextUpdateUtc,
            string memberListAlgorithmOid,
            IReadOnlyList<CatalogMember> members,
            IReadOnlyList<CatalogNameValue> catalogAttributes)
        {
            this.pkcs7 = pkcs7;
            SignerCount = signerCount;
            SubjectUsages = subjectUsages;
            ListIdentifierHex = listIdentifierHex;
            ThisUpdateUtc = thisUpdateUtc;
            NextUpdateUtc = nextUpdateUtc;
            MemberListAlgorithmOid = memberListAlgorithmOid;
            Members = members;
            CatalogAttributes = catalogAttributes;
            membersByDigestHex = new Lazy<Dictionary<string, CatalogMember>>(IndexMembers);
        }

        /// <summary>Number of SignerInfos (0 for an unsigned catalog).</summary>
        public int SignerCount { get; }

        /// <summary>CTL subject usages; a catalog has 1.3.6.1.4.1.311.12.1.1.</summary>
        public IReadOnlyList<string> SubjectUsages { get; }

        public string? ListIdentifierHex { get; }

        public DateTime? ThisUpdateUtc { get; }

        public DateTime? NextUpdateUtc { get; }

        /// <summary>The CTL subject algorithm: 1.3.6.1.4.1.311.12.1.2 (SHA1 members) or .12.1.3 (SHA256 members).</summary>
        public string MemberListAlgorithmOid { get; }

        public IReadOnlyList<CatalogMember> Members { get; }

        /// <summary>Catalog-wide name values from the CTL extensions (for example OSAttr).</summary>
        public IReadOnlyList<CatalogNameValue> CatalogAttributes { get; }

        /// <summary>The catalog's SignedData (the file itself, without any trailing bytes) for the CMS verifier. A copy.</summary>
        public byte[] GetPkcs7() => (byte[])pkcs7.Clone();

        /// <summary>The first member whose digest is <paramref name="digest"/> (see <see cref="CatalogMember.Matches"/>), or null.</summary>
        public CatalogMember? FindMember(byte[] digest)
        {
            if (digest is null || digest.Length == 0)
            {
                return null;
            }

            return membersByDigestHex.Value.TryGetValue(HexConverter.ToUpperHex(digest), out CatalogMember? member) ? member : null;
        }

        /// <summary>
        /// Hashes <paramref name="fileBytes"/> the catalog way (<see cref="CatalogMemberHasher"/>) with every
        /// algorithm the catalog's members use, strongest first, and returns the member that lists it, or null.
        /// </summary>
        public CatalogMember? FindMemberForFile(byte[] fileBytes)
        {
            if (fileBytes is null)
            {
                throw new ArgumentNullException(nameof(fileBytes));
            }

            foreach (HashAlgorithmName algorithm in MemberAlgorithms())
            {
                CatalogMember? member = FindMember(CatalogMemberHasher.ComputeHash(fileBytes, algorithm));
                if (member is not null)
                {
                    return member;
                }
            }

            return null;
        }

        /// <summary>
        /// Upper-case hex of each member's digest (the SpcIndirectDataContent digest; without one, the raw identifier
        /// and the identifier's hex text) to the first member that lists it: system catalogs hold 100k+ members.
        /// </summary>
        private Dictionary<string, CatalogMember> IndexMembers()
        {
            var index = new Dictionary<string, CatalogMember>(StringComparer.Ordinal);
            foreach (CatalogMember member in Members)
            {
                if (member.DigestHex is not null)
                {
                    AddFirst(index, member.DigestHex, member);
                    continue;
                }

                AddFirst(index, member.IdentifierHex, member);
                if (member.IdentifierText is not null)
                {
                    AddFirst(index, member.IdentifierText.ToUpperInvariant(), member);
                }
            }

            return index;
        }

        private static void AddFirst(Dictionary<string, CatalogMember> index, string key, CatalogMember member)
        {
            if (!index.ContainsKey(key))
            {
                index.Add(key, member);
            }
        }

        /// <summary>The digest algorithms the members use, strongest first.</summary>
        internal List<HashAlgorithmName> MemberAlgorithms()
        {
            var algorithms = new List<HashAlgorithmName>();
            foreach (CatalogMember member in Members)
            {
                if (TryGetMemberAlgorithm(member, out HashAlgorithmName algorithm) && !algorithms.Contains(algorithm))
                {
                    algorithms.Add(algorithm);
                }
            }

            // Strongest first, so a file listed under both SHA256 and SHA1 resolves to its SHA256 entry.
            algorithms.Sort((left, right) => Strength(right).CompareTo(Strength(left)));
            return algorithms;
        }

        /// <summary>
        /// The algorithm of one member's digest: its SpcIndirectDataContent's, or for SHA1-era entries without one,
        /// the algorithm whose digest length the identifier has (20 bytes SHA1, 32 bytes SHA256).
        /// </summary>
        internal static bool TryGetMemberAlgorithm(CatalogMember member, out HashAlgorithmName algorithm)
        {
            if (member.DigestAlgorithmOid is not null)
            {
                return DigestAlgorithms.TryFromOid(member.DigestAlgorithmOid, out algorithm);
            }

            int length = member.IdentifierText is not null ? member.IdentifierText.Length / 2 : member.IdentifierHex.Length / 2;
            if (length == 20)
            {
                algorithm = HashAlgorithmName.SHA1;
                return true;
            }

            if (length == 32)
            {
                algorithm = HashAlgorithmName.SHA256;
                return true;
            }

            algorithm = default;
            return false;
        }

        private static int Strength(HashAlgorithmName algorithm) =>
            algorithm == HashAlgorithmName.SHA512 ? 5 :
            algorithm == HashAlgorithmName.SHA384 ? 4 :
            algorithm == HashAlgorithmName.SHA256 ? 3 :
            algorithm == HashAlgorithmName.SHA1 ? 2 : 1;
    }
}
