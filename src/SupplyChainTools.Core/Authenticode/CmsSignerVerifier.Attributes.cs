using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The content digest and the signed attributes of a signer, checked and re-encoded as SignedCms does.</summary>
    internal static partial class CmsSignerVerifier
    {
        /// <summary>
        /// The digest of the encapsulated content as SignedCms computes it: the value of an OCTET STRING;
        /// otherwise (PKCS#7 style, as Authenticode's SpcIndirectDataContent SEQUENCE) the contents octets of
        /// the value without its tag and length.
        /// </summary>
        internal static byte[] HashContent(CmsSignedData signedData, HashAlgorithmName algorithm)
        {
            ReadOnlyMemory<byte> content = signedData.Content;
            if (content.IsEmpty)
            {
                return DigestAlgorithms.Hash(algorithm, Array.Empty<byte>());
            }

            var reader = new AsnReader(content, AsnEncodingRules.BER);
            if (reader.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString) || signedData.ContentType == PkcsOids.Data)
            {
                try
                {
                    if (reader.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> primitive))
                    {
                        return DigestAlgorithms.Hash(algorithm, primitive);
                    }

                    return DigestAlgorithms.Hash(algorithm, reader.ReadOctetString());
                }
                catch (AsnContentException) when (signedData.ContentType != PkcsOids.Data)
                {
                    // Like SignedCms: a content that is not a valid OCTET STRING is hashed PKCS#7 style.
                }
            }

            AsnDecoder.ReadEncodedValue(content.Span, AsnEncodingRules.BER, out int contentsOffset, out int contentsLength, out _);
            return DigestAlgorithms.Hash(algorithm, content.Slice(contentsOffset, contentsLength));
        }

        /// <summary>
        /// Exactly one content-type attribute equal to the eContentType and exactly one messageDigest attribute
        /// equal to <paramref name="contentDigest"/>, each with one value; null when they hold.
        /// </summary>
        internal static string? CheckSignedAttributes(CmsSignedData signedData, CmsSignerInfo signer, byte[] contentDigest)
        {
            int contentTypes = 0;
            int messageDigests = 0;
            foreach (CmsAttribute attribute in signer.SignedAttributes)
            {
                if (attribute.Oid == PkcsOids.MessageDigestAttribute)
                {
                    messageDigests++;
                    if (messageDigests > 1)
                    {
                        return "The signed attributes hold more than one message digest";
                    }

                    if (attribute.Values.Count != 1)
                    {
                        return BadHashValue;
                    }

                    byte[] messageDigest;
                    try
                    {
                        messageDigest = AsnDecoder.ReadOctetString(attribute.Values[0].Span, AsnEncodingRules.BER, out int consumed);
                        if (consumed != attribute.Values[0].Length)
                        {
                            return BadHashValue;
                        }
                    }
                    catch (AsnContentException)
                    {
                        return BadHashValue;
                    }

                    if (!DigestAlgorithms.FixedTimeEquals(messageDigest, contentDigest))
                    {
                        return BadHashValue;
                    }
                }
                else if (attribute.Oid == PkcsOids.ContentTypeAttribute)
                {
                    contentTypes++;
                    if (contentTypes > 1)
                    {
                        return "The signed attributes hold more than one content type";
                    }

                    string? contentType = null;
                    if (attribute.Values.Count == 1)
                    {
                        try
                        {
                            contentType = AsnDecoder.ReadObjectIdentifier(attribute.Values[0].Span, AsnEncodingRules.BER, out int consumed);
                            if (consumed != attribute.Values[0].Length)
                            {
                                contentType = null;
                            }
                        }
                        catch (AsnContentException)
                        {
                        }
                    }

                    if (contentType != signedData.ContentType)
                    {
                        return "The signed content-type attribute does not name the signed content type " + signedData.ContentType;
                    }
                }
            }

            if (messageDigests == 0)
            {
                return "The signed attributes lack the message digest";
            }

            if (contentTypes == 0)
            {
                return "The signed attributes lack the content type";
            }

            return null;
        }

        /// <summary>The signed attributes as DER SET OF (sorted), then in document order re-tagged as SET if that differs.</summary>
        private static List<byte[]> EncodeSignedAttributes(IReadOnlyList<CmsAttribute> attributes)
        {
            byte[] sorted = EncodeAttributes(attributes, asSet: true);
            byte[] documentOrder = EncodeAttributes(attributes, asSet: false);
            documentOrder[0] = 0x31;
            var result = new List<byte[]>(2) { sorted };
            if (!sorted.AsSpan().SequenceEqual(documentOrder))
            {
                result.Add(documentOrder);
            }

            return result;
        }

        private static byte[] EncodeAttributes(IReadOnlyList<CmsAttribute> attributes, bool asSet)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            if (asSet)
            {
                writer.PushSetOf();
            }
            else
            {
                writer.PushSequence();
            }

            foreach (CmsAttribute attribute in attributes)
            {
                writer.PushSequence();
                writer.WriteObjectIdentifier(attribute.Oid);
                writer.PushSetOf();
                foreach (ReadOnlyMemory<byte> value in attribute.Values)
                {
                    writer.WriteEncodedValue(value.Span);
                }

                writer.PopSetOf();
                writer.PopSequence();
            }

            if (asSet)
            {
                writer.PopSetOf();
            }
            else
            {
                writer.PopSequence();
            }

            return writer.Encode();
        }
    }
}
