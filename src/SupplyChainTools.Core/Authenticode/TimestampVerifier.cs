using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// Verifies RFC 3161 time-stamp tokens and legacy PKCS#9 countersignatures by hand, so that
    /// tokens the platform's Rfc3161TimestampToken rejects (TSA certificate with a non-critical EKU)
    /// and old VeriSign countersignatures (bare-digest RSA payload) are still judged correctly.
    /// </summary>
    internal sealed class TimestampVerifier
    {
        private readonly ChainVerifier _chains;
        private readonly CertificateCache _certificates;

        public TimestampVerifier(ChainVerifier timestampChains, CertificateCache certificates)
        {
            _chains = timestampChains;
            _certificates = certificates;
        }

        public TimestampResult VerifyRfc3161(ReadOnlyMemory<byte> token, byte[] primarySignature)
        {
            var result = new TimestampResult("Rfc3161");
            TimestampTokenInfo info;
            CmsSignedData signedData;
            try
            {
                signedData = CmsSignedData.Decode(token);
                if (signedData.ContentType != PkcsOids.TimestampTokenInfo || signedData.Signers.Count != 1)
                {
                    result.Problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The RFC 3161 timestamp is not a time-stamp token with one signer."));
                    return result;
                }

                info = TimestampTokenInfo.Decode(signedData.Content);
            }

            catch (Exception exception) when (exception is AsnContentException || exception is FormatException || exception is CryptographicException)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The RFC 3161 timestamp cannot be decoded: " + DecodeFailure.Describe(exception)));
                return result;
            }

            string? explicitCurve = ExplicitCurveParameters.Describe(signedData.Certificates, "the timestamp");
            if (explicitCurve != null)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.NotTrusted, explicitCurve));
                return result;
            }

            result.Time = info.GeneralizedTime.UtcDateTime;
            if (!DigestAlgorithms.TryFromOid(info.HashAlgorithmOid, out HashAlgorithmName imprintAlgorithm))
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The RFC 3161 timestamp uses the unsupported imprint algorithm " + info.HashAlgorithmOid + "."));
                return result;
            }

            if (!DigestAlgorithms.FixedTimeEquals(DigestAlgorithms.Hash(imprintAlgorithm, primarySignature), info.MessageImprint))
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The RFC 3161 timestamp was issued for a different signature (message imprint mismatch)."));
            }

            var tokenCms = new SignedCms();
            SignerInfo tokenSigner;
            try
            {
                tokenCms.Decode(token.ToArray());
                tokenSigner = tokenCms.SignerInfos[0];
            }
            catch (CryptographicException exception)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The RFC 3161 timestamp cannot be decoded: " + DecodeFailure.Describe(exception)));
                return result;
            }

            // The token's structure is still decoded by SignedCms above (cheap); its signer is verified from the
            // cached certificates and public keys, with SignedCms as the fallback for what that path cannot judge.
            X509Certificate2? tsaCertificate = AuthenticodeVerifier.VerifySignatureValue(signedData, signedData.Signers[0], tokenSigner, _certificates, out string? signatureFailure);
            if (tsaCertificate == null)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The RFC 3161 timestamp does not include its signer's certificate."));
                return result;
            }

            result.SignerSubject = tsaCertificate.Subject;
            if (signatureFailure != null)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The RFC 3161 timestamp signature by '" + tsaCertificate.Subject + "' does not verify: " + signatureFailure + "."));
                return result;
            }

            string? bindingProblem = CheckSigningCertificateBinding(signedData.Signers[0], tsaCertificate);
            if (bindingProblem != null)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, bindingProblem));
                return result;
            }

            AddChainProblems(result, tsaCertificate, _certificates.GetCollection(signedData.Certificates), result.Time.Value);
            return result;
        }

        /// <summary>
        /// RFC 3161 binds the token to its TSA certificate with a signed ESS signingCertificate(V2) attribute. When the
        /// attribute is there, the certificate that verified the signature must be the one it names: otherwise a token
        /// could be re-attributed to another certificate sharing the key (or a substituted certificate). Tokens without
        /// the attribute are accepted, as Windows and OpenSSL accept them.
        /// </summary>
        internal static string? CheckSigningCertificateBinding(CmsSignerInfo signer, X509Certificate2 tsaCertificate)
        {
            CmsAttribute? v2 = signer.FindSignedAttribute(PkcsOids.SigningCertificateV2Attribute);
            CmsAttribute? v1 = signer.FindSignedAttribute(PkcsOids.SigningCertificateAttribute);
            CmsAttribute? attribute = v2 ?? v1;
            if (attribute == null)
            {
                return null;
            }

            if (attribute.Values.Count != 1)
            {
                return "The RFC 3161 timestamp's signing-certificate attribute has " + attribute.Values.Count + " values instead of one.";
            }

            try
            {
                var outer = new AsnReader(attribute.Values[0], AsnEncodingRules.BER);
                AsnReader certificates = outer.ReadSequence().ReadSequence();
                AsnReader first = certificates.ReadSequence();
                HashAlgorithmName algorithm = HashAlgorithmName.SHA1;
                if (ReferenceEquals(attribute, v2))
                {
                    algorithm = HashAlgorithmName.SHA256;
                    if (first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                    {
                        string oid = first.ReadSequence().ReadObjectIdentifier();
                        if (!DigestAlgorithms.TryFromOid(oid, out algorithm))
                        {
                            return "The RFC 3161 timestamp names its certificate with the unsupported hash algorithm " + oid + ".";
                        }
                    }
                }

                byte[] named = first.ReadOctetString();
                if (!DigestAlgorithms.FixedTimeEquals(DigestAlgorithms.Hash(algorithm, tsaCertificate.RawData), named))
                {
                    return "The RFC 3161 timestamp was signed with '" + tsaCertificate.Subject + "', which is not the certificate its signing-certificate attribute names.";
                }

                return null;
            }
            catch (Exception exception) when (exception is AsnContentException || exception is CryptographicException)
            {
                return "The RFC 3161 timestamp's signing-certificate attribute cannot be decoded: " + DecodeFailure.Describe(exception);
            }
        }

        public TimestampResult VerifyCountersignature(ReadOnlyMemory<byte> encodedSignerInfo, byte[] primarySignature, X509Certificate2Collection certificates)
        {
            var result = new TimestampResult("Authenticode");
            CmsSignerInfo counterSigner;
            byte[]? messageDigest = null;
            DateTime? signingTime = null;
            try
            {
                counterSigner = CmsSignerInfo.Decode(encodedSignerInfo);
                CmsAttribute? digestAttribute = counterSigner.FindSignedAttribute(PkcsOids.MessageDigestAttribute);
                if (digestAttribute != null && digestAttribute.Values.Count == 1)
                {
                    messageDigest = AsnDecoder.ReadOctetString(digestAttribute.Values[0].Span, AsnEncodingRules.BER, out _);
                }

                CmsAttribute? timeAttribute = counterSigner.FindSignedAttribute(PkcsOids.SigningTimeAttribute);
                if (timeAttribute != null && timeAttribute.Values.Count == 1)
                {
                    var timeReader = new AsnReader(timeAttribute.Values[0], AsnEncodingRules.BER);
                    signingTime = (timeReader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? timeReader.ReadUtcTime() : timeReader.ReadGeneralizedTime()).UtcDateTime;
                }
            }
            catch (Exception exception) when (exception is AsnContentException || exception is FormatException)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The countersignature timestamp cannot be decoded: " + DecodeFailure.Describe(exception)));
                return result;
            }

            if (messageDigest == null || signingTime == null)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The countersignature timestamp lacks its message digest or signing time."));
                return result;
            }

            result.Time = signingTime;
            if (!DigestAlgorithms.TryFromOid(counterSigner.DigestAlgorithmOid, out HashAlgorithmName hashAlgorithm))
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The countersignature timestamp uses the unsupported digest algorithm " + counterSigner.DigestAlgorithmOid + "."));
                return result;
            }

            if (!DigestAlgorithms.FixedTimeEquals(DigestAlgorithms.Hash(hashAlgorithm, primarySignature), messageDigest))
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The countersignature timestamp was issued for a different signature (message digest mismatch)."));
            }

            X509Certificate2? tsaCertificate = FindCertificate(certificates, counterSigner);
            if (tsaCertificate == null)
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The countersignature timestamp's certificate is not included in the signature."));
                return result;
            }

            result.SignerSubject = tsaCertificate.Subject;
            byte[] attributesDigest = DigestAlgorithms.Hash(hashAlgorithm, counterSigner.SignedAttributesForSignature);
            if (!SignatureMath.VerifyHash(tsaCertificate, hashAlgorithm, attributesDigest, counterSigner.Signature, allowBareRsaDigest: true))
            {
                result.Problems.Add(new SignatureProblem(AuthenticodeStatus.InvalidSignature, "The countersignature timestamp by '" + tsaCertificate.Subject + "' does not verify."));
                return result;
            }

            AddChainProblems(result, tsaCertificate, certificates, signingTime.Value);
            return result;
        }

        private void AddChainProblems(TimestampResult result, X509Certificate2 tsaCertificate, X509Certificate2Collection certificates, DateTime time)
        {
            ChainVerdict verdict = _chains.Verify(tsaCertificate, certificates, time, time);
            result.Problems.AddRange(ConvertProblems(verdict.Problems));
        }

        private static IEnumerable<SignatureProblem> ConvertProblems(IReadOnlyList<(string Status, string Message)> problems)
        {
            foreach ((string status, string message) in problems)
            {
                yield return new SignatureProblem(status, message);
            }
        }

        internal static X509Certificate2? FindCertificate(X509Certificate2Collection certificates, CmsSignerInfo signer)
        {
            foreach (X509Certificate2 certificate in certificates)
            {
                if (signer.IssuerName.Length > 0)
                {
                    if (certificate.IssuerName.RawData.AsSpan().SequenceEqual(signer.IssuerName.Span)
                        && SerialEquals(certificate.SerialNumber, signer.SerialNumber.Span))
                    {
                        return certificate;
                    }
                }
                else if (signer.SubjectKeyIdentifier.Length > 0)
                {
                    foreach (X509Extension extension in certificate.Extensions)
                    {
                        if (extension is X509SubjectKeyIdentifierExtension identifier
                            && string.Equals(identifier.SubjectKeyIdentifier, HexConverter.ToUpperHex(signer.SubjectKeyIdentifier.ToArray()), StringComparison.OrdinalIgnoreCase))
                        {
                            return certificate;
                        }
                    }
                }
            }

            return null;
        }

        private static bool SerialEquals(string certificateSerialHex, ReadOnlySpan<byte> serial)
        {
            int start = 0;
            while (start < serial.Length - 1 && serial[start] == 0)
            {
                start++;
            }

            string expected = HexConverter.ToUpperHex(serial.Slice(start).ToArray());
            string actual = certificateSerialHex.TrimStart('0');
            return string.Equals(expected.TrimStart('0'), actual, StringComparison.OrdinalIgnoreCase);
        }
    }
}
