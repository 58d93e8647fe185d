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
    /// <summary>Reading a catalog: the SignedData, its certificate trust list, and each member with its attributes.</summary>
    public sealed partial class CatalogFile
    {
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
    }
}
