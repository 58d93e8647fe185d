using System;
using System.Collections.Generic;
using System.Formats.Asn1;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>One SignerInfo, also used for legacy (PKCS#9) countersignatures which share its syntax.</summary>
    internal sealed class CmsSignerInfo
    {
        private static readonly Asn1Tag SignedAttributesTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        private static readonly Asn1Tag UnsignedAttributesTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);

        private CmsSignerInfo()
        {
        }

        /// <summary>Issuer name (DER) of the signer certificate when identified by issuer and serial number.</summary>
        public ReadOnlyMemory<byte> IssuerName { get; private set; }

        /// <summary>Big-endian serial number as encoded.</summary>
        public ReadOnlyMemory<byte> SerialNumber { get; private set; }

        public ReadOnlyMemory<byte> SubjectKeyIdentifier { get; private set; }

        public string DigestAlgorithmOid { get; private set; } = string.Empty;

        public string SignatureAlgorithmOid { get; private set; } = string.Empty;

        /// <summary>The encoded parameters of the signature algorithm; null when absent.</summary>
        public ReadOnlyMemory<byte>? SignatureAlgorithmParameters { get; private set; }

        /// <summary>True when the SignerInfo has a signed-attributes field (even an empty one).</summary>
        public bool HasSignedAttributes { get; private set; }

        /// <summary>The signed attributes re-encoded as a universal SET, which is what the signature covers; empty if absent.</summary>
        public byte[] SignedAttributesForSignature { get; private set; } = Array.Empty<byte>();

        public IReadOnlyList<CmsAttribute> SignedAttributes { get; private set; } = Array.Empty<CmsAttribute>();

        public byte[] Signature { get; private set; } = Array.Empty<byte>();

        public IReadOnlyList<CmsAttribute> UnsignedAttributes { get; private set; } = Array.Empty<CmsAttribute>();

        public static CmsSignerInfo Decode(ReadOnlyMemory<byte> encoded)
        {
            var info = new CmsSignerInfo();
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            AsnReader signer = reader.ReadSequence();
            signer.ReadInteger();

            if (signer.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                AsnReader issuerAndSerial = signer.ReadSequence();
                info.IssuerName = issuerAndSerial.ReadEncodedValue();
                info.SerialNumber = issuerAndSerial.ReadIntegerBytes();
            }
            else
            {
                info.SubjectKeyIdentifier = signer.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
            }

            info.DigestAlgorithmOid = ReadAlgorithmOid(signer, out _);

            if (signer.HasData && signer.PeekTag().HasSameClassAndValue(SignedAttributesTag))
            {
                ReadOnlyMemory<byte> rawSignedAttributes = signer.PeekEncodedValue();
                AsnReader attributeSet = signer.ReadSetOf(skipSortOrderValidation: true, expectedTag: SignedAttributesTag);
                info.SignedAttributes = CmsAttribute.ReadAll(attributeSet);
                info.HasSignedAttributes = true;

                // The signature is computed over the DER SET OF, i.e. the [0] IMPLICIT encoding with its tag replaced.
                byte[] forSignature = rawSignedAttributes.ToArray();
                forSignature[0] = 0x31;
                info.SignedAttributesForSignature = forSignature;
            }

            info.SignatureAlgorithmOid = ReadAlgorithmOid(signer, out ReadOnlyMemory<byte>? signatureParameters);
            info.SignatureAlgorithmParameters = signatureParameters;
            info.Signature = signer.ReadOctetString();

            if (signer.HasData && signer.PeekTag().HasSameClassAndValue(UnsignedAttributesTag))
            {
                AsnReader attributeSet = signer.ReadSetOf(skipSortOrderValidation: true, expectedTag: UnsignedAttributesTag);
                info.UnsignedAttributes = CmsAttribute.ReadAll(attributeSet);
            }

            return info;
        }

        public CmsAttribute? FindSignedAttribute(string oid)
        {
            foreach (CmsAttribute attribute in SignedAttributes)
            {
                if (attribute.Oid == oid)
                {
                    return attribute;
                }
            }

            return null;
        }

        private static string ReadAlgorithmOid(AsnReader reader, out ReadOnlyMemory<byte>? parameters)
        {
            AsnReader algorithm = reader.ReadSequence();
            string oid = algorithm.ReadObjectIdentifier();
            parameters = null;
            if (algorithm.HasData)
            {
                parameters = algorithm.ReadEncodedValue();
            }

            return oid;
        }
    }
}
