using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>Signature algorithms: which key and digest an OID names, RSA-PSS parameters, and the verification itself.</summary>
    internal static partial class CmsSignerVerifier
    {
        /// <summary>The algorithms SignedCms verifies with RSA or ECDSA; everything else (DSA, id-ecPublicKey, ...) is left to it.</summary>
        private static bool TryResolveSignatureAlgorithm(string oid, out PublicKeyKind kind, out HashAlgorithmName? expectedDigest)
        {
            expectedDigest = null;
            if (oid == SignatureAlgorithms.RsaEncryption || oid == SignatureAlgorithms.RsaPss)
            {
                kind = PublicKeyKind.Rsa;
                return true;
            }

            if (SignatureAlgorithms.TryGetDigest(oid, out HashAlgorithmName digest, out bool isRsa))
            {
                kind = isRsa ? PublicKeyKind.Rsa : PublicKeyKind.ECDsa;
                expectedDigest = digest;
                return true;
            }

            kind = PublicKeyKind.Other;
            return false;
        }

        /// <summary>PKCS#1 v1.5 (parameters absent or NULL) or PSS (MGF1 with the digest, salt the digest's length, trailer 1); null when valid.</summary>
        private static string? ResolvePadding(CmsSignerInfo signer, HashAlgorithmName digestAlgorithm, out RSASignaturePadding? padding)
        {
            padding = null;
            ReadOnlyMemory<byte>? parameters = signer.SignatureAlgorithmParameters;
            if (signer.SignatureAlgorithmOid != SignatureAlgorithms.RsaPss)
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
                string mgfOid = SignatureAlgorithms.Mgf1;
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
                int digestLength = DigestAlgorithms.DigestLength(digestAlgorithm);
                if (hashOid != signer.DigestAlgorithmOid || trailer != 1 || saltLength != digestLength || mgfOid != SignatureAlgorithms.Mgf1 || mgfHashOid != signer.DigestAlgorithmOid)
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
    }
}
