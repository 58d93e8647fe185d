using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>
    /// A security catalog (.cat): a PKCS#7 SignedData whose content is a Certificate Trust List (szOID_CTL) listing
    /// member file hashes. Parsing reads a fixed structure with AsnReader (no recursion on input depth) and bounds
    /// every count; it never throws on malformed input.
    /// </summary>
    public sealed class CatalogFile
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

        /// <summary>Reads and parses a catalog file, refusing files over <see cref="MaximumFileSize"/> without reading them.
        /// I/O errors (missing file, access denied) propagate; malformed content comes back as problems.</summary>
        public static CatalogParseResult TryParseFile(string path)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            long length = new System.IO.FileInfo(path).Length;
            if (length > MaximumFileSize)
            {
                return new CatalogParseResult(
                    null,
                    new[] { "The catalog is " + length + " bytes, larger than the " + MaximumFileSize + "-byte limit." },
                    AuthenticodeStatus.Malformed);
            }

            return TryParse(FileSystem.InputFileOpener.ReadAllBytes(path, FileSystem.InputKind.Catalog));
        }

        /// <summary>Parses a catalog. Never throws for malformed content: failures come back as problems.</summary>
        public static CatalogParseResult TryParse(byte[] fileBytes)
        {
            if (fileBytes is null)
            {
                throw new ArgumentNullException(nameof(fileBytes));
            }

            var problems = new List<string>();
            if (fileBytes.LongLength > MaximumFileSize)
            {
                problems.Add("The catalog is " + fileBytes.LongLength + " bytes, larger than the " + MaximumFileSize + "-byte limit.");
                return new CatalogParseResult(null, problems, AuthenticodeStatus.Malformed);
            }

            try
            {
                return Parse(fileBytes, problems);
            }
            catch (Exception e) when (e is AsnContentException || e is CryptographicException || e is ArgumentException || e is OverflowException)
            {
                problems.Add("The catalog is not valid DER/BER: " + Trust.DecodeFailure.Describe(e));
                return new CatalogParseResult(null, problems, AuthenticodeStatus.Malformed);
            }
        }

        private static CatalogParseResult Parse(byte[] fileBytes, List<string> problems)
        {
            var outer = new AsnReader(fileBytes, AsnEncodingRules.BER);
            byte[] pkcs7 = outer.ReadEncodedValue().ToArray();
            string? formatStatus = null;
            if (outer.HasData)
            {
                problems.Add((fileBytes.Length - pkcs7.Length) + " bytes follow the catalog's SignedData.");
                formatStatus = AuthenticodeStatus.UnexpectedData;
            }

            if (!CmsSignedData.TryReadEncapsulatedContent(pkcs7, out string contentType, out byte[] content, out int signerCount, out string? problem))
            {
                problems.Add(problem ?? "The catalog is not a PKCS#7 SignedData.");
                return new CatalogParseResult(null, problems, AuthenticodeStatus.Malformed);
            }

            if (contentType != PkcsOids.CertificateTrustList)
            {
                problems.Add("The SignedData's content type is " + contentType + ", not a certificate trust list (" + PkcsOids.CertificateTrustList + "): this is not a catalog.");
                return new CatalogParseResult(null, problems, AuthenticodeStatus.Malformed);
            }

            var ctl = new AsnReader(content, AsnEncodingRules.BER).ReadSequence();
            if (ctl.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                ctl.ReadInteger(); // version
            }

            var subjectUsages = new List<string>();
            AsnReader usageReader = ctl.ReadSequence();
            while (usageReader.HasData)
            {
                if (subjectUsages.Count >= MaximumValuesPerAttribute)
                {
                    throw new AsnContentException("Too many subject usages.");
                }

                subjectUsages.Add(usageReader.ReadObjectIdentifier());
            }

            if (!subjectUsages.Contains(CatalogListUsageOid))
            {
                problems.Add("The trust list's subject usage does not include the catalog list usage (" + CatalogListUsageOid + ").");
                return new CatalogParseResult(null, problems, AuthenticodeStatus.Malformed);
            }

            string? listIdentifierHex = null;
            if (ctl.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
            {
                listIdentifierHex = HexConverter.ToUpperHex(ctl.ReadOctetString());
            }

            if (ctl.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                ctl.ReadInteger(); // sequenceNumber
            }

            DateTime? thisUpdate = ReadTime(ctl);
            if (thisUpdate is null)
            {
                problems.Add("The trust list has no thisUpdate time.");
                return new CatalogParseResult(null, problems, AuthenticodeStatus.Malformed);
            }

            DateTime? nextUpdate = ctl.HasData ? ReadTime(ctl) : null;
            AsnReader algorithm = ctl.ReadSequence();
            string memberListAlgorithm = algorithm.ReadObjectIdentifier();

            var members = new List<CatalogMember>();
            var catalogAttributes = new List<CatalogNameValue>();
            var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            while (ctl.HasData)
            {
                Asn1Tag tag = ctl.PeekTag();
                if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    AsnReader subjects = ctl.ReadSequence();
                    while (subjects.HasData)
                    {
                        if (members.Count >= MaximumMembers)
                        {
                            throw new AsnContentException("The catalog lists more than " + MaximumMembers + " members.");
                        }

                        members.Add(ReadMember(subjects.ReadSequence()));
                    }
                }
                else if (tag.HasSameClassAndValue(extensionsTag))
                {
                    ReadCatalogExtensions(ctl.ReadSequence(extensionsTag).ReadSequence(), catalogAttributes);
                }
                else
                {
                    throw new AsnContentException("Unexpected element " + tag + " in the trust list.");
                }
            }

            var catalog = new CatalogFile(
                pkcs7, signerCount, subjectUsages, listIdentifierHex, thisUpdate, nextUpdate, memberListAlgorithm, members, catalogAttributes);
            return new CatalogParseResult(catalog, problems, formatStatus);
        }

        private static CatalogMember ReadMember(AsnReader subject)
        {
            byte[] identifier = subject.ReadOctetString();
            SpcIndirectData? indirectData = null;
            var nameValues = new List<CatalogNameValue>();
            var attributeOids = new List<string>();
            string? memberInfoGuid = null;
            int? memberInfoVersion = null;
            if (subject.HasData)
            {
                AsnReader attributes = subject.ReadSetOf();
                while (attributes.HasData)
                {
                    if (attributeOids.Count >= MaximumAttributesPerMember)
                    {
                        throw new AsnContentException("A catalog member has more than " + MaximumAttributesPerMember + " attributes.");
                    }

                    AsnReader attribute = attributes.ReadSequence();
                    string oid = attribute.ReadObjectIdentifier();
                    attributeOids.Add(oid);
                    AsnReader values = attribute.ReadSetOf();
                    int valueCount = 0;
                    while (values.HasData)
                    {
                        if (++valueCount > MaximumValuesPerAttribute)
                        {
                            throw new AsnContentException("A catalog member attribute has more than " + MaximumValuesPerAttribute + " values.");
                        }

                        byte[] value = values.ReadEncodedValue().ToArray();
                        switch (oid)
                        {
                            case PkcsOids.SpcIndirectDataContent:
                                if (!SpcIndirectData.TryDecode(value, out indirectData))
                                {
                                    throw new AsnContentException("A catalog member's SpcIndirectDataContent is malformed.");
                                }

                                break;
                            case NameValueOid:
                                nameValues.Add(ReadNameValue(value));
                                break;
                            case MemberInfoOid:
                                ReadMemberInfo(value, out memberInfoGuid, out memberInfoVersion);
                                break;
                        }
                    }
                }
            }

            if (subject.HasData)
            {
                throw new AsnContentException("A catalog member has data after its attributes.");
            }

            return new CatalogMember(identifier, indirectData, nameValues, memberInfoGuid, memberInfoVersion, attributeOids);
        }

        /// <summary>Extensions ::= SEQUENCE OF Extension { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.</summary>
        private static void ReadCatalogExtensions(AsnReader extensions, List<CatalogNameValue> catalogAttributes)
        {
            int count = 0;
            while (extensions.HasData)
            {
                if (++count > MaximumCatalogAttributes)
                {
                    throw new AsnContentException("The catalog has more than " + MaximumCatalogAttributes + " attributes.");
                }

                AsnReader extension = extensions.ReadSequence();
                string oid = extension.ReadObjectIdentifier();
                if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    extension.ReadBoolean();
                }

                byte[] value = extension.ReadOctetString();
                if (oid == NameValueOid)
                {
                    catalogAttributes.Add(ReadNameValue(value));
                }
            }
        }

        /// <summary>CAT_NAMEVALUE ::= SEQUENCE { tag BMPString, flags INTEGER, value OCTET STRING }.</summary>
        private static CatalogNameValue ReadNameValue(byte[] encoded)
        {
            AsnReader nameValue = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence();
            string name = nameValue.ReadCharacterString(UniversalTagNumber.BMPString);
            int flags = nameValue.TryReadInt32(out int parsedFlags) ? parsedFlags : (int)ReadUInt32(nameValue);
            string value = DecodeNameValueString(nameValue.ReadOctetString());
            return new CatalogNameValue(name, flags, value);
        }

        private static uint ReadUInt32(AsnReader reader)
        {
            if (reader.TryReadUInt32(out uint value))
            {
                return value;
            }

            throw new AsnContentException("A CAT_NAMEVALUE flags value is out of range.");
        }

        /// <summary>CAT_MEMBERINFO ::= SEQUENCE { subjectGuid BMPString, certVersion INTEGER }.</summary>
        private static void ReadMemberInfo(byte[] encoded, out string? guid, out int? version)
        {
            AsnReader memberInfo = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence();
            guid = memberInfo.ReadCharacterString(UniversalTagNumber.BMPString);
            version = memberInfo.HasData && memberInfo.TryReadInt32(out int parsed) ? parsed : (int?)null;
        }

        /// <summary>Name values are usually NUL-terminated UTF-16LE; some tools write single-byte text.</summary>
        private static string DecodeNameValueString(byte[] bytes)
        {
            bool hasZeroHighByte = false;
            if (bytes.Length >= 2 && bytes.Length % 2 == 0)
            {
                for (int i = 1; i < bytes.Length; i += 2)
                {
                    hasZeroHighByte |= bytes[i] == 0;
                }
            }

            string text = hasZeroHighByte ? ScriptTextDecoder.DecodeUtf16(bytes, bigEndian: false) : Encoding.UTF8.GetString(bytes);
            return text.TrimEnd('\0');
        }

        private static DateTime? ReadTime(AsnReader reader)
        {
            Asn1Tag tag = reader.PeekTag();
            if (tag.HasSameClassAndValue(Asn1Tag.UtcTime))
            {
                return reader.ReadUtcTime().UtcDateTime;
            }

            if (tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime))
            {
                return reader.ReadGeneralizedTime().UtcDateTime;
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
