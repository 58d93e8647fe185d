using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>
    /// An X.509 CRL read from a file for offline revocation checking. The platform's X509Chain can
    /// only consult CRLs it downloads or finds in its own cache, so CRL files given by the user are
    /// parsed and applied here, and each is used only after its signature verifies with the issuing
    /// certificate from the chain.
    /// </summary>
    internal sealed class CertificateRevocationList
    {
        private const int MaxEntries = 1_000_000;

        private readonly Dictionary<string, DateTime> _revocationTimes;
        private const int MaxCachedIssuerVerdicts = 256;

        private readonly BoundedCache<string, bool> _signatureVerdictByIssuerThumbprint = new BoundedCache<string, bool>(MaxCachedIssuerVerdicts, StringComparer.Ordinal);

        private CertificateRevocationList(byte[] issuer, byte[] signedPart, string signatureAlgorithmOid, byte[] signature, Dictionary<string, DateTime> revocationTimes, string source)
        {
            Issuer = issuer;
            SignedPart = signedPart;
            SignatureAlgorithmOid = signatureAlgorithmOid;
            Signature = signature;
            _revocationTimes = revocationTimes;
            Source = source;
        }

        public byte[] Issuer { get; }

        public string Source { get; }

        private byte[] SignedPart { get; }

        private string SignatureAlgorithmOid { get; }

        private byte[] Signature { get; }

        /// <summary>Every CRL of a PEM file (X509 CRL blocks) or the one CRL of a DER file.</summary>
        public static List<CertificateRevocationList> Load(string path)
        {
            byte[] content = InputFileOpener.ReadAllBytes(path, InputKind.RevocationList);
            var result = new List<CertificateRevocationList>();
            foreach (byte[] der in PemReader.ReadBlocks(content, "-----BEGIN X509 CRL-----", "-----END X509 CRL-----"))
            {
                result.Add(Decode(der, path));
            }

            if (result.Count == 0)
            {
                result.Add(Decode(content, path));
            }

            return result;
        }

        public static CertificateRevocationList Decode(byte[] der, string source)
        {
            try
            {
                var reader = new AsnReader(der, AsnEncodingRules.DER);
                AsnReader certificateList = reader.ReadSequence();
                byte[] signedPart = certificateList.PeekEncodedValue().ToArray();
                AsnReader tbs = certificateList.ReadSequence();
                if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
                {
                    tbs.ReadInteger();
                }

                tbs.ReadSequence();
                byte[] issuer = tbs.ReadEncodedValue().ToArray();
                ReadTime(tbs);
                if (tbs.HasData && IsTime(tbs.PeekTag()))
                {
                    ReadTime(tbs);
                }

                var revocationTimes = new Dictionary<string, DateTime>(StringComparer.Ordinal);
                if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    AsnReader entries = tbs.ReadSequence();
                    while (entries.HasData)
                    {
                        if (revocationTimes.Count >= MaxEntries)
                        {
                            throw new InvalidDataException("The CRL '" + source + "' has more than " + MaxEntries + " entries.");
                        }

                        AsnReader entry = entries.ReadSequence();
                        string serial = SerialKey(entry.ReadIntegerBytes().Span);
                        DateTime revoked = ReadTime(entry);
                        revocationTimes[serial] = revoked;
                    }
                }

                AsnReader algorithm = certificateList.ReadSequence();
                string signatureAlgorithmOid = algorithm.ReadObjectIdentifier();
                byte[] signature = certificateList.ReadBitString(out _);
                return new CertificateRevocationList(issuer, signedPart, signatureAlgorithmOid, signature, revocationTimes, source);
            }
            catch (AsnContentException exception)
            {
                throw new InvalidDataException("'" + source + "' is not a valid X.509 CRL.", exception);
            }
        }

        /// <summary>When <paramref name="certificate"/> (issued by <paramref name="issuer"/>) is listed, its revocation time.</summary>
        public DateTime? FindRevocation(X509Certificate2 certificate, X509Certificate2 issuer)
        {
            if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(Issuer))
            {
                return null;
            }

            string serial = SerialKey(Hashing.HexConverter.FromHex(certificate.SerialNumber));
            if (!_revocationTimes.TryGetValue(serial, out DateTime revoked))
            {
                return null;
            }

            bool signatureValid = _signatureVerdictByIssuerThumbprint.GetOrAdd(issuer.Thumbprint, _ => VerifySignature(issuer));
            return signatureValid ? revoked : (DateTime?)null;
        }

        public bool IsIssuedBy(X509Certificate2 issuer) =>
            issuer.SubjectName.RawData.AsSpan().SequenceEqual(Issuer)
            && _signatureVerdictByIssuerThumbprint.GetOrAdd(issuer.Thumbprint, _ => VerifySignature(issuer));

        private bool VerifySignature(X509Certificate2 issuer)
        {
            if (!SignatureAlgorithms.TryGetDigest(SignatureAlgorithmOid, out HashAlgorithmName hashAlgorithm, out _))
            {
                return false;
            }

            byte[] hash = DigestAlgorithms.Hash(hashAlgorithm, SignedPart);
            return SignatureMath.VerifyHash(issuer, hashAlgorithm, hash, Signature, allowBareRsaDigest: false);
        }

        private static bool IsTime(Asn1Tag tag) =>
            tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

        private static DateTime ReadTime(AsnReader reader)
        {
            DateTimeOffset time = reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime)
                ? reader.ReadUtcTime()
                : reader.ReadGeneralizedTime();
            return time.UtcDateTime;
        }

        private static string SerialKey(ReadOnlySpan<byte> serial)
        {
            int start = 0;
            while (start < serial.Length - 1 && serial[start] == 0)
            {
                start++;
            }

            return BitConverter.ToString(serial.Slice(start).ToArray());
        }

    }
}
