using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>
    /// Reads the encapsulated content of a PKCS#7/CMS SignedData (ContentInfo) without SignedCms, so the result
    /// is the same on .NET and .NET Framework. Fixed-depth reading only: no recursion on attacker-controlled nesting.
    /// </summary>
    public static class SignedDataReader
    {
        public const string SignedDataOid = "1.2.840.113549.1.7.2";

        /// <summary>
        /// Reads ContentInfo → SignedData → encapContentInfo. <paramref name="content"/> is the DER of the
        /// [0] EXPLICIT content (for Authenticode, the whole SpcIndirectDataContent SEQUENCE; for a catalog,
        /// the CTL SEQUENCE). Returns false, with <paramref name="problem"/> set, for anything malformed.
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
                var reader = new AsnReader(pkcs7, AsnEncodingRules.BER);
                AsnReader contentInfo = reader.ReadSequence();
                string outerType = contentInfo.ReadObjectIdentifier();
                if (outerType != SignedDataOid)
                {
                    problem = "The PKCS#7 content type is " + outerType + ", not SignedData.";
                    return false;
                }

                AsnReader signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
                signedData.ReadInteger(); // version
                signedData.ReadSetOf(); // digestAlgorithms
                AsnReader encapsulated = signedData.ReadSequence();
                contentTypeOid = encapsulated.ReadObjectIdentifier();
                if (!encapsulated.HasData)
                {
                    problem = "The SignedData carries no encapsulated content.";
                    return false;
                }

                AsnReader explicitContent = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
                if (explicitContent.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
                {
                    // Signers that follow CMS (RFC 5652) wrap non-data content in an OCTET STRING; SignedCms
                    // unwraps it, and so does this reader, so both forms yield the inner SEQUENCE.
                    content = explicitContent.ReadOctetString();
                }
                else
                {
                    content = explicitContent.ReadEncodedValue().ToArray();
                }

                if (explicitContent.HasData)
                {
                    problem = "The SignedData's encapsulated content holds more than one value.";
                    return false;
                }
                var certificatesTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
                var crlsTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
                while (signedData.HasData)
                {
                    Asn1Tag tag = signedData.PeekTag();
                    if (tag.HasSameClassAndValue(certificatesTag) || tag.HasSameClassAndValue(crlsTag))
                    {
                        signedData.ReadEncodedValue();
                        continue;
                    }

                    AsnReader signerInfos = signedData.ReadSetOf();
                    while (signerInfos.HasData)
                    {
                        signerInfos.ReadEncodedValue();
                        signerCount++;
                    }

                    break;
                }

                problem = null;
                return true;
            }
            catch (Exception e) when (e is AsnContentException || e is CryptographicException || e is ArgumentException)
            {
                problem = "The PKCS#7 data is not valid DER/BER: " + e.Message;
                return false;
            }
        }
    }
}
