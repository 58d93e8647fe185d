using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    internal enum SignerVerificationOutcome
    {
        /// <summary>The signer's certificate was found and the signature holds.</summary>
        Verified,

        /// <summary>The signer's certificate was found and the signature (or its signed attributes) does not hold.</summary>
        Failed,

        /// <summary>This path cannot judge the input; the caller must ask SignedCms instead.</summary>
        Unsupported,
    }

    internal sealed class SignerVerification
    {
        private SignerVerification(SignerVerificationOutcome outcome, CachedCertificate? certificate, string message)
        {
            Outcome = outcome;
            Signer = certificate;
            Message = message;
        }

        public SignerVerificationOutcome Outcome { get; }

        /// <summary>The signer's certificate (null only when <see cref="Outcome"/> is Unsupported).</summary>
        public CachedCertificate? Signer { get; }

        public X509Certificate2? Certificate => Signer?.Certificate;

        /// <summary>Why verification failed (no trailing period), or why it is unsupported.</summary>
        public string Message { get; }

        public static SignerVerification Verified(CachedCertificate certificate) => new SignerVerification(SignerVerificationOutcome.Verified, certificate, string.Empty);

        public static SignerVerification Failed(CachedCertificate certificate, string message) => new SignerVerification(SignerVerificationOutcome.Failed, certificate, message);

        public static SignerVerification Unsupported(string reason) => new SignerVerification(SignerVerificationOutcome.Unsupported, null, reason);
    }

    /// <summary>
    /// Verifies a CMS SignerInfo the way SignedCms.CheckSignature(verifySignatureOnly: true) does, but
    /// without materialising every embedded certificate per call: certificates come from the
    /// process-wide <see cref="CertificateCache"/> (one X509Certificate2 per distinct DER) and public
    /// keys from a per-certificate pool. Inputs it cannot judge exactly like SignedCms (other signature
    /// algorithms such as DSA, signers it cannot locate by raw comparison, certificate sets with
    /// undecodable or non-X.509 entries) are reported as Unsupported so the caller falls back to SignedCms;
    /// nothing is accepted on that path.
    /// </summary>
    internal static class CmsSignerVerifier
    {
        private const string RsaOid = "1.2.840.113549.1.1.1";
        private const string RsaPssOid = "1.2.840.113549.1.1.10";
        private const string Mgf1Oid = "1.2.840.113549.1.1.8";

        // SignedCms's messages, so the problem texts stay what they were.
        private const string BadHashValue = "The hash value is not correct";
        private const string BadSignature = "Invalid signature";

        public static SignerVerification Verify(CmsSignedData signedData, CmsSignerInfo signer, CertificateCache certificates)
        {
            if (!DigestAlgorithms.TryFromOid(signer.DigestAlgorithmOid, out HashAlgorithmName digestAlgorithm))
            {
                return SignerVerification.Unsupported("digest algorithm " + signer.DigestAlgorithmOid);
            }

            if (!TryResolveSignatureAlgorithm(signer.SignatureAlgorithmOid, out PublicKeyKind keyKind, out HashAlgorithmName? expectedDigest))
            {
                return SignerVerification.Unsupported("signature algorithm " + signer.SignatureAlgorithmOid);
            }

            CachedCertificate? certificate = FindSignerCertificate(signedData, signer, certificates);
            if (certificate == null)
            {
                return SignerVerification.Unsupported("signer certificate not located by raw comparison");
            }

            if (certificate.Keys.Kind == PublicKeyKind.Other)
            {
                return SignerVerification.Unsupported("public key algorithm " + certificate.Certificate.PublicKey.Oid.Value);
            }

            byte[] contentDigest = HashContent(signedData, digestAlgorithm);
            List<byte[]> toBeSigned;
            if (signer.HasSignedAttributes)
            {
                string? attributeProblem = CheckSignedAttributes(signedData, signer, contentDigest);
                if (attributeProblem != null)
                {
                    return SignerVerification.Failed(certificate, attributeProblem);
                }

                // SignedCms hashes the attributes re-encoded as a DER SET OF (sorted), then, for signers
                // that did not sort them, in document order; both are tried here, in that order.
                try
                {
                    toBeSigned = EncodeSignedAttributes(signer.SignedAttributes);
                }
                catch (ArgumentException)
                {
                    // A value that is BER but not DER cannot be re-encoded here (found by fuzzing); SignedCms decides.
                    return SignerVerification.Unsupported("signed attributes that do not re-encode as DER");
                }
            }
            else
            {
                toBeSigned = new List<byte[]>(0);
            }

            if (expectedDigest.HasValue && expectedDigest.Value != digestAlgorithm)
            {
                return SignerVerification.Failed(certificate, "The digest algorithm " + signer.DigestAlgorithmOid + " is not valid for the signature algorithm " + signer.SignatureAlgorithmOid);
            }

            RSASignaturePadding? padding = null;
            if (keyKind == PublicKeyKind.Rsa)
            {
                string? paddingProblem = ResolvePadding(signer, digestAlgorithm, out padding);
                if (paddingProblem != null)
                {
                    return SignerVerification.Failed(certificate, paddingProblem);
                }
            }

            if (certificate.Keys.Kind != keyKind)
            {
                // SignedCms finds no key of the expected type and reports a bad signature.
                return SignerVerification.Failed(certificate, BadSignature);
            }

            if (toBeSigned.Count == 0)
            {
                return VerifyHash(certificate, keyKind, contentDigest, signer.Signature, digestAlgorithm, padding)
                    ? SignerVerification.Verified(certificate)
                    : SignerVerification.Failed(certificate, BadSignature);
            }

            foreach (byte[] encodedAttributes in toBeSigned)
            {
                byte[] hash = DigestAlgorithms.Hash(digestAlgorithm, encodedAttributes);
                if (VerifyHash(certificate, keyKind, hash, signer.Signature, digestAlgorithm, padding))
                {
                    return SignerVerification.Verified(certificate);
                }
            }

            return SignerVerification.Failed(certificate, BadSignature);
        }

        /// <summary>
        /// The signer's certificate among the SignedData's certificates (first match, like SignedCms), or null
        /// when it cannot be located this way or when an X.509 certificate of the set does not decode (SignedCms
        /// then throws while building its store, so the fallback reports that as before).
        /// </summary>
        internal static CachedCertificate? FindSignerCertificate(CmsSignedData signedData, CmsSignerInfo signer, CertificateCache certificates)
        {
            // Attribute certificates and other non-X.509 choices (Microsoft's time-stamp tokens carry a v1
            // attribute certificate) are not candidates; SignedCms leaves them out of its store too.
            CachedCertificate? match = null;
            foreach (ReadOnlyMemory<byte> der in signedData.Certificates)
            {
                CachedCertificate entry;
                try
                {
                    entry = certificates.GetEntry(der);
                }
                catch (CryptographicException)
                {
                    return null;
                }

                if (match != null)
                {
                    continue;
                }

                if (signer.IssuerName.Length > 0)
                {
                    if (entry.MatchesIssuerAndSerial(signer.IssuerName.Span, signer.SerialNumber.Span))
                    {
                        match = entry;
                    }
                }
                else if (signer.SubjectKeyIdentifier.Length > 0 && entry.MatchesSubjectKeyIdentifier(signer.SubjectKeyIdentifier.Span))
                {
                    match = entry;
                }
            }

            return match;
        }

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
                        return HashMemory(algorithm, primitive);
                    }

                    return DigestAlgorithms.Hash(algorithm, reader.ReadOctetString());
                }
                catch (AsnContentException) when (signedData.ContentType != PkcsOids.Data)
                {
                    // Like SignedCms: a content that is not a valid OCTET STRING is hashed PKCS#7 style.
                }
            }

            AsnDecoder.ReadEncodedValue(content.Span, AsnEncodingRules.BER, out int contentsOffset, out int contentsLength, out _);
            return HashMemory(algorithm, content.Slice(contentsOffset, contentsLength));
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

        /// <summary>The algorithms SignedCms verifies with RSA or ECDSA; everything else (DSA, id-ecPublicKey, ...) is left to it.</summary>
        private static bool TryResolveSignatureAlgorithm(string oid, out PublicKeyKind kind, out HashAlgorithmName? expectedDigest)
        {
            kind = PublicKeyKind.Rsa;
            expectedDigest = null;
            switch (oid)
            {
                case RsaOid: return true;
                case RsaPssOid: return true;
                case "1.2.840.113549.1.1.5": expectedDigest = HashAlgorithmName.SHA1; return true;
                case "1.2.840.113549.1.1.11": expectedDigest = HashAlgorithmName.SHA256; return true;
                case "1.2.840.113549.1.1.12": expectedDigest = HashAlgorithmName.SHA384; return true;
                case "1.2.840.113549.1.1.13": expectedDigest = HashAlgorithmName.SHA512; return true;
            }

            kind = PublicKeyKind.ECDsa;
            switch (oid)
            {
                case "1.2.840.10045.4.1": expectedDigest = HashAlgorithmName.SHA1; return true;
                case "1.2.840.10045.4.3.2": expectedDigest = HashAlgorithmName.SHA256; return true;
                case "1.2.840.10045.4.3.3": expectedDigest = HashAlgorithmName.SHA384; return true;
                case "1.2.840.10045.4.3.4": expectedDigest = HashAlgorithmName.SHA512; return true;
            }

            kind = PublicKeyKind.Other;
            return false;
        }

        /// <summary>PKCS#1 v1.5 (parameters absent or NULL) or PSS (MGF1 with the digest, salt the digest's length, trailer 1); null when valid.</summary>
        private static string? ResolvePadding(CmsSignerInfo signer, HashAlgorithmName digestAlgorithm, out RSASignaturePadding? padding)
        {
            padding = null;
            ReadOnlyMemory<byte>? parameters = signer.SignatureAlgorithmParameters;
            if (signer.SignatureAlgorithmOid != RsaPssOid)
            {
                if (parameters.HasValue && !(parameters.Value.Length == 2 && parameters.Value.Span[0] == 0x05 && parameters.Value.Span[1] == 0x00))
                {
                    return "Invalid signature parameters";
                }

                padding = RSASignaturePadding.Pkcs1;
                return null;
            }

            if (!parameters.HasValue)
            {
                return "The RSA-PSS signature lacks its parameters";
            }

            try
            {
                // RSASSA-PSS-params: hashAlgorithm [0] (default SHA-1), maskGenAlgorithm [1] (default MGF1/SHA-1),
                // saltLength [2] (default 20), trailerField [3] (default 1).
                string hashOid = DigestAlgorithms.Sha1Oid;
                string mgfOid = Mgf1Oid;
                string? mgfHashOid = DigestAlgorithms.Sha1Oid;
                int saltLength = 20;
                int trailer = 1;
                var reader = new AsnReader(parameters.Value, AsnEncodingRules.DER);
                AsnReader sequence = reader.ReadSequence();
                reader.ThrowIfNotEmpty();
                var tag0 = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
                var tag1 = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
                var tag2 = new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true);
                var tag3 = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
                if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(tag0))
                {
                    AsnReader explicitHash = sequence.ReadSequence(tag0);
                    hashOid = explicitHash.ReadSequence().ReadObjectIdentifier();
                }

                if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(tag1))
                {
                    AsnReader mgf = sequence.ReadSequence(tag1).ReadSequence();
                    mgfOid = mgf.ReadObjectIdentifier();
                    mgfHashOid = mgf.HasData ? mgf.ReadSequence().ReadObjectIdentifier() : null;
                }

                if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(tag2))
                {
                    if (!sequence.ReadSequence(tag2).TryReadInt32(out saltLength))
                    {
                        return "Invalid signature parameters";
                    }
                }

                if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(tag3))
                {
                    if (!sequence.ReadSequence(tag3).TryReadInt32(out trailer))
                    {
                        return "Invalid signature parameters";
                    }
                }

                sequence.ThrowIfNotEmpty();
                int digestLength = DigestAlgorithms.Hash(digestAlgorithm, Array.Empty<byte>()).Length;
                if (hashOid != signer.DigestAlgorithmOid || trailer != 1 || saltLength != digestLength || mgfOid != Mgf1Oid || mgfHashOid != signer.DigestAlgorithmOid)
                {
                    return "The RSA-PSS parameters do not match the digest algorithm " + signer.DigestAlgorithmOid;
                }
            }
            catch (AsnContentException)
            {
                return "Invalid signature parameters";
            }

            padding = RSASignaturePadding.Pss;
            return null;
        }

        private static bool VerifyHash(CachedCertificate certificate, PublicKeyKind kind, byte[] hash, byte[] signature, HashAlgorithmName digestAlgorithm, RSASignaturePadding? padding)
        {
            AsymmetricAlgorithm? key = certificate.Keys.Rent();
            if (key == null)
            {
                return false;
            }

            try
            {
                if (kind == PublicKeyKind.Rsa && key is RSA rsa)
                {
                    return rsa.VerifyHash(hash, signature, digestAlgorithm, padding!);
                }

                if (kind == PublicKeyKind.ECDsa && key is ECDsa ecdsa)
                {
                    byte[]? ieee = SignatureMath.DerToIeeeP1363(signature, (ecdsa.KeySize + 7) / 8);
                    return ieee != null && ecdsa.VerifyHash(hash, ieee);
                }

                return false;
            }
            catch (CryptographicException)
            {
                return false;
            }
            finally
            {
                certificate.Keys.Return(key);
            }
        }

        private static byte[] HashMemory(HashAlgorithmName algorithm, ReadOnlyMemory<byte> data)
        {
#if NET
            using (IncrementalHash hash = IncrementalHash.CreateHash(algorithm))
            {
                hash.AppendData(data.Span);
                return hash.GetHashAndReset();
            }
#else
            return DigestAlgorithms.Hash(algorithm, data.ToArray());
#endif
        }
    }
}
