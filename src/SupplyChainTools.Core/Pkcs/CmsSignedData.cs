using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Pkcs
{
    /// <summary>
    /// A bounded, read-only view of a CMS SignedData (RFC 5652) that exposes what the platform's
    /// SignedCms hides or only offers on newer frameworks: the raw encapsulated content, each
    /// signer's raw signature, and the raw values of its attributes.
    /// </summary>
    internal sealed class CmsSignedData
    {
        // Limits against hostile input: a real Authenticode blob holds a few certificates,
        // one signer and a handful of attributes.
        private const int MaxCertificates = 256;
        private const int MaxSigners = 64;

        private static readonly Asn1Tag ExplicitContentTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        private static readonly Asn1Tag CertificatesTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        private static readonly Asn1Tag CrlsTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);

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
            AsnReader signedData = ReadThroughEncapsulatedContent(contentInfo, out string contentType, out AsnReader? explicitContent);
            ReadOnlyMemory<byte> content = explicitContent is null ? ReadOnlyMemory<byte>.Empty : explicitContent.ReadEncodedValue();

            var certificates = new List<ReadOnlyMemory<byte>>();
            int skippedCertificates = 0;
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(CertificatesTag))
            {
                AsnReader certificateSet = signedData.ReadSetOf(skipSortOrderValidation: true, expectedTag: CertificatesTag);
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

        /// <summary>
        /// Reads only what a format parser needs, without decoding signers: the encapsulated content type and
        /// content (an OCTET STRING wrapper, as CMS signers write it, is removed so both forms yield the inner
        /// value) and the number of signers. Returns false, with <paramref name="problem"/> set, for anything malformed.
        /// </summary>
        public static bool TryReadEncapsulatedContent(
            byte[] pkcs7, out string contentTypeOid, out byte[] content, out int signerCount, out string? problem)
        {
            contentTypeOid = string.Empty;
            content = Array.Empty<byte>();
            signerCount = 0;
            if (pkcs7 is null || pkcs7.Length == 0)
            {
                problem = "The PKCS#7 data is empty.";
                return false;
            }

            try
            {
                AsnReader signedData = ReadThroughEncapsulatedContent(pkcs7, out contentTypeOid, out AsnReader? explicitContent);
                if (explicitContent is null)
                {
                    problem = "The SignedData carries no encapsulated content.";
                    return false;
                }

                content = explicitContent.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString)
                    ? explicitContent.ReadOctetString()
                    : explicitContent.ReadEncodedValue().ToArray();
                if (explicitContent.HasData)
                {
                    problem = "The SignedData's encapsulated content holds more than one value.";
                    return false;
                }

                signerCount = CountSigners(signedData);
                problem = null;
                return true;
            }
            catch (FormatException e)
            {
                problem = e.Message;
                return false;
            }
            catch (Exception e) when (e is AsnContentException || e is CryptographicException || e is ArgumentException)
            {
                problem = "The PKCS#7 data is not valid DER/BER: " + e.Message;
                return false;
            }
        }

        /// <summary>The value of <paramref name="encoded"/>'s OCTET STRING when it is one (content wrapped as CMS does it), else <paramref name="encoded"/>.</summary>
        internal static ReadOnlyMemory<byte> UnwrapOctetString(ReadOnlyMemory<byte> encoded)
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.BER);
            return reader.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString) ? reader.ReadOctetString() : encoded;
        }

        /// <summary>ContentInfo → SignedData → version, digestAlgorithms, encapContentInfo; returns the SignedData reader positioned after it.</summary>
        private static AsnReader ReadThroughEncapsulatedContent(ReadOnlyMemory<byte> contentInfo, out string contentType, out AsnReader? explicitContent)
        {
            var outer = new AsnReader(contentInfo, AsnEncodingRules.BER);
            AsnReader contentInfoSequence = outer.ReadSequence();
            string contentInfoType = contentInfoSequence.ReadObjectIdentifier();
            if (contentInfoType != PkcsOids.SignedData)
            {
                throw new FormatException("The PKCS#7 content type is " + contentInfoType + ", not SignedData.");
            }

            AsnReader signedData = contentInfoSequence.ReadSequence(ExplicitContentTag).ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf(skipSortOrderValidation: true);

            AsnReader encapsulated = signedData.ReadSequence();
            contentType = encapsulated.ReadObjectIdentifier();
            explicitContent = encapsulated.HasData ? encapsulated.ReadSequence(ExplicitContentTag) : null;
            return signedData;
        }

        /// <summary>Skips the certificate and CRL sets, in whatever order, and counts the SignerInfos without decoding them.</summary>
        private static int CountSigners(AsnReader signedData)
        {
            while (signedData.HasData)
            {
                Asn1Tag tag = signedData.PeekTag();
                if (tag.HasSameClassAndValue(CertificatesTag) || tag.HasSameClassAndValue(CrlsTag))
                {
                    signedData.ReadEncodedValue();
                    continue;
                }

                int signerCount = 0;
                AsnReader signerInfos = signedData.ReadSetOf(skipSortOrderValidation: true);
                while (signerInfos.HasData)
                {
                    signerInfos.ReadEncodedValue();
                    signerCount++;
                }

                return signerCount;
            }

            return 0;
        }
    }
}
