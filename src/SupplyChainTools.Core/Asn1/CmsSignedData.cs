using System;
using System.Collections.Generic;
using System.Formats.Asn1;

namespace SupplyChainTools.Core.Asn1
{
    /// <summary>
    /// A bounded, read-only view of a CMS SignedData (RFC 5652) that exposes what the platform's
    /// SignedCms hides or only offers on newer frameworks: the raw encapsulated content, each
    /// signer's raw signature, and the raw values of its attributes.
    /// </summary>
    internal sealed class CmsSignedData
    {
        internal const string SignedDataOid = "1.2.840.113549.1.7.2";

        // Limits against hostile input: a real Authenticode blob holds a few certificates,
        // one signer and a handful of attributes.
        private const int MaxCertificates = 256;
        private const int MaxSigners = 64;
        private const int MaxAttributes = 256;
        private const int MaxAttributeValues = 64;

        private CmsSignedData(string contentType, ReadOnlyMemory<byte> content, List<ReadOnlyMemory<byte>> certificates, List<CmsSignerInfo> signers, int skippedCertificates)
        {
            SkippedCertificateCount = skippedCertificates;
            ContentType = contentType;
            Content = content;
            Certificates = certificates;
            Signers = signers;
        }

        public string ContentType { get; }

        /// <summary>The encoded value inside eContent's [0] EXPLICIT wrapper (tag and length included).</summary>
        public ReadOnlyMemory<byte> Content { get; }

        public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; }

        public IReadOnlyList<CmsSignerInfo> Signers { get; }

        /// <summary>Entries of the certificate set that are not X.509 certificates (attribute certificates, other formats), left out of <see cref="Certificates"/>.</summary>
        public int SkippedCertificateCount { get; }

        /// <summary>Decodes a ContentInfo holding SignedData. Throws <see cref="AsnContentException"/> or <see cref="FormatException"/> on bad input.</summary>
        public static CmsSignedData Decode(ReadOnlyMemory<byte> contentInfo)
        {
            var outer = new AsnReader(contentInfo, AsnEncodingRules.BER);
            AsnReader contentInfoSequence = outer.ReadSequence();
            string contentInfoType = contentInfoSequence.ReadObjectIdentifier();
            if (contentInfoType != SignedDataOid)
            {
                throw new FormatException("The PKCS#7 content type is " + contentInfoType + ", not SignedData.");
            }

            AsnReader explicitContent = contentInfoSequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            AsnReader signedData = explicitContent.ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf(skipSortOrderValidation: true);

            AsnReader encapsulated = signedData.ReadSequence();
            string contentType = encapsulated.ReadObjectIdentifier();
            ReadOnlyMemory<byte> content = ReadOnlyMemory<byte>.Empty;
            if (encapsulated.HasData)
            {
                AsnReader eContent = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
                content = eContent.ReadEncodedValue();
            }

            var certificates = new List<ReadOnlyMemory<byte>>();
            int skippedCertificates = 0;
            var certificatesTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(certificatesTag))
            {
                AsnReader certificateSet = signedData.ReadSetOf(skipSortOrderValidation: true, expectedTag: certificatesTag);
                while (certificateSet.HasData)
                {
                    ReadOnlyMemory<byte> certificate = certificateSet.ReadEncodedValue();
                    if (certificates.Count >= MaxCertificates)
                    {
                        throw new FormatException("The signature holds more than " + MaxCertificates + " certificates.");
                    }

                    // Only X.509 certificates (a universal SEQUENCE); attribute certificates and the like are skipped.
                    if (certificate.Span[0] == 0x30)
                    {
                        certificates.Add(certificate);
                    }
                    else
                    {
                        skippedCertificates++;
                    }
                }
            }

            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                signedData.ReadEncodedValue();
            }

            var signers = new List<CmsSignerInfo>();
            AsnReader signerSet = signedData.ReadSetOf(skipSortOrderValidation: true);
            while (signerSet.HasData)
            {
                if (signers.Count >= MaxSigners)
                {
                    throw new FormatException("The signature holds more than " + MaxSigners + " signers.");
                }

                signers.Add(CmsSignerInfo.Decode(signerSet.ReadEncodedValue()));
            }

            return new CmsSignedData(contentType, content, certificates, signers, skippedCertificates);
        }

        internal static List<CmsAttribute> ReadAttributes(AsnReader attributeSet)
        {
            var attributes = new List<CmsAttribute>();
            while (attributeSet.HasData)
            {
                if (attributes.Count >= MaxAttributes)
                {
                    throw new FormatException("A signer holds more than " + MaxAttributes + " attributes.");
                }

                AsnReader attribute = attributeSet.ReadSequence();
                string oid = attribute.ReadObjectIdentifier();
                AsnReader valueSet = attribute.ReadSetOf(skipSortOrderValidation: true);
                var values = new List<ReadOnlyMemory<byte>>();
                while (valueSet.HasData)
                {
                    if (values.Count >= MaxAttributeValues)
                    {
                        throw new FormatException("An attribute holds more than " + MaxAttributeValues + " values.");
                    }

                    values.Add(valueSet.ReadEncodedValue());
                }

                attributes.Add(new CmsAttribute(oid, values));
            }

            return attributes;
        }
    }

    internal sealed class CmsAttribute
    {
        public CmsAttribute(string oid, IReadOnlyList<ReadOnlyMemory<byte>> values)
        {
            Oid = oid;
            Values = values;
        }

        public string Oid { get; }

        public IReadOnlyList<ReadOnlyMemory<byte>> Values { get; }
    }

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
                info.SignedAttributes = CmsSignedData.ReadAttributes(attributeSet);
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
                info.UnsignedAttributes = CmsSignedData.ReadAttributes(attributeSet);
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
