using System;
using System.Collections.Generic;
using System.Formats.Asn1;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The SpcIndirectDataContent of an Authenticode signature: what was signed, and its digest.</summary>
    internal sealed class SpcIndirectData
    {
        public const string ContentTypeOid = "1.3.6.1.4.1.311.2.1.4";
        public const string PeImageDataOid = "1.3.6.1.4.1.311.2.1.15";
        public const string PageHashesV1Oid = "1.3.6.1.4.1.311.2.3.1";
        public const string PageHashesV2Oid = "1.3.6.1.4.1.311.2.3.2";

        private static readonly byte[] PageHashClassId =
        {
            0xa6, 0xb5, 0x86, 0xd5, 0xb4, 0xa1, 0x24, 0x66, 0xae, 0x05, 0xa2, 0x17, 0xda, 0x8e, 0x60, 0xd6,
        };

        private SpcIndirectData(string dataType, string digestAlgorithmOid, byte[] digest)
        {
            DataType = dataType;
            DigestAlgorithmOid = digestAlgorithmOid;
            Digest = digest;
        }

        public string DataType { get; }

        public string DigestAlgorithmOid { get; }

        public byte[] Digest { get; }

        /// <summary>Page-hash table OID (.2.3.1 SHA-1, .2.3.2 SHA-256) when the signature carries page hashes.</summary>
        public string? PageHashAlgorithmOid { get; private set; }

        public byte[]? PageHashes { get; private set; }

        /// <summary>Decodes the SEQUENCE; throws <see cref="AsnContentException"/> or <see cref="FormatException"/> when malformed.</summary>
        public static SpcIndirectData Decode(ReadOnlyMemory<byte> encoded)
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
            {
                // Some signers wrap the content in an OCTET STRING, as for id-data.
                reader = new AsnReader(reader.ReadOctetString(), AsnEncodingRules.BER);
            }

            AsnReader content = reader.ReadSequence();

            AsnReader data = content.ReadSequence();
            string dataType = data.ReadObjectIdentifier();
            ReadOnlyMemory<byte>? dataValue = data.HasData ? data.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;

            AsnReader digestInfo = content.ReadSequence();
            AsnReader algorithm = digestInfo.ReadSequence();
            string digestAlgorithmOid = algorithm.ReadObjectIdentifier();
            byte[] digest = digestInfo.ReadOctetString();

            var result = new SpcIndirectData(dataType, digestAlgorithmOid, digest);
            if (dataType == PeImageDataOid && dataValue.HasValue)
            {
                result.ReadPageHashes(dataValue.Value);
            }

            return result;
        }

        private void ReadPageHashes(ReadOnlyMemory<byte> peImageData)
        {
            var reader = new AsnReader(peImageData, AsnEncodingRules.BER);
            AsnReader imageData = reader.ReadSequence();
            if (imageData.HasData && imageData.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveBitString))
            {
                imageData.ReadBitString(out _);
            }

            if (!imageData.HasData)
            {
                return;
            }

            AsnReader fileLink = imageData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            var monikerTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
            if (!fileLink.PeekTag().HasSameClassAndValue(monikerTag))
            {
                return;
            }

            AsnReader moniker = fileLink.ReadSequence(monikerTag);
            byte[] classId = moniker.ReadOctetString();
            byte[] serializedData = moniker.ReadOctetString();
            if (!classId.AsSpan().SequenceEqual(PageHashClassId))
            {
                return;
            }

            var serializedReader = new AsnReader(serializedData, AsnEncodingRules.BER);
            AsnReader attributes = serializedReader.ReadSetOf(skipSortOrderValidation: true);
            while (attributes.HasData)
            {
                AsnReader attribute = attributes.ReadSequence();
                string oid = attribute.ReadObjectIdentifier();
                if (oid != PageHashesV1Oid && oid != PageHashesV2Oid)
                {
                    continue;
                }

                AsnReader values = attribute.ReadSetOf(skipSortOrderValidation: true);
                PageHashAlgorithmOid = oid;
                PageHashes = values.ReadOctetString();
                return;
            }
        }
    }

    /// <summary>The TSTInfo of an RFC 3161 time-stamp token.</summary>
    internal sealed class TimestampTokenInfo
    {
        public const string ContentTypeOid = "1.2.840.113549.1.9.16.1.4";

        private TimestampTokenInfo(string hashAlgorithmOid, byte[] messageImprint, DateTimeOffset generalizedTime)
        {
            HashAlgorithmOid = hashAlgorithmOid;
            MessageImprint = messageImprint;
            GeneralizedTime = generalizedTime;
        }

        public string HashAlgorithmOid { get; }

        public byte[] MessageImprint { get; }

        public DateTimeOffset GeneralizedTime { get; }

        /// <summary>Decodes TSTInfo, accepting it bare or wrapped in the OCTET STRING of eContent.</summary>
        public static TimestampTokenInfo Decode(ReadOnlyMemory<byte> encoded)
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
            {
                byte[] inner = reader.ReadOctetString();
                reader = new AsnReader(inner, AsnEncodingRules.BER);
            }

            AsnReader info = reader.ReadSequence();
            info.ReadInteger();
            info.ReadObjectIdentifier();
            AsnReader imprint = info.ReadSequence();
            AsnReader algorithm = imprint.ReadSequence();
            string hashAlgorithmOid = algorithm.ReadObjectIdentifier();
            byte[] messageImprint = imprint.ReadOctetString();
            info.ReadIntegerBytes();
            DateTimeOffset time = info.ReadGeneralizedTime();
            return new TimestampTokenInfo(hashAlgorithmOid, messageImprint, time);
        }
    }
}
