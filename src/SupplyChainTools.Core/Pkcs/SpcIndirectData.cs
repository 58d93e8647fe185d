using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>
    /// The SpcIndirectDataContent of an Authenticode signature or a catalog member: what was signed, and its digest.
    /// <code>SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }</code>
    /// </summary>
    internal sealed class SpcIndirectData
    {
        /// <summary>The SIP GUID that PowerShell script signatures carry in SpcSipInfo.</summary>
        public const string PowerShellSipGuid = "603bcc1f-4b59-4e08-b724-d2c6297ef351";

        private const int MaxDigestLength = 64;

        private static readonly byte[] PageHashClassId =
        {
            0xa6, 0xb5, 0x86, 0xd5, 0xb4, 0xa1, 0x24, 0x66, 0xae, 0x05, 0xa2, 0x17, 0xda, 0x8e, 0x60, 0xd6,
        };

        private readonly ReadOnlyMemory<byte>? dataValue;

        private SpcIndirectData(string dataTypeOid, ReadOnlyMemory<byte>? dataValue, string digestAlgorithmOid, byte[] digest)
        {
            DataTypeOid = dataTypeOid;
            this.dataValue = dataValue;
            DigestAlgorithmOid = digestAlgorithmOid;
            Digest = digest;
        }

        /// <summary>The type of the data field: SIPINFO for scripts, PE_IMAGE_DATA for PE files, CAB_DATA for flat files, etc.</summary>
        public string DataTypeOid { get; }

        public string DigestAlgorithmOid { get; }

        public byte[] Digest { get; }

        /// <summary>Decodes the SEQUENCE; throws <see cref="AsnContentException"/> or <see cref="FormatException"/> when malformed.</summary>
        public static SpcIndirectData Decode(ReadOnlyMemory<byte> encoded)
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            AsnReader content = reader.ReadSequence();

            AsnReader data = content.ReadSequence();
            string dataType = data.ReadObjectIdentifier();
            ReadOnlyMemory<byte>? dataValue = data.HasData ? data.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;

            AsnReader digestInfo = content.ReadSequence();
            AsnReader algorithm = digestInfo.ReadSequence();
            string digestAlgorithmOid = algorithm.ReadObjectIdentifier();
            byte[] digest = digestInfo.ReadOctetString();
            return new SpcIndirectData(dataType, dataValue, digestAlgorithmOid, digest);
        }

        /// <summary>
        /// Decodes a catalog member's or a script signature's content, which must also carry a readable SIP
        /// identity (when it names one) and a digest of 1 to 64 bytes. Never throws on malformed input.
        /// </summary>
        public static bool TryDecode(byte[] content, out SpcIndirectData? decoded)
        {
            decoded = null;
            if (content is null || content.Length == 0)
            {
                return false;
            }

            try
            {
                SpcIndirectData candidate = Decode(content);
                candidate.ReadSipGuid();
                if (candidate.Digest.Length == 0 || candidate.Digest.Length > MaxDigestLength)
                {
                    return false;
                }

                decoded = candidate;
                return true;
            }
            catch (Exception e) when (e is AsnContentException || e is CryptographicException || e is ArgumentException)
            {
                return false;
            }
        }

        /// <summary>
        /// The SIP GUID when the data field is an SpcSipInfo (lower-case "D" format), otherwise null.
        /// SpcSipInfo ::= SEQUENCE { dwSIPversion INTEGER, gSIPguid OCTET STRING (16), ... }.
        /// </summary>
        public string? ReadSipGuid()
        {
            if (DataTypeOid != PkcsOids.SpcSipInfo || !dataValue.HasValue)
            {
                return null;
            }

            var reader = new AsnReader(dataValue.Value, AsnEncodingRules.BER);
            AsnReader sipInfo = reader.ReadSequence();
            sipInfo.ReadInteger();
            byte[] guidBytes = sipInfo.ReadOctetString();
            return guidBytes.Length == 16 ? new Guid(guidBytes).ToString("D") : null;
        }

        /// <summary>
        /// The page-hash table of a PE image signature and, in <paramref name="algorithmOid"/>, its OID
        /// (<see cref="PkcsOids.PageHashesV1"/> SHA-1, <see cref="PkcsOids.PageHashesV2"/> SHA-256); null when
        /// it carries none. Throws <see cref="AsnContentException"/> when the SpcPeImageData is malformed.
        /// </summary>
        public byte[]? ReadPageHashes(out string? algorithmOid)
        {
            algorithmOid = null;
            if (DataTypeOid != PkcsOids.SpcPeImageData || !dataValue.HasValue)
            {
                return null;
            }

            var reader = new AsnReader(dataValue.Value, AsnEncodingRules.BER);
            AsnReader imageData = reader.ReadSequence();
            if (imageData.HasData && imageData.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveBitString))
            {
                imageData.ReadBitString(out _);
            }

            if (!imageData.HasData)
            {
                return null;
            }

            AsnReader fileLink = imageData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            var monikerTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
            if (!fileLink.PeekTag().HasSameClassAndValue(monikerTag))
            {
                return null;
            }

            AsnReader moniker = fileLink.ReadSequence(monikerTag);
            byte[] classId = moniker.ReadOctetString();
            byte[] serializedData = moniker.ReadOctetString();
            if (!classId.AsSpan().SequenceEqual(PageHashClassId))
            {
                return null;
            }

            var serializedReader = new AsnReader(serializedData, AsnEncodingRules.BER);
            AsnReader attributes = serializedReader.ReadSetOf(skipSortOrderValidation: true);
            while (attributes.HasData)
            {
                AsnReader attribute = attributes.ReadSequence();
                string oid = attribute.ReadObjectIdentifier();
                if (oid != PkcsOids.PageHashesV1 && oid != PkcsOids.PageHashesV2)
                {
                    continue;
                }

                AsnReader values = attribute.ReadSetOf(skipSortOrderValidation: true);
                algorithmOid = oid;
                return values.ReadOctetString();
            }

            return null;
        }
    }
}
