using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>
    /// Finds certificates whose elliptic-curve key comes with explicit (specifiedCurve) domain parameters instead of a
    /// named curve: the shape of CVE-2020-0601 ("CurveBall"), where a known root's public key is paired with a chosen
    /// generator. No trusted CA issues such certificates, and platforms differ on them (OpenSSL fails with an internal
    /// error code, older CryptoAPI was fooled), so they are detected here, from the DER, before any platform sees the key.
    /// </summary>
    internal static class ExplicitCurveParameters
    {
        /// <summary>
        /// The sentence for the first certificate in <paramref name="certificates"/> that uses explicit curve parameters
        /// (<paramref name="distrusted"/> names what is therefore not trusted); null when none does.
        /// </summary>
        public static string? Describe(IEnumerable<ReadOnlyMemory<byte>> certificates, string distrusted = "the signature")
        {
            foreach (ReadOnlyMemory<byte> certificate in certificates)
            {
                if (AreUsedBy(certificate, out string subject))
                {
                    return "The certificate '" + subject + "' uses explicit elliptic-curve parameters, which no trusted CA issues (the shape of the CVE-2020-0601 spoofing attack), so " + distrusted + " is not trusted.";
                }
            }

            return null;
        }

        /// <summary>Whether the certificate's SubjectPublicKeyInfo is an EC key with explicit parameters; false for anything else, including DER that does not decode.</summary>
        public static bool AreUsedBy(ReadOnlyMemory<byte> certificate, out string subject)
        {
            subject = string.Empty;
            try
            {
                AsnReader tbs = new AsnReader(certificate, AsnEncodingRules.BER).ReadSequence().ReadSequence();
                if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    tbs.ReadEncodedValue();
                }

                tbs.ReadEncodedValue(); // serialNumber
                tbs.ReadEncodedValue(); // signature
                tbs.ReadEncodedValue(); // issuer
                tbs.ReadEncodedValue(); // validity
                ReadOnlyMemory<byte> subjectName = tbs.ReadEncodedValue();
                AsnReader algorithm = tbs.ReadSequence().ReadSequence();
                if (algorithm.ReadObjectIdentifier() != Pkcs.SignatureAlgorithms.EcPublicKey || !algorithm.HasData || !algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    return false;
                }

                subject = NameOf(subjectName);
                return true;
            }
            catch (AsnContentException)
            {
                return false;
            }
        }

        private static string NameOf(ReadOnlyMemory<byte> name)
        {
            try
            {
                return new X500DistinguishedName(name.ToArray()).Name;
            }
            catch (CryptographicException)
            {
                return "(a subject that cannot be read)";
            }
        }
    }

    /// <summary>Sentences for decoding failures that name what is wrong without the platform's own exception text.</summary>
    internal static class DecodeFailure
    {
        public static string Describe(Exception exception)
        {
            if (exception is CryptographicException)
            {
                return "the platform's PKCS#7 decoder rejects its structure; the file was damaged or altered after signing.";
            }

            return "its ASN.1 structure is damaged or truncated; the file was damaged or altered after signing.";
        }
    }
}
